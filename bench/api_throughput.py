"""Composed reads through the delivery API v1 against Wagtail API v2 on the same server and data, in one run.

Wagtail API v2 ships endpoints for pages, images and documents only; the hub's content is snippets, so the baseline
is a ``BaseAPIViewSet`` over the same kennisartikel snippets with the fields a channel needs and the same page size
(``bench/basislijn``). Both run in one gunicorn (same workers) on PostgreSQL with the shared corpus imported; the
hub's endpoint composes each gemeente's answer (generiek + aanvulling), the baseline serialises raw rows.
Rounds alternate (baseline, hub, baseline, hub …) so drift on a shared machine hits both. The hub keeps a
finished page per content version (channels poll the same addresses); a third target asks another address on
every request, so it shows what a page costs when only the records come from the per-process catalogue.

Goal (delivery API issue): throughput ≥ 3× Wagtail API v2, and p99 ≤ 25 ms.
Usage: DATABASE_URL=postgres://… .venv/bin/python bench/api_throughput.py [--seconden 10] [--rondes 3] [--gelijktijdig 4]
"""

import argparse
import json
import os
import platform
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "bench"))
if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    sys.exit("Deze benchmark heeft PostgreSQL nodig: DATABASE_URL=postgres://…")
os.environ.update({"REDIS_URL": "", "OPENSEARCH_URL": "", "API_LIMIET_PER_MINUUT": "0", "INLOGBLOKKADE": "false"})

import basislijn.wsgi  # noqa: E402, F401 - sets Django up the way the server does
from _pijplijn import leeg_hub, percentiel  # noqa: E402
from django.core.management import call_command  # noqa: E402

from contenthub.api.sleutels import maak_sleutel  # noqa: E402
from contenthub.core.models import Gemeente  # noqa: E402

CORPUS = PROJECT.parent / "shared" / "corpus"
PAGINA = 20  # Wagtail API v2's default and maximum page size


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def belast(url: str, kop: dict, seconden: float, gelijktijdig: int) -> dict:
    """``gelijktijdig`` clients in a loop for ``seconden``: requests per second and latency percentiles."""
    duren: list[float] = []
    fouten = [0]
    slot = threading.Lock()
    einde = time.monotonic() + seconden

    def client():
        eigen = []
        with httpx.Client(headers=kop, timeout=10) as http:
            while time.monotonic() < einde:
                begin = time.perf_counter()
                r = http.get(url.replace("{n}", str(begin)))
                eigen.append(time.perf_counter() - begin)
                if r.status_code != 200:
                    fouten[0] += 1
        with slot:
            duren.extend(eigen)

    draden = [threading.Thread(target=client) for _ in range(gelijktijdig)]
    for d in draden:
        d.start()
    for d in draden:
        d.join()
    return {
        "verzoeken_per_s": round(len(duren) / seconden, 1),
        "p50_ms": round(percentiel(duren, 0.5) * 1000, 2),
        "p99_ms": round(percentiel(duren, 0.99) * 1000, 2),
        "fouten": fouten[0],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconden", type=float, default=10)
    parser.add_argument("--rondes", type=int, default=3)
    parser.add_argument("--gelijktijdig", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    leeg_hub()
    print("Gedeeld corpus importeren …", flush=True)
    call_command("import_corpus", str(CORPUS), verbosity=0)
    gemeente = Gemeente.objects.order_by("slug").first()
    _, geheim = maak_sleutel(naam="bench", kanaal="website", gemeenten=[gemeente])
    poort = vrije_poort()
    basis = f"http://127.0.0.1:{poort}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "basislijn.wsgi:application",
            "--pythonpath",
            str(PROJECT / "bench"),
            "-b",
            f"127.0.0.1:{poort}",
            "-w",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=PROJECT,
        env=os.environ.copy(),
    )
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{basis}/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        doelen = {
            "wagtail_api_v2": (f"{basis}/wagtail-api/v2/kennisartikelen/?limit={PAGINA}", {}),
            "contenthub_api_v1": (
                f"{basis}/api/v1/gemeenten/{gemeente.slug}/kennisartikelen?limit={PAGINA}",
                {"Authorization": f"Bearer {geheim}"},
            ),
            # Every request another address (an ignored parameter): never from the page cache, only the records are.
            "contenthub_api_v1_zonder_paginacache": (
                f"{basis}/api/v1/gemeenten/{gemeente.slug}/kennisartikelen?limit={PAGINA}&n={{n}}",
                {"Authorization": f"Bearer {geheim}"},
            ),
        }
        for naam, (url, kop) in doelen.items():
            r = httpx.get(url, headers=kop)
            aantal = len(r.json().get("items") or r.json().get("results"))
            print(f"  {naam}: {r.status_code}, {aantal} items per pagina, {len(r.content)} bytes", flush=True)
            belast(url, kop, 2, args.gelijktijdig)  # warm up both workers
        rondes: dict[str, list[dict]] = {naam: [] for naam in doelen}
        for ronde in range(args.rondes):
            for naam, (url, kop) in doelen.items():
                uitkomst = belast(url, kop, args.seconden, args.gelijktijdig)
                rondes[naam].append(uitkomst)
                print(f"  ronde {ronde + 1} {naam:<18} {uitkomst}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)

    def samenvatting(lijst: list[dict]) -> dict:
        return {
            "verzoeken_per_s": round(sum(u["verzoeken_per_s"] for u in lijst) / len(lijst), 1),
            "p50_ms": round(sorted(u["p50_ms"] for u in lijst)[len(lijst) // 2], 2),
            "p99_ms": round(sorted(u["p99_ms"] for u in lijst)[len(lijst) // 2], 2),
            "fouten": sum(u["fouten"] for u in lijst),
        }

    wagtail, hub = samenvatting(rondes["wagtail_api_v2"]), samenvatting(rondes["contenthub_api_v1"])
    zonder = samenvatting(rondes["contenthub_api_v1_zonder_paginacache"])
    verhouding = round(hub["verzoeken_per_s"] / wagtail["verzoeken_per_s"], 2)
    verhouding_zonder = round(zonder["verzoeken_per_s"] / wagtail["verzoeken_per_s"], 2)
    print(f"\nWagtail API v2: {wagtail}\nContenthub v1:  {hub}\nVerhouding doorvoer: {verhouding}×")
    print(f"Contenthub v1 zonder paginacache (elk verzoek een ander adres): {zonder}, {verhouding_zonder}×")
    print(f"  {'gehaald ' if verhouding >= 3 else 'NIET     '} doel ≥ 3× Wagtail API v2")
    print(f"  {'gehaald ' if hub['p99_ms'] <= 25 else 'NIET     '} doel p99 ≤ 25 ms")
    uit = PROJECT / "bench" / "results" / "api_throughput.json"
    uit.write_text(
        json.dumps(
            {
                "pagina": PAGINA,
                "gelijktijdig": args.gelijktijdig,
                "workers": args.workers,
                "seconden_per_ronde": args.seconden,
                "wagtail_api_v2": wagtail,
                "contenthub_api_v1": hub,
                "verhouding": verhouding,
                "contenthub_api_v1_zonder_paginacache": zonder,
                "verhouding_zonder_paginacache": verhouding_zonder,
                "doel_3x_gehaald": verhouding >= 3,
                "doel_p99_25ms_gehaald": hub["p99_ms"] <= 25,
                "rondes": rondes,
                "python": platform.python_version(),
            },
            indent=2,
        )
        + "\n"
    )
    print(f"geschreven: {uit.relative_to(PROJECT)}")


if __name__ == "__main__":
    main()
