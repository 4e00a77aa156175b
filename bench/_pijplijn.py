"""Shared by the pipeline benchmarks: real parts only (PostgreSQL, Redis, Celery worker processes, OpenSearch,
the reference website and bot platform; for Mastodon, which cannot run here, the double of its API), a clean
hub, and waiting for the ledger.

Needs DATABASE_URL (PostgreSQL), REDIS_URL and OPENSEARCH_URL, e.g. the services bin/test starts, or your own.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))


def vereist() -> None:
    ontbreekt = [n for n in ("DATABASE_URL", "REDIS_URL", "OPENSEARCH_URL") if not os.environ.get(n)]
    if ontbreekt or not os.environ["DATABASE_URL"].startswith("postgres"):
        sys.exit(
            "Deze benchmark meet de echte pijplijn en heeft PostgreSQL (DATABASE_URL=postgres://…), Redis (REDIS_URL) "
            f"en OpenSearch (OPENSEARCH_URL) nodig. Ontbreekt: {', '.join(ontbreekt) or 'DATABASE_URL is geen PostgreSQL'}."
        )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contenthub.conf.dev")
    os.environ.setdefault("KENNISBANK_ALIAS", f"contenthub-bench-{os.getpid()}")
    os.environ.setdefault("INLOGBLOKKADE", "false")


def kennisbank_opzet(alias: str) -> None:
    """Django for a kennisbank benchmark, in this process: OpenSearch is required, tasks run in-process (these
    benchmarks measure the search, not the pipeline), and the benchmark's own alias keeps other indices untouched."""
    if not os.environ.get("OPENSEARCH_URL"):
        sys.exit("Deze benchmark heeft OpenSearch nodig: OPENSEARCH_URL=http://…")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contenthub.conf.base")
    os.environ.update({"REDIS_URL": "", "KENNISBANK_ALIAS": alias})
    import django

    django.setup()


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Processen:
    """The receivers and two Celery workers (editors' queues; bulk queue), stopped on exit."""

    def __init__(self):
        self.map = Path(tempfile.mkdtemp(prefix="contenthub-bench-"))
        self.processen: list[subprocess.Popen] = []

    def _ontvanger(self, script: str, naam: str) -> tuple[str, str]:
        from publishers.webhook import nieuw_geheim

        poort, geheim = vrije_poort(), nieuw_geheim()
        opdracht = [sys.executable, str(PROJECT / script), "--poort", str(poort), "--opslag", str(self.map / naam)]
        self.processen.append(subprocess.Popen([*opdracht, "--geheim", geheim], stdout=subprocess.DEVNULL))
        url = f"http://127.0.0.1:{poort}"
        import httpx

        for _ in range(100):
            try:
                httpx.get(f"{url}/health")
                return url, geheim
            except httpx.TransportError:
                time.sleep(0.1)
        raise SystemExit(f"{script} start niet.")

    def website(self) -> tuple[str, str]:
        return self._ontvanger("examples/website/ontvanger.py", "website")

    def chatbot(self) -> tuple[str, str]:
        return self._ontvanger("examples/chatbot/ontvanger.py", "chatbot")

    def mastodon(self) -> str:
        """The Mastodon double (no Mastodon server runs here), without a practical rate limit."""
        proces = subprocess.Popen(
            [sys.executable, str(PROJECT / "tests/dubbels/mastodon.py"), "--poort", "0", "--limiet", "1000000"],
            stdout=subprocess.PIPE,
            text=True,
        )
        self.processen.append(proces)
        regel = proces.stdout.readline().strip()
        if not regel.startswith("klaar op "):
            raise SystemExit(f"De Mastodon-dubbel start niet: {regel}")
        return regel.removeprefix("klaar op ")

    def kanalen(self) -> None:
        """Every publication channel connected: website and bot platform (reference receivers), Mastodon (double);
        the kennisbank is the OpenSearch node."""
        from contenthub.publicatie.models import Aansluiting
        from publishers.registry import publisher

        for kanaal, (url, geheim) in (("website", self.website()), ("chatbot", self.chatbot())):
            Aansluiting.objects.create(kanaal=kanaal, url=f"{url}/{{gemeente}}/webhook", geheim=geheim)
        Aansluiting.objects.create(kanaal="social", url=self.mastodon(), geheim="bench-token")
        publisher("kennisbank").zorg_voor_index()

    def workers(self, gelijktijdig: int = 2) -> None:
        from contenthub.celery import app

        for naam, wachtrijen in (("redactie", "spoed,redactie"), ("bulk", "bulk")):
            self.processen.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "celery",
                        "-A",
                        "contenthub",
                        "worker",
                        "-Q",
                        wachtrijen,
                        f"--concurrency={gelijktijdig}",
                        f"--loglevel={os.environ.get('BENCH_LOGNIVEAU', 'WARNING')}",
                        f"--logfile={self.map / naam}.log",
                        "--without-gossip",
                        "--without-mingle",
                        "-n",
                        f"bench-{naam}-{os.getpid()}@%h",
                    ],
                    env=os.environ.copy(),
                    cwd=PROJECT,
                )
            )
        for _ in range(120):
            if len(app.control.ping(timeout=0.5)) >= 2:
                return
        raise SystemExit("De Celery-workers reageren niet.")

    def stop(self) -> None:
        for p in self.processen:
            p.terminate()
        for p in self.processen:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()


def leeg_hub() -> None:
    """Migrated, without content or ledger (Wagtail's root page and site stay)."""
    from django.core.management import call_command
    from wagtail.models import ModelLogEntry, Revision, WorkflowState
    from wagtail.search.models import IndexEntry

    from contenthub.content.models import GemeentelijkeAanvulling, Kennisartikel, PersoonlijkSjabloon, VraagAntwoord
    from contenthub.core.models import Gemeente
    from contenthub.publicatie.models import Aansluiting, Afhandeling, Gebeurtenis, Levering, LeveringHistorie, Payload
    from contenthub.redactie.models import AanvullingBeoordeling

    call_command("migrate", verbosity=0)
    for model in (
        WorkflowState,
        AanvullingBeoordeling,
        VraagAntwoord,
        GemeentelijkeAanvulling,
        Kennisartikel,
        PersoonlijkSjabloon,
        Revision,
        ModelLogEntry,
        IndexEntry,
    ):
        model.objects.all().delete()
    for gemeente in Gemeente.objects.all():
        groep = gemeente.redactiegroep
        gemeente.delete()
        if groep is not None:
            groep.delete()
    for model in (Afhandeling, Gebeurtenis, LeveringHistorie, Payload, Levering, Aansluiting):
        model.objects.all().delete()


def percentiel(waarden: list[float], p: float) -> float:
    geordend = sorted(waarden)
    k = (len(geordend) - 1) * p
    laag = int(k)
    hoog = min(laag + 1, len(geordend) - 1)
    return geordend[laag] + (geordend[hoog] - geordend[laag]) * (k - laag)


def hostreferentie() -> float:
    """Milliseconds for a fixed piece of pure-Python work (10 million additions, the best of three).

    Shared build machines differ in speed from hour to hour (the same commit's search p95 moved 49 → 66 ms within a
    day): a latency figure says little without it. Compare runs by it: a run with a higher figure ran on a slower
    machine."""
    beste = float("inf")
    for _ in range(3):
        begin = time.perf_counter()
        totaal = 0
        for i in range(10_000_000):
            totaal += i
        beste = min(beste, time.perf_counter() - begin)
    return round(beste * 1000, 1)
