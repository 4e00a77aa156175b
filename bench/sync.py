"""Delta sync: a catalogue of N items, one change, then ``GET /api/v1/sync?cursor=…``: time and work (queries, items
returned) at two catalogue sizes. Goal (delivery API issue): ≤ 100 ms and independent of the catalogue size.

The catalogue is written in bulk (half generiek kennisartikelen, half generiek VACs, all live) for one gemeente;
the change is a real publish of one kennisartikel through Wagtail, handled by the relay that writes the change log.
Usage: DATABASE_URL=postgres://… .venv/bin/python bench/sync.py [--groottes 10000 100000] [--herhalingen 20]
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    sys.exit("Deze benchmark heeft PostgreSQL nodig: DATABASE_URL=postgres://…")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contenthub.conf.dev")
os.environ["REDIS_URL"] = ""  # tasks in this process: the relay runs right after the publish commits
os.environ["OPENSEARCH_URL"] = ""
os.environ.setdefault("INLOGBLOKKADE", "false")
os.environ["API_LIMIET_PER_MINUUT"] = "0"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from contenthub.api.sleutels import maak_sleutel  # noqa: E402
from contenthub.content.models import Kennisartikel, VraagAntwoord  # noqa: E402
from contenthub.core.models import Gemeente  # noqa: E402
from contenthub.publicatie.models import Gebeurtenis  # noqa: E402
from contenthub.publicatie.relay import relay  # noqa: E402

sys.path.insert(0, str(PROJECT / "bench"))
from _pijplijn import leeg_hub, percentiel  # noqa: E402


def catalogus(aantal: int) -> Kennisartikel:
    """Grow the catalogue to ``aantal`` live items (half kennisartikelen, half VACs) in bulk."""
    nu = timezone.now()
    bestaand_k, bestaand_v = Kennisartikel.objects.count(), VraagAntwoord.objects.count()
    nieuw_k, nieuw_v = aantal // 2 - bestaand_k, aantal - aantal // 2 - bestaand_v
    for begin in range(0, nieuw_k, 5000):
        Kennisartikel.objects.bulk_create(
            Kennisartikel(
                titel=f"Product {bestaand_k + i}",
                upn_uri=f"http://standaarden.overheid.nl/owms/terms/P{bestaand_k + i}",
                upn_label=f"Product {bestaand_k + i}",
                tekst="U vraagt dit product aan bij de gemeente.",
                live=True,
                first_published_at=nu,
                last_published_at=nu,
            )
            for i in range(begin, min(begin + 5000, nieuw_k))
        )
    for begin in range(0, nieuw_v, 5000):
        VraagAntwoord.objects.bulk_create(
            VraagAntwoord(vraag=f"Vraag {bestaand_v + i}?", antwoord="Zo werkt het.", live=True, first_published_at=nu)
            for i in range(begin, min(begin + 5000, nieuw_v))
        )
    # The bulk insert wrote outbox events; they are the build, not the change under test.
    Gebeurtenis.objects.filter(verwerkt_op__isnull=True).update(verwerkt_op=nu, afgerond_op=nu)
    return Kennisartikel.objects.order_by("titel").first()


def meet(client: Client, geheim: str, artikel: Kennisartikel, herhalingen: int) -> dict:
    kop = {"HTTP_AUTHORIZATION": f"Bearer {geheim}"}
    # A channel that finished its first sync holds the cursor of the newest log position.
    from contenthub.publicatie.models import Wijziging

    laatste = Wijziging.objects.order_by("-id").values_list("id", flat=True).first() or 0
    cursor = _cursor(laatste)
    client.get(f"/api/v1/sync?cursor={cursor}", **kop)  # warm up: first request of the process, key's last-used stamp
    duren, queries, items = [], [], []
    for n in range(herhalingen):
        concept = artikel.get_latest_revision_as_object() if artikel.latest_revision_id else artikel
        concept.titel = f"Product gewijzigd {n}"
        concept.save_revision().publish(skip_permission_checks=True)
        relay()
        with CaptureQueriesContext(connection) as q:
            begin = time.perf_counter()
            antwoord = client.get(f"/api/v1/sync?cursor={cursor}", **kop)
            duren.append((time.perf_counter() - begin) * 1000)
        if antwoord.status_code != 200:
            raise SystemExit(f"sync gaf {antwoord.status_code}: {antwoord.content[:2000]!r}")
        data = antwoord.json()
        assert data["next"] is None, data
        queries.append(len(q))
        items.append(len(data["results"]))
        cursor = data["cursor"]
        artikel.refresh_from_db()
    return {
        "p50_ms": round(percentiel(duren, 0.5), 1),
        "p95_ms": round(percentiel(duren, 0.95), 1),
        "max_ms": round(max(duren), 1),
        "gemiddeld_ms": round(statistics.fmean(duren), 1),
        "queries": max(queries),
        "items_per_delta": max(items),
    }


def _cursor(tot: int) -> str:
    """The signed cursor the hub would have handed out at that log position."""
    from contenthub.api.v1 import _sync_cursor

    return _sync_cursor({"tot": tot, "t": int(time.time()), "soort": None})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groottes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--herhalingen", type=int, default=20)
    args = parser.parse_args()
    leeg_hub()
    gemeente = Gemeente.objects.create(naam="Gemeente Synchroon", slug="synchroon", code="gm7001")
    _, geheim = maak_sleutel(naam="bench", kanaal="website", gemeenten=[gemeente])
    client = Client(SERVER_NAME="localhost")
    uitkomsten = {}
    for grootte in sorted(args.groottes):
        print(f"Catalogus van {grootte} items opbouwen …", flush=True)
        artikel = catalogus(grootte)
        uitkomst = meet(client, geheim, artikel, args.herhalingen)
        uitkomsten[str(grootte)] = uitkomst
        print(
            f"  {grootte:>7} items: delta-sync p50 {uitkomst['p50_ms']} ms, p95 {uitkomst['p95_ms']} ms, "
            f"{uitkomst['queries']} queries, {uitkomst['items_per_delta']} item(s) per delta",
            flush=True,
        )
    p95 = [u["p95_ms"] for u in uitkomsten.values()]
    gehaald = max(p95) <= 100
    onafhankelijk = len({u["queries"] for u in uitkomsten.values()}) == 1
    print(f"  {'gehaald ' if gehaald else 'NIET     '} doel p95 ≤ 100 ms")
    print(f"  {'gelijk  ' if onafhankelijk else 'ONGELIJK'} aantal queries bij elke grootte")
    uit = PROJECT / "bench" / "results" / "sync.json"
    uit.write_text(
        json.dumps(
            {
                "groottes": uitkomsten,
                "herhalingen": args.herhalingen,
                "doel_100ms_gehaald": gehaald,
                "queries_onafhankelijk_van_grootte": onafhankelijk,
                "python": platform.python_version(),
            },
            indent=2,
        )
        + "\n"
    )
    print(f"geschreven: {uit.relative_to(PROJECT)}")


if __name__ == "__main__":
    main()
