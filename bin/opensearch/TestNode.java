import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * A single-node OpenSearch 2.19 for the test suite: bin/test starts it on a free port in a temporary
 * directory and kills it at the end. Blocks until killed (the runner's own main exits when stdin closes).
 * Usage: java -cp 'lib/*:.' TestNode PORT DIR
 */
public class TestNode {
    public static void main(String[] args) throws Exception {
        String port = args[0];
        String dir = args[1];
        OpenSearchRunner runner = new OpenSearchRunner();
        runner.onBuild((number, settings) -> {
            settings.put("http.port", port);
            settings.put("discovery.type", "single-node");
            settings.put("network.host", "127.0.0.1");
        });
        runner.build(OpenSearchRunner.newConfigs().basePath(dir).numOfNode(1).clusterName("contenthub-test").disableESLogger());
        runner.ensureYellow();
        System.out.println("OpenSearch klaar op poort " + port);
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try { runner.close(); runner.clean(); } catch (Exception e) { }
        }));
        Thread.currentThread().join();
    }
}
