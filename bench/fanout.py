"""Fan-out: one generiek change that 342 (synthetic) gemeenten supplement, until every channel of every
gemeente serves the new fingerprint. Real workers, Redis, OpenSearch, the reference website and bot platform,
and the Mastodon double (the article is marked for sharing, so every gemeente's post is edited).

Goal (publication pipeline issue): ≤ 20 s. Channels measured: all four (website, kennisbank, chatbot, social).
Usage: DATABASE_URL=postgres://… REDIS_URL=redis://… OPENSEARCH_URL=http://… .venv/bin/python bench/fanout.py [--gemeenten 342]
"""

import argparse
import json
import platform
import time

from _pijplijn import PROJECT, Processen, leeg_hub, vereist

vereist()
import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from contenthub.content.models import GemeentelijkeAanvulling, Kennisartikel, SectieAanpassing  # noqa: E402
from contenthub.core.models import Gemeente  # noqa: E402
from contenthub.publicatie.levering import gewenste_inhoud  # noqa: E402
from contenthub.publicatie.models import Gebeurtenis, Levering, Status  # noqa: E402
from contenthub.publicatie.samenstellen import Doelen  # noqa: E402
from publishers.registry import kanalen  # noqa: E402


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


def wacht_tot_bij(artikel, gemeenten, begin: float, limiet: float = 300.0) -> float:
    """Seconds from ``begin`` until the ledger says every channel of every gemeente acknowledged what the resolver composes."""
    doelen = Doelen(kennisartikelen={artikel.pk})
    verwacht = {k: {s: fp for s, (_, _, fp) in gewenste_inhoud(k, gemeenten, doelen).items()} for k in kanalen()}
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
    leeg_hub()
    processen = Processen()
    try:
        processen.kanalen()
        print(f"{args.gemeenten} gemeenten met elk een aanvulling opbouwen …", flush=True)
        artikel = opbouwen(args.gemeenten)
        Gebeurtenis.objects.update(verwerkt_op=timezone.now(), afgerond_op=timezone.now())  # the build itself is not measured
        gemeenten = list(Gemeente.objects.order_by("slug"))
        processen.workers()
        print("Eerste levering (alles nieuw) …", flush=True)
        from contenthub.publicatie.tasks import sweep

        begin = time.monotonic()
        sweep.apply_async(queue="bulk")
        eerste = wacht_tot_bij(artikel, gemeenten, begin)
        print(f"  eerste levering: {eerste:.1f} s", flush=True)

        print("Generieke wijziging publiceren …", flush=True)
        concept = artikel.get_latest_revision_as_object()
        concept.tekst = "Met een paspoort reist u binnen en buiten Europa. Versie 2: nieuwe pasfotoregels."
        begin = time.monotonic()
        concept.save_revision().publish(skip_permission_checks=True)  # autocommit: committed when this returns
        duur = wacht_tot_bij(artikel, gemeenten, begin)
        leveringen = len(kanalen()) * len(gemeenten)
        print(f"\nEén generieke wijziging → {len(gemeenten)} gemeenten × {len(kanalen())} kanalen ({', '.join(kanalen())}):")
        print(
            f"  {duur:.1f} s tot elk kanaal van elke gemeente de nieuwe fingerprint bevestigde "
            f"({leveringen / duur:.0f} leveringen/s)"
        )
        gehaald = duur <= 20
        print(f"  {'gehaald ' if gehaald else 'NIET     '} doel ≤ 20 s")
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
