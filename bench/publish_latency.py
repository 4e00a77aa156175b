"""Publish latency: from the commit of a gemeente editor's publish until the last channel acknowledged it,
with real workers, Redis, OpenSearch, the reference website and bot platform and the Mastodon double; then
the same while a 342-gemeente fan-out (bench/fanout.py's bulk work) runs on the bulk queue. Also until the
kennisbank document is searchable.

Goal (publication pipeline issue): p95 ≤ 1 s on 2 cores, in both cases.
Usage: DATABASE_URL=postgres://… REDIS_URL=redis://… OPENSEARCH_URL=http://… .venv/bin/python bench/publish_latency.py
       [--publicaties 200] [--gemeenten 342]
"""

import argparse
import json
import platform
import random
import statistics
import threading
import time

from _pijplijn import PROJECT, Processen, leeg_hub, percentiel, vereist

vereist()
import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from fanout import opbouwen  # noqa: E402

from contenthub.content.models import GemeentelijkeAanvulling, Kennisartikel, SectieAanpassing  # noqa: E402
from contenthub.core.models import Gemeente  # noqa: E402
from contenthub.publicatie.levering import gewenste_inhoud  # noqa: E402
from contenthub.publicatie.models import Gebeurtenis, Levering, Status  # noqa: E402
from contenthub.publicatie.samenstellen import Doelen  # noqa: E402
from publishers.registry import kanalen, publisher  # noqa: E402


def een_publicatie(aanvulling: GemeentelijkeAanvulling, n: int, kennisbank) -> tuple[float, float]:
    """Publish one change of this aanvulling; seconds until every channel acknowledged, and until searchable."""
    concept = aanvulling.get_latest_revision_as_object()
    concept.secties = [  # the opening text changes too, so the chatbot answer and the social post change with it
        SectieAanpassing(sectie="tekst", modus="vervangen", tekst=f"Wijziging {n}: nieuwe openingstijden van de balie."),
        SectieAanpassing(sectie="kosten_en_betaalmethoden", modus="vervangen", tekst=f"Tarief {n}: € {n},00.", sort_order=1),
    ]
    revisie = concept.save_revision()
    revisie.publish(skip_permission_checks=True)  # autocommit: committed when this returns
    gecommit = timezone.now()
    begin = time.monotonic()
    gemeente = aanvulling.gemeente
    doelen = Doelen(kennisartikelen={aanvulling.kennisartikel_id})
    verwacht = {k: fp for k in kanalen() for (_, _, fp) in gewenste_inhoud(k, [gemeente], doelen).values()}
    bevestigd = None
    while time.monotonic() - begin < 60:
        rijen = {
            r["kanaal"]: r
            for r in Levering.objects.filter(
                gemeente=gemeente, item_uuid=aanvulling.kennisartikel_id, status=Status.AFGELEVERD
            ).values("kanaal", "fingerprint", "bevestigd_op")
        }
        if all(k in rijen and rijen[k]["fingerprint"] == verwacht[k] for k in verwacht):
            bevestigd = max(r["bevestigd_op"] for r in rijen.values())
            break
        time.sleep(0.01)
    if bevestigd is None:
        raise SystemExit(f"Publicatie {n} kwam niet binnen 60 s op elk kanaal.")
    zoekbaar = None
    while time.monotonic() - begin < 60:
        treffers = kennisbank.client.search(
            index=kennisbank.alias, body={"query": {"term": {"fingerprint": verwacht["kennisbank"]}}, "size": 0}
        )["hits"]["total"]["value"]
        if treffers:
            zoekbaar = time.monotonic() - begin
            break
        time.sleep(0.02)
    return (bevestigd - gecommit).total_seconds(), zoekbaar or float("nan")


def reeks(aanvullingen, aantal: int, kennisbank, label: str) -> dict:
    bevestigd, zoekbaar = [], []
    for n in range(aantal):
        b, z = een_publicatie(random.choice(aanvullingen), n, kennisbank)  # noqa: S311 - a sample, not a secret
        bevestigd.append(b)
        zoekbaar.append(z)
        if (n + 1) % 25 == 0:
            print(f"  {label}: {n + 1}/{aantal}", flush=True)
    return {
        "publicaties": aantal,
        "p50_s": round(percentiel(bevestigd, 0.5), 3),
        "p95_s": round(percentiel(bevestigd, 0.95), 3),
        "max_s": round(max(bevestigd), 3),
        "gemiddeld_s": round(statistics.fmean(bevestigd), 3),
        "zoekbaar_p50_s": round(percentiel(zoekbaar, 0.5), 3),
        "zoekbaar_p95_s": round(percentiel(zoekbaar, 0.95), 3),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--publicaties", type=int, default=200)
    parser.add_argument("--gemeenten", type=int, default=342)
    args = parser.parse_args()
    random.seed(7)
    leeg_hub()
    processen = Processen()
    try:
        processen.kanalen()
        kennisbank = publisher("kennisbank")
        kennisbank.zorg_voor_index()
        print(f"{args.gemeenten} gemeenten opbouwen …", flush=True)
        generiek = opbouwen(args.gemeenten)
        eigen = Kennisartikel(
            upn_uri="http://standaarden.overheid.nl/owms/terms/Rijbewijs",
            upn_label="Rijbewijs",
            titel="Rijbewijs verlengen",
            tekst="Uw rijbewijs verlengt u bij de gemeente.",
            delen=True,  # so every publish also edits the gemeente's Mastodon post
            live=False,
        )
        eigen.save()
        eigen.save_revision().publish(skip_permission_checks=True)
        gemeenten = list(Gemeente.objects.order_by("slug")[:20])
        aanvullingen = []
        for g in gemeenten:
            a = GemeentelijkeAanvulling(gemeente=g, kennisartikel=eigen, live=False)
            a.save()
            a.save_revision().publish(skip_permission_checks=True)
            aanvullingen.append(a)
        Gebeurtenis.objects.update(verwerkt_op=timezone.now(), afgerond_op=timezone.now())
        processen.workers()
        from contenthub.publicatie.tasks import sweep

        sweep.apply_async(queue="bulk")
        print("Eerste levering afwachten …", flush=True)
        while Levering.objects.filter(status=Status.AFGELEVERD).count() < len(kanalen()) * (args.gemeenten + len(gemeenten)):
            time.sleep(0.2)

        print(f"{args.publicaties} publicaties door gemeenteredacteuren, één voor één …", flush=True)
        rustig = reeks(aanvullingen, args.publicaties, kennisbank, "rustig")

        stop = threading.Event()

        def bulkwerk():
            n = 0
            while not stop.is_set():
                n += 1
                concept = generiek.get_latest_revision_as_object()
                concept.tekst = f"Met een paspoort reist u binnen en buiten Europa. Versie {n + 2}."
                concept.save_revision().publish(skip_permission_checks=True)
                stop.wait(3)
            connection.close()

        draad = threading.Thread(target=bulkwerk, daemon=True)
        draad.start()
        print(
            f"Nogmaals {args.publicaties}, terwijl elke 3 s een generieke wijziging naar {args.gemeenten} gemeenten gaat …",
            flush=True,
        )
        druk = reeks(aanvullingen, args.publicaties, kennisbank, "met bulkwerk")
        stop.set()
        draad.join()

        print(f"\n{'':28} {'p50':>8} {'p95':>8} {'max':>8} {'zoekbaar p95':>14}")
        for label, r in (("rustig", rustig), ("tijdens fan-out", druk)):
            print(f"{label:28} {r['p50_s']:>7.3f}s {r['p95_s']:>7.3f}s {r['max_s']:>7.3f}s {r['zoekbaar_p95_s']:>13.3f}s")
        doelen = {"p95 ≤ 1 s rustig": rustig["p95_s"] <= 1.0, "p95 ≤ 1 s tijdens fan-out": druk["p95_s"] <= 1.0}
        for doel, gehaald in doelen.items():
            print(f"  {'gehaald ' if gehaald else 'NIET     '} {doel}")
        uit = PROJECT / "bench" / "results" / "publish_latency.json"
        resultaat = {
            "kanalen": kanalen(),
            "gemeenten": args.gemeenten,
            "rustig": rustig,
            "tijdens_fanout": druk,
            "doelen": doelen,
        }
        uit.write_text(json.dumps(resultaat | {"python": platform.python_version()}, indent=2, ensure_ascii=False) + "\n")
        print(f"geschreven: {uit.relative_to(PROJECT)}")
    finally:
        processen.stop()


if __name__ == "__main__":
    main()
