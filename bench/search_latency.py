"""Kennisbank search latency on the real OpenSearch node with 100 000 documents, and thesaurus-edit-to-live time.

The shared corpus is imported and composed for its three gemeenten; their kennisbank documents (with their
embeddings) are then copied for synthetic gemeenten until the index holds ``--documenten`` documents, as 342
gemeenten with ~300 items each would. Queries are the project's relevance questions (each asked once per round,
so the query embedding is computed, not cached), each for a random gemeente, through the hub's search service
exactly as agents and the API use it. Reported separately:

- ``woorden``: the word-based side only (BM25 + Dutch analysis + thesaurus), KENNISBANK_SEMANTISCH off;
- ``volledig``: BM25 and semantic retrieval fused (query embedding included), with the gemeente's vectors warm
  in the process (an agent's process serves its own gemeente all day);
- ``eerste_van_gemeente``: the first search for a gemeente in a process (its vectors are read from the index);
- ``woorden_na_publicaties``, ``volledig_na_publicaties``: the same again after 10 % of the documents were written
  anew one at a time, as the kennisbank publisher writes them between two nightly merges (``kennisbank-samenvoegen``):
  the index then has more segments than the one a rebuild leaves, and each costs every search;
- ``woorden_na_bijhouden``, ``volledig_na_bijhouden``: the same once more after the daytime task
  (``kennisbank-bijhouden``) merged those small segments into one beside the large one, as it does every few minutes;
- ``inbedding_plaatsing``: where the query's embedding runs, in alternating rounds of one run: beside the word query
  on one OpenMP thread (what the hub does), beside it on two threads, and after it on two (the order before);
- ``inbedding_alleen``: the query's embedding on its own, nothing beside it, with the questions' token counts: the
  floor under ``volledig`` on this host, whatever the search around it does.

The filled index is merged into one segment first, as ``contenthub kennisbank rebuild`` does before it swaps the
alias: the bench stands for a national kennisbank built by a rebuild. Goal (kennisbank issue): p95 ≤ 50 ms.
The machine's own speed is measured at the start and the end (``hostreferentie_ms``: a fixed pure-Python task;
higher is slower), since a shared build machine's speed varies by the hour: compare runs by it.
Thesaurus: a new synonym group is saved, and the time until a search uses it.
Usage: DATABASE_URL=postgres://… OPENSEARCH_URL=http://… .venv/bin/python bench/search_latency.py [--documenten 100000]
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "bench"))

from _pijplijn import kennisbank_opzet  # noqa: E402

kennisbank_opzet("bench-zoeklatentie")

from _pijplijn import hostreferentie, leeg_hub, percentiel  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from opensearchpy.helpers import bulk, scan  # noqa: E402

from contenthub.kennisbank import zoeken  # noqa: E402
from contenthub.kennisbank.herbouw import herbouw  # noqa: E402
from contenthub.kennisbank.models import Synoniemgroep  # noqa: E402
from contenthub.kennisbank.zoeken import Zoekvraag, _client, zoek  # noqa: E402
from publishers.kennisbank import KennisbankPublisher, document_id  # noqa: E402

CORPUS = PROJECT.parent / "shared" / "corpus"


def vul(client, alias: str, doel: int) -> list[str]:
    """Copy the three gemeenten's documents for synthetic gemeenten up to ``doel`` documents; returns all slugs."""
    bron = [h["_source"] for h in scan(client, index=alias, query={"query": {"match_all": {}}})]
    echte = sorted({d["gemeente"] for d in bron})
    per_gemeente = {g: [d for d in bron if d["gemeente"] == g] for g in echte}
    slugs, totaal, n = list(echte), len(bron), 0

    def acties():
        nonlocal totaal, n
        while totaal < doel:
            n += 1
            slug = f"synthetisch-{n:04d}"
            slugs.append(slug)
            for d in per_gemeente[echte[n % len(echte)]]:
                if totaal >= doel:
                    return
                totaal += 1
                yield {"_index": alias, "_id": document_id(slug, d["soort"], d["uuid"]), "_source": d | {"gemeente": slug}}

    bulk(client, acties(), chunk_size=1000, request_timeout=300)
    client.indices.refresh(index=alias)
    return slugs


def wacht_op_samenvoegen(client, alias: str, maximaal: float = 600) -> float:
    """Wait until the node has finished merging the segments of the bulk load: for minutes after 100 000 documents
    it merges on the same two cores, and the searches measured meanwhile would report that, not the steady state in
    which agents search (the kennisbank publisher's writes are a few documents at a time)."""
    begin = time.perf_counter()
    client.indices.refresh(index=alias)
    while time.perf_counter() - begin < maximaal:
        samen = client.indices.stats(index=alias, metric="merge")["_all"]["total"]["merges"]
        if not samen["current"]:
            break
        time.sleep(2)
    return time.perf_counter() - begin


def publiceer_opnieuw(client, alias: str, aandeel: float, rng: random.Random) -> int:
    """Write ``aandeel`` of the documents again, one request each from four threads, as the publisher's workers do
    between two nightly merges; then wait until the node's own merging is done. Returns how many were written."""
    from concurrent.futures import ThreadPoolExecutor

    ids = [h["_id"] for h in scan(client, index=alias, query={"query": {"match_all": {}}, "_source": False})]
    gekozen = rng.sample(ids, int(len(ids) * aandeel))

    def schrijf(doc_id: str) -> None:
        client.index(index=alias, id=doc_id, body=client.get(index=alias, id=doc_id)["_source"])

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(schrijf, gekozen))
    wacht_op_samenvoegen(client, alias)
    return len(gekozen)


def meet_volledig(vragen: list[str], slugs: list[str], rng: random.Random, rondes: int) -> dict:
    """Fused search (query embedding included, every query embedded afresh), the gemeenten's vectors warm."""
    from contenthub.kennisbank import inbedding

    settings.KENNISBANK_SEMANTISCH = True
    for slug in slugs:
        zoek(Zoekvraag(tekst="paspoort", gemeente=slug))
    duren = []
    for _ in range(rondes):
        inbedding._vragen.clear()
        duren += meet(vragen, slugs, rng)
    return samenvatting(duren)


def meet(vragen: list[str], slugs: list[str], rng: random.Random) -> list[float]:
    duren = []
    for tekst in vragen:
        gemeente = rng.choice(slugs)
        begin = time.perf_counter()
        zoek(Zoekvraag(tekst=tekst, gemeente=gemeente, intern=True))
        duren.append(time.perf_counter() - begin)
    return duren


class _NaDeWoorden:
    """The previous order, for the comparison: the question embedded in the search's own thread when the fusion
    needs it (after the word query), on ``draden`` OpenMP threads."""

    def __init__(self, tekst: str, draden: int):
        self.tekst, self.draden = tekst, draden

    def result(self):
        from contenthub.kennisbank import inbedding

        if inbedding._gomp() is not None:
            inbedding._gomp().omp_set_num_threads(self.draden)
        with inbedding._slot:
            return inbedding._e5().query(" ".join(self.tekst.lower().split()))


def vergelijk_inbedding(vragen: list[str], slugs: list[str], rondes: int) -> dict:
    """Where the query's embedding runs, compared in one run (rounds alternate, in a shuffled order per round, since
    a shared host's speed moves within minutes): beside the word query on one OpenMP thread (the hub), beside it on
    two, and after it on two (the order before)."""
    from contenthub.kennisbank import inbedding

    hub = zoeken.OpenSearchZoeker._stand_en_inbedding

    def naast(draden: int):
        def stand_en_inbedding(self, vraag):
            inbedding.VRAAG_DRADEN = draden
            return hub(self, vraag)

        return stand_en_inbedding

    def erna(self, vraag):
        stand, vraag = self._stand(vraag)
        return stand, vraag, _NaDeWoorden(vraag.tekst, 2)

    varianten = {"naast_een_draad": naast(1), "naast_twee_draden": naast(2), "erna_twee_draden": erna}
    duren: dict[str, list[float]] = {naam: [] for naam in varianten}
    oorspronkelijk = inbedding.VRAAG_DRADEN
    try:
        for ronde in range(rondes):
            for naam, variant in random.Random(100 + ronde).sample(list(varianten.items()), len(varianten)):  # noqa: S311
                zoeken.OpenSearchZoeker._stand_en_inbedding = variant
                inbedding._vragen.clear()
                duren[naam] += meet(vragen, slugs, random.Random(ronde))  # noqa: S311 - the same gemeenten per variant
    finally:
        zoeken.OpenSearchZoeker._stand_en_inbedding = hub
        inbedding.VRAAG_DRADEN = oorspronkelijk
    return {naam: samenvatting(d) for naam, d in duren.items()}


def meet_inbedding(vragen: list[str], rondes: int) -> dict:
    """The query's embedding alone, as the search computes it (``inbedding._vraag``: one OpenMP thread, the cache
    emptied per round), with nothing beside it: the floor under the fused search's figures on this host."""
    from contenthub.kennisbank import inbedding

    duren = []
    for _ in range(rondes):
        inbedding._vragen.clear()
        for tekst in vragen:
            begin = time.perf_counter()
            inbedding._vraag(" ".join(tekst.lower().split()))
            duren.append(time.perf_counter() - begin)
    tokens = sorted(inbedding._e5().token_count(tekst, True) for tekst in vragen)
    return samenvatting(duren) | {"tokens_p50": tokens[len(tokens) // 2], "tokens_max": tokens[-1]}


def samenvatting(duren: list[float]) -> dict:
    return {
        "n": len(duren),
        "p50_ms": round(percentiel(duren, 0.5) * 1000, 1),
        "p95_ms": round(percentiel(duren, 0.95) * 1000, 1),
        "max_ms": round(max(duren) * 1000, 1),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documenten", type=int, default=100_000)
    parser.add_argument("--rondes", type=int, default=2)
    args = parser.parse_args()

    referentie = [hostreferentie()]
    print(f"Snelheid van deze machine: {referentie[0]:.0f} ms voor de vaste rekenklus (hoger is trager)", flush=True)
    leeg_hub()
    print("Gedeeld corpus importeren en de kennisbank bouwen …", flush=True)
    call_command("import_corpus", str(CORPUS), verbosity=0)
    herbouw()
    client = _client(settings.OPENSEARCH_URL)
    begin = time.perf_counter()
    slugs = vul(client, settings.KENNISBANK_ALIAS, args.documenten)
    aantal = client.count(index=settings.KENNISBANK_ALIAS)["count"]
    print(f"  {aantal} documenten voor {len(slugs)} gemeenten in {time.perf_counter() - begin:.0f} s", flush=True)
    rustig = wacht_op_samenvoegen(client, settings.KENNISBANK_ALIAS)
    print(f"  de node voegde de segmenten van het bulkladen samen in {rustig:.0f} s", flush=True)
    publisher = KennisbankPublisher(settings.OPENSEARCH_URL, alias=settings.KENNISBANK_ALIAS)
    begin = time.perf_counter()
    voor, na = publisher.voeg_samen()  # as the rebuild does before it swaps the alias
    print(f"  samengevoegd zoals na een herbouw: {voor} → {na} segment(en) in {time.perf_counter() - begin:.0f} s", flush=True)

    vragen = [v["vraag"] for v in json.loads((PROJECT / "bench" / "vragen" / "relevantie.json").read_text())]
    rng = random.Random(7)  # noqa: S311 - a reproducible choice of gemeenten, not a secret
    warm = rng.sample(slugs, 20)  # the gemeenten whose vectors the process has read once
    uitkomst: dict = {}

    settings.KENNISBANK_SEMANTISCH = False
    meet(vragen[:20], warm, rng)  # warm up the node's caches
    uitkomst["woorden"] = samenvatting([d for _ in range(args.rondes) for d in meet(vragen, warm, rng)])
    settings.KENNISBANK_SEMANTISCH = True
    koud = []
    for slug in warm:
        zoeken._vectoren.clear()
        start = time.perf_counter()
        zoek(Zoekvraag(tekst="paspoort", gemeente=slug))
        koud.append(time.perf_counter() - start)
    uitkomst["eerste_van_gemeente"] = samenvatting(koud)
    uitkomst["volledig"] = meet_volledig(vragen, warm, rng, args.rondes)
    for naam in ("woorden", "volledig", "eerste_van_gemeente"):
        print(f"  {naam:<24} {uitkomst[naam]}")
    begin = time.perf_counter()
    geschreven = publiceer_opnieuw(client, settings.KENNISBANK_ALIAS, 0.10, rng)
    uitkomst["segmenten_na_publicaties"] = publisher.segmenten()
    print(
        f"  {geschreven} documenten opnieuw gepubliceerd in {time.perf_counter() - begin:.0f} s: "
        f"{uitkomst['segmenten_na_publicaties']} segmenten",
        flush=True,
    )
    settings.KENNISBANK_SEMANTISCH = False
    uitkomst["woorden_na_publicaties"] = samenvatting([d for _ in range(args.rondes) for d in meet(vragen, warm, rng)])
    uitkomst["volledig_na_publicaties"] = meet_volledig(vragen, warm, rng, args.rondes)
    for naam in ("woorden_na_publicaties", "volledig_na_publicaties"):
        print(f"  {naam:<24} {uitkomst[naam]}")
    begin = time.perf_counter()
    voor, na = publisher.voeg_samen(tot=2)  # as kennisbank-bijhouden does every few minutes
    uitkomst["bijhouden_ms"] = round((time.perf_counter() - begin) * 1000, 1)
    print(f"  bijgehouden: {voor} → {na} segmenten in {uitkomst['bijhouden_ms']:.0f} ms", flush=True)
    settings.KENNISBANK_SEMANTISCH = False
    uitkomst["woorden_na_bijhouden"] = samenvatting([d for _ in range(args.rondes) for d in meet(vragen, warm, rng)])
    uitkomst["volledig_na_bijhouden"] = meet_volledig(vragen, warm, rng, args.rondes)
    for naam in ("woorden_na_bijhouden", "volledig_na_bijhouden"):
        print(f"  {naam:<24} {uitkomst[naam]}")

    uitkomst["inbedding_plaatsing"] = vergelijk_inbedding(vragen, warm, max(args.rondes, 3))
    print("  waar de inbedding van de vraag draait (afwisselende rondes in één meting):")
    for naam, cijfers in uitkomst["inbedding_plaatsing"].items():
        print(f"    {naam:<22} {cijfers}")

    uitkomst["inbedding_alleen"] = meet_inbedding(vragen, args.rondes)
    print(f"  alleen de inbedding van de vraag (de ondergrens van de gefuseerde zoekvraag): {uitkomst['inbedding_alleen']}")

    # thesaurus edit → live: save a group, then search until the expansion is used
    gemeente = warm[0]
    begin = time.perf_counter()
    groep = Synoniemgroep.objects.create(termen="snorfiets\nbromfiets", bron="redactie")
    while "bromfiets" not in zoek(Zoekvraag(tekst="snorfiets kenteken", gemeente=gemeente)).uitbreidingen:
        time.sleep(0.01)
    live = time.perf_counter() - begin
    groep.delete()
    uitkomst["thesaurus_bewerking_tot_live_ms"] = round(live * 1000, 1)
    print(f"  thesauruswijziging live na {live * 1000:.0f} ms (zonder herbouw, zonder herstart; geen zoekvraag mislukt)")
    for naam in ("volledig", "volledig_na_publicaties", "volledig_na_bijhouden"):
        gehaald = uitkomst[naam]["p95_ms"] <= 50
        print(f"  {'gehaald ' if gehaald else 'NIET    '} doel p95 ≤ 50 ms ({naam})")

    referentie.append(hostreferentie())
    print(f"  snelheid van deze machine aan het begin en het eind: {referentie[0]:.0f} en {referentie[1]:.0f} ms")
    uit = PROJECT / "bench" / "results" / "search_latency.json"
    uitkomst |= {
        "hostreferentie_ms": referentie,
        "documenten": aantal,
        "gemeenten": len(slugs),
        "vragen_per_ronde": len(vragen),
        "python": platform.python_version(),
    }
    uit.write_text(json.dumps(uitkomst, indent=2) + "\n")
    print(f"geschreven: {uit.relative_to(PROJECT)}")
    for index in client.indices.get_alias(name=settings.KENNISBANK_ALIAS):
        client.indices.delete(index=index)


if __name__ == "__main__":
    main()
