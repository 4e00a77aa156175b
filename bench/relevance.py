"""Relevance of the KCC kennisbank search: recall@5 and MRR per query kind, beside a KISS-style baseline.

The query set lives in the project (``bench/vragen/relevantie.json``, checked by ``bench/vragen/controle.py``:
citizen-phrased questions never contain their target's title, vraag or trefwoorden after stemming). The shared
corpus is imported, the kennisbank rebuilt on the real OpenSearch node, and every query is run three ways on the
same index, in the same run:

- ``kiss``: what KISS does: one fuzzy ``multi_match`` over title and text that must match every word, standard
  analysis (no Dutch stemming), no synonyms, no gemeente boost (filtered on the gemeente, as KISS reads one
  gemeente's Objecten API);
- ``kiss_nl``: the same with Dutch analysis (stemming, stop words), the first thing a team would try;
- ``kiss_of``: ``kiss_nl`` where any word may match (``operator: or``): a citizen's sentence never has every word
  in one item, so this is the fairer baseline for citizens' questions (the issue's 0.36–0.50);
- ``contenthub``: the hub's search service (``contenthub.kennisbank.zoeken``), exactly as agents and the API use it;
- ``ingebed``: the same service on the embedded kennisbank (the database table ``bin/run`` uses without OpenSearch),
  rebuilt from the same content: how much lower its quality is;
- ``contenthub_trefwoorden``: the same after switching on every thesaurus group proposed from the trefwoorden
  (``contenthub kennisbank thesaurus-voorstellen``), reported below the table.

A hit is any of the query's ``doelen`` (soort + uuid). Goals (kennisbank issue): productnaam and typefout
recall@5 ≥ 0.99 and MRR ≥ 0.97; burgertaal recall@5 ≥ 0.90 and MRR ≥ 0.80; ahead of the baseline on every kind.

Usage: DATABASE_URL=postgres://… OPENSEARCH_URL=http://… .venv/bin/python bench/relevance.py [--vragen PAD] [--corpus MAP]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "bench"))

from _pijplijn import kennisbank_opzet  # noqa: E402

kennisbank_opzet("bench-relevantie")

from _pijplijn import leeg_hub  # noqa: E402
from django.core.management import call_command  # noqa: E402
from vragen.controle import laad_corpus, laad_vragen, schendingen  # noqa: E402

from contenthub.kennisbank.herbouw import _herbouw_database, herbouw  # noqa: E402
from contenthub.kennisbank.zoeken import DatabaseZoeker, Zoekvraag, _client, zoek  # noqa: E402

CORPUS = PROJECT.parent / "shared" / "corpus"
VRAGEN = PROJECT / "bench" / "vragen" / "relevantie.json"
BUITEN = PROJECT / "bench" / "vragen" / "buiten.json"  # questions the kennisbank cannot answer (hand-off expected)
DOELEN = {"productnaam": (0.99, 0.97), "typefout": (0.99, 0.97), "burgertaal": (0.90, 0.80)}


def kiss(tekst: str, gemeente: str, velden: list[str], operator: str = "and") -> list[tuple[str, str]]:
    from django.conf import settings

    body = {
        "size": 10,
        "_source": ["soort", "uuid"],
        "query": {
            "bool": {
                "must": [{"multi_match": {"query": tekst, "fields": velden, "fuzziness": "AUTO", "operator": operator}}],
                "filter": [{"term": {"gemeente": gemeente}}],
            }
        },
    }
    hits = _client(settings.OPENSEARCH_URL).search(index=settings.KENNISBANK_ALIAS, body=body)["hits"]["hits"]
    return [(h["_source"]["soort"], h["_source"]["uuid"]) for h in hits]


def contenthub(tekst: str, gemeente: str) -> list[tuple[str, str]]:
    treffers = zoek(Zoekvraag(tekst=tekst, gemeente=gemeente, intern=True, limiet=10)).treffers
    return [(t.soort, t.uuid) for t in treffers]


def ingebed(tekst: str, gemeente: str) -> list[tuple[str, str]]:
    treffers = DatabaseZoeker().zoek(Zoekvraag(tekst=tekst, gemeente=gemeente, intern=True, limiet=10)).treffers
    return [(t.soort, t.uuid) for t in treffers]


ZOEKERS = {
    "kiss": lambda t, g: kiss(t, g, ["titel.standaard", "tekst.standaard"]),
    "kiss_nl": lambda t, g: kiss(t, g, ["titel", "tekst"]),
    "kiss_of": lambda t, g: kiss(t, g, ["titel", "tekst"], "or"),
    "contenthub": contenthub,
    "ingebed": ingebed,
}


def rang(resultaten: list[tuple[str, str]], doelen: list[dict]) -> int | None:
    gezocht = {(d["soort"], d["uuid"]) for d in doelen}
    return next((i + 1 for i, r in enumerate(resultaten) if r in gezocht), None)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vragen", type=Path, default=VRAGEN, help="de vragenset (standaard bench/vragen/relevantie.json)")
    parser.add_argument(
        "--corpus", type=Path, default=CORPUS, help="de corpusmap (standaard ../shared/corpus); de vragen moeten erbij horen"
    )
    args = parser.parse_args()

    vragen = laad_vragen(args.vragen)
    corpus = laad_corpus(args.corpus)
    fouten = schendingen(vragen, corpus)
    if fouten:
        print("De vragenset voldoet niet aan haar eigen regels:", *fouten, sep="\n  ")
        sys.exit(1)
    leeg_hub()
    print("Gedeeld corpus importeren en de kennisbank herbouwen …", flush=True)
    call_command("import_corpus", str(args.corpus), verbosity=0)
    herbouw()
    _herbouw_database(lambda _: None)  # the embedded kennisbank from the same content, for ``ingebed``

    per_vraag = []
    duur = {naam: 0.0 for naam in ZOEKERS}
    for v in vragen:
        regel = {"id": v["id"], "soort": v["soort"], "vraag": v["vraag"], "gemeente": v["gemeente"]}
        for naam, zoeker in ZOEKERS.items():
            begin = time.perf_counter()
            regel[naam] = rang(zoeker(v["vraag"], v["gemeente"]), v["doelen"])
            duur[naam] += time.perf_counter() - begin
        per_vraag.append(regel)

    soorten = sorted({v["soort"] for v in vragen}, key=lambda s: list(DOELEN).index(s) if s in DOELEN else 9)
    samenvatting: dict = {}
    print(f"\n{'soort':<13}{'n':>4}  " + "".join(f"{naam + ' r@5':>16}{'MRR':>7}" for naam in ZOEKERS))
    for soort in soorten:
        rijen = [r for r in per_vraag if r["soort"] == soort]
        samenvatting[soort] = {"n": len(rijen)}
        cellen = []
        for naam in ZOEKERS:
            recall = sum(1 for r in rijen if r[naam] and r[naam] <= 5) / len(rijen)
            mrr = sum(1 / r[naam] for r in rijen if r[naam]) / len(rijen)
            samenvatting[soort][naam] = {"recall_at_5": round(recall, 3), "mrr": round(mrr, 3)}
            cellen.append(f"{recall:>16.2f}{mrr:>7.2f}")
        print(f"{soort:<13}{len(rijen):>4}  " + "".join(cellen))

    print()
    for soort, (doel_r, doel_mrr) in DOELEN.items():
        if soort in samenvatting:
            hub = samenvatting[soort]["contenthub"]
            gehaald = hub["recall_at_5"] >= doel_r and hub["mrr"] >= doel_mrr
            print(f"  {'gehaald ' if gehaald else 'NIET     '} {soort}: recall@5 ≥ {doel_r}, MRR ≥ {doel_mrr}")
    basislijnen = [n for n in ZOEKERS if n.startswith("kiss")]
    voor = all(
        samenvatting[s]["contenthub"]["mrr"] > samenvatting[s][b]["mrr"]
        or samenvatting[s]["contenthub"]["recall_at_5"] > samenvatting[s][b]["recall_at_5"]
        for s in samenvatting
        for b in basislijnen
    )
    print(f"  {'gehaald ' if voor else 'NIET     '} voor op elke KISS-basislijn ({', '.join(basislijnen)}) bij elke soort")
    from django.conf import settings

    # The confidence as the chatbot sees it: its search has no intern fields, so it can differ from the agent's.
    drempel = settings.CHATBOT_MIN_ZEKERHEID
    goed, fout = [], []
    for r, v in zip(per_vraag, vragen, strict=True):
        treffers = zoek(Zoekvraag(tekst=v["vraag"], gemeente=v["gemeente"], limiet=5)).treffers
        r["zekerheid"] = treffers[0].zekerheid if treffers else 0.0
        (goed if rang([(t.soort, t.uuid) for t in treffers], v["doelen"]) == 1 else fout).append(r["zekerheid"])
    # questions the kennisbank cannot answer, asked in the gemeenten this corpus has
    buiten_vragen = [v for v in json.loads(BUITEN.read_text()) if v["gemeente"] in corpus["gemeenten"]]
    buiten = []
    for v in buiten_vragen:
        treffers = zoek(Zoekvraag(tekst=v["vraag"], gemeente=v["gemeente"], limiet=5)).treffers
        buiten.append(treffers[0].zekerheid if treffers else 0.0)
    kalibratie = {
        "drempel": drempel,
        "eerste_goed_beantwoord": round(sum(z >= drempel for z in goed) / max(len(goed), 1), 3),
        "eerste_fout_overgedragen": round(sum(z < drempel for z in fout) / max(len(fout), 1), 3),
        "buiten_overgedragen": round(sum(z < drempel for z in buiten) / max(len(buiten), 1), 3),
        "gemiddeld": {
            "goed": round(sum(goed) / max(len(goed), 1), 3),
            "fout": round(sum(fout) / max(len(fout), 1), 3),
            "buiten": round(sum(buiten) / max(len(buiten), 1), 3),
        },
    }
    print(
        f"\nZekerheid zoals de chatbot haar ziet (zonder interne velden; antwoord vanaf {drempel}): "
        f"eerste treffer goed → beantwoord {kalibratie['eerste_goed_beantwoord']:.0%}; "
        f"eerste treffer fout → overgedragen {kalibratie['eerste_fout_overgedragen']:.0%}; "
        f"vragen buiten de kennisbank ({len(buiten)}) → overgedragen {kalibratie['buiten_overgedragen']:.0%}"
    )
    # The thesaurus groups seeded from trefwoorden (``contenthub kennisbank thesaurus-voorstellen``), all switched on
    # as an editor who accepts every proposal would: does that help or hurt, per kind?
    from contenthub.kennisbank.models import Synoniemgroep
    from contenthub.kennisbank.thesaurus import zaai_uit_trefwoorden

    bestaand = list(Synoniemgroep.objects.values_list("pk", flat=True))
    groepen = zaai_uit_trefwoorden(actief=True)
    for r, v in zip(per_vraag, vragen, strict=True):
        r["contenthub_trefwoorden"] = rang(contenthub(v["vraag"], v["gemeente"]), v["doelen"])
    print(f"\nMet de {groepen} thesaurusgroepen uit trefwoorden aan (alle voorstellen overgenomen):")
    for soort in soorten:
        rijen = [r for r in per_vraag if r["soort"] == soort]
        recall = sum(1 for r in rijen if r["contenthub_trefwoorden"] and r["contenthub_trefwoorden"] <= 5) / len(rijen)
        mrr = sum(1 / r["contenthub_trefwoorden"] for r in rijen if r["contenthub_trefwoorden"]) / len(rijen)
        samenvatting[soort]["contenthub_trefwoorden"] = {"recall_at_5": round(recall, 3), "mrr": round(mrr, 3)}
        print(f"  {soort:<13}{len(rijen):>4}  r@5 {recall:.2f}  MRR {mrr:.2f}")
    Synoniemgroep.objects.exclude(pk__in=bestaand).delete()  # the next run starts from the same thesaurus

    gemist = [r for r in per_vraag if not r["contenthub"] or r["contenthub"] > 5]
    if gemist:
        print(f"\nNiet in de top 5 ({len(gemist)}):")
        for r in gemist:
            print(f"  {r['id']:<16} {r['gemeente']:<10} rang {r['contenthub'] or '-':>2}  {r['vraag']}")

    # another query set (``--vragen``) or corpus (``--corpus``) gets a results file of its own, beside the project's
    naam = "relevance.json" if args.vragen.resolve() == VRAGEN.resolve() else f"relevance-{args.vragen.stem}.json"
    if args.corpus.resolve() != CORPUS.resolve():
        naam = naam.replace(".json", f"-{args.corpus.resolve().name}.json")
    uit = PROJECT / "bench" / "results" / naam
    uit.write_text(
        json.dumps(
            {
                "vragen": len(vragen),
                "corpus": str(args.corpus),
                "per_soort": samenvatting,
                "ms_per_vraag": {n: round(d / len(vragen) * 1000, 1) for n, d in duur.items()},
                "zekerheid": kalibratie,
                "per_vraag": per_vraag,
                "python": platform.python_version(),
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    print(f"\ngeschreven: {uit.relative_to(PROJECT)}")


if __name__ == "__main__":
    main()
