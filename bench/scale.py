"""National scale: a synthetic corpus shaped like ../shared/corpus, multiplied to N gemeenten (deterministic).

Prints, for N = --klein and N = --groot in one run: import ms/item, unchanged re-import ms/item, resolver
compositions/s (single and bulk) with queries, and ms + SQL queries of the admin pages as superuser,
landelijke redactie and a gemeente editor. Then the bulk resolver over --producten × --gemeenten (rows made
with bulk_create, no revisions: the resolver reads live rows). Goals of the national-scale issue are checked
and the figures go to bench/results/scale_<database>.json.

Usage: DATABASE_URL=postgres://… .venv/bin/python bench/scale.py [--klein 3] [--groot 120]
       [--gemeenten 342] [--producten 600] [--per-gemeente]       (without DATABASE_URL: a temporary SQLite file)
"""

import argparse
import copy
import json
import os
import platform
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
tijdelijk = tempfile.mkdtemp(prefix="contenthub-scale-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tijdelijk}/scale.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contenthub.conf.dev")
os.environ.setdefault("INLOGBLOKKADE", "false")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from contenthub.content.models import GemeentelijkeAanvulling, Kennisartikel, Locatie, SectieAanpassing  # noqa: E402
from contenthub.content.resolver import samengesteld, samengesteld_bulk  # noqa: E402
from contenthub.core.models import Gemeente  # noqa: E402
from contenthub.redactie.permissies import LANDELIJKE_REDACTIE  # noqa: E402
from contenthub.uitwisseling.importeren import Importeur  # noqa: E402

CORPUS = PROJECT.parent / "shared" / "corpus"
NS = uuid.UUID("0b7f6c1e-3d2a-5b4c-8e9f-a1b2c3d4e5f6")


def _uuid(*delen) -> str:
    return str(uuid.uuid5(NS, "/".join(map(str, delen))))


def maak_corpus(doel: Path, n: int) -> int:
    """N gemeenten, each a renamed copy of one of the corpus gemeenten (overlays and VACs), 10 % overdue."""
    doel.mkdir(parents=True)
    (doel / "generiek").mkdir()
    (doel / "generiek" / "kennisartikelen.json").write_text((CORPUS / "generiek" / "kennisartikelen.json").read_text())
    vacs = json.loads((CORPUS / "vacs.json").read_text())
    generieke_vacs = [v for v in vacs if v["gemeente"] is None]
    voorbeelden = sorted(p.name for p in (CORPUS / "gemeenten").iterdir())
    items = 40 + len(generieke_vacs)
    alle_vacs = list(generieke_vacs)
    for i in range(n):
        bron = voorbeelden[i % len(voorbeelden)]
        slug = f"gemeente-{i:03d}"
        gemeente = json.loads((CORPUS / "gemeenten" / bron / "gemeente.json").read_text())
        gemeente.update(slug=slug, naam=f"Gemeente Synthetisch {i:03d}", code=f"gm{1000 + i:04d}")
        map_ = doel / "gemeenten" / slug
        map_.mkdir(parents=True)
        (map_ / "gemeente.json").write_text(json.dumps(gemeente, ensure_ascii=False))
        overlays = json.loads((CORPUS / "gemeenten" / bron / "producten.json").read_text())
        for j, overlay in enumerate(overlays):
            overlay["uuid"] = _uuid(slug, overlay["uuid"])
            if j % 10 == 0:
                overlay["herzieningsdatum"] = "2020-01-01"
        (map_ / "producten.json").write_text(json.dumps(overlays, ensure_ascii=False))
        for j, vac in enumerate(v for v in vacs if v["gemeente"] == bron):
            kopie = copy.deepcopy(vac)
            kopie.update(uuid=_uuid(slug, vac["uuid"]), gemeente=slug)
            if j % 10 == 0:
                kopie["herzieningsdatum"] = "2020-01-01"
            alle_vacs.append(kopie)
        items += 1 + len(overlays) + sum(1 for v in vacs if v["gemeente"] == bron)
    (doel / "vacs.json").write_text(json.dumps(alle_vacs, ensure_ascii=False))
    return items


def leeg_database() -> None:
    """Migrated, without content (Wagtail's root page and site stay: the dashboard needs them)."""
    from _pijplijn import leeg_hub

    leeg_hub()
    get_user_model().objects.filter(username__startswith="bench-").delete()


def meet(functie):
    begin = time.perf_counter()
    uitkomst = functie()
    return time.perf_counter() - begin, uitkomst


def gebruikers() -> dict:
    User = get_user_model()
    superuser = User.objects.create_user("bench-super", is_superuser=True, is_staff=True)
    landelijk = User.objects.create_user("bench-landelijk")
    landelijk.groups.add(Group.objects.get(name=LANDELIJKE_REDACTIE))
    gemeente = User.objects.create_user("bench-gemeente")
    gemeente.groups.add(Gemeente.objects.order_by("slug").first().redactiegroep)
    return {"superuser": superuser, "landelijk": landelijk, "gemeente-editor": gemeente}


def paginas() -> dict[str, str]:
    artikel = Kennisartikel.objects.order_by("titel").first()
    return {
        "dashboard": reverse("wagtailadmin_home"),
        "herziening verlopen": reverse("redactie_herziening"),
        "generiek gewijzigd": reverse("redactie_generiek_gewijzigd"),
        "aanvullingen": reverse("wagtailsnippets_content_gemeentelijkeaanvulling:list"),
        "vac's": reverse("wagtailsnippets_content_vraagantwoord:list"),
        "kennisartikel bewerken": reverse("wagtailsnippets_content_kennisartikel:edit", args=[artikel.pk]),
    }


def meet_paginas() -> dict:
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS.append("testserver")
    uit = {}
    for rol, user in gebruikers().items():
        client = Client()
        client.force_login(user)
        for naam, url in paginas().items():
            if rol == "gemeente-editor" and naam == "kennisartikel bewerken":
                continue  # a gemeente editor may not edit generiek articles
            client.get(url)  # warm up
            tijden = []
            for _ in range(3):
                with CaptureQueriesContext(connection) as ctx:
                    duur, response = meet(lambda url=url, client=client: client.get(url))
                tijden.append(duur)
            uit[f"{rol}: {naam}"] = {
                "status": response.status_code,
                "ms": round(1000 * statistics.median(tijden), 1),
                "queries": len(ctx.captured_queries),
            }
    return uit


def meet_resolver(monster: int = 200) -> dict:
    gemeenten = list(Gemeente.objects.order_by("slug"))
    artikelen = list(Kennisartikel.objects.filter(live=True))
    paren = [(artikelen[i % len(artikelen)], gemeenten[i % len(gemeenten)]) for i in range(monster)]
    reset_queries()  # the import filled the debug query log; a full log makes captured counts read 0
    with CaptureQueriesContext(connection) as ctx:
        enkel, _ = meet(lambda: [samengesteld(k, g, alleen_live=True) for k, g in paren])
    enkel_queries = len(ctx.captured_queries)
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        bulk, aantal = meet(lambda: sum(1 for _ in samengesteld_bulk(gemeenten, batch=len(gemeenten))))
    return {
        "enkel_per_s": round(monster / enkel),
        "enkel_queries_per_samenstelling": round(enkel_queries / monster, 2),
        "bulk_per_s": round(aantal / bulk),
        "bulk_samenstellingen": aantal,
        "bulk_queries": len(ctx.captured_queries),
    }


def run_n(n: int, per_gemeente: bool = False) -> dict:
    leeg_database()
    map_ = Path(tijdelijk) / f"corpus-{n}"
    items = maak_corpus(map_, n)
    print(f"N = {n}: {items} items importeren …", flush=True)
    eerste, _ = meet(lambda: Importeur(per_gemeente=per_gemeente).importeer(map_))
    tweede, _ = meet(lambda: Importeur(per_gemeente=per_gemeente).importeer(map_))
    cijfers = {
        "gemeenten": n,
        "importmodus": "per gemeente" if per_gemeente else "alles of niets",
        "items": items,
        "import_ms_per_item": round(1000 * eerste / items, 1),
        "herimport_ms_per_item": round(1000 * tweede / items, 2),
        "resolver": meet_resolver(),
        "paginas": meet_paginas(),
    }
    return cijfers


def landelijke_schaal(aantal_gemeenten: int, producten: int) -> dict:
    """600 products × 342 gemeenten for the bulk resolver: rows made directly (live), ~31 aanvullingen per gemeente."""
    leeg_database()
    print(f"Bulk resolver: {producten} producten × {aantal_gemeenten} gemeenten opbouwen …", flush=True)
    artikelen = [
        Kennisartikel(
            uuid=_uuid("artikel", i),
            upn_uri=f"http://standaarden.overheid.nl/owms/terms/Product_{i}",
            upn_label=f"Product {i}",
            titel=f"Product {i} aanvragen",
            tekst="U vraagt dit product aan bij uw gemeente. " * 5,
            kosten_en_betaalmethoden="De gemeente bepaalt de kosten.",
            procedure_beschrijving="1. Maak een afspraak.\n2. Neem uw ID-kaart mee.",
            desk_memo="Landelijke notitie.",
            trefwoorden=["product", f"p{i}"],
            live=True,
        )
        for i in range(producten)
    ]
    Kennisartikel.objects.bulk_create(artikelen, batch_size=500)
    gemeenten = [
        Gemeente(naam=f"Gemeente Schaal {i:03d}", slug=f"schaal-{i:03d}", code=f"gm{i:04d}") for i in range(aantal_gemeenten)
    ]
    for g in gemeenten:  # save() makes the editors' group
        g.save()
    aanvullingen, secties, locaties = [], [], []
    for gi, g in enumerate(gemeenten):
        for j in range(min(31, producten)):
            artikel = artikelen[(gi * 31 + j) % producten]
            a = GemeentelijkeAanvulling(
                uuid=_uuid(g.slug, j), gemeente=g, kennisartikel=artikel, live=True, aangewezen_kanaal="webformulier"
            )
            aanvullingen.append(a)
            secties.append(
                SectieAanpassing(
                    aanvulling=a, sectie="kosten_en_betaalmethoden", modus="vervangen", tekst=f"€ {gi},{j:02d}", sort_order=0
                )
            )
            locaties.append(Locatie(aanvulling=a, naam="Stadhuis", adres="Plein 1", openingstijden="ma–vr 9–17", sort_order=0))
    GemeentelijkeAanvulling.objects.bulk_create(aanvullingen, batch_size=1000)
    SectieAanpassing.objects.bulk_create(secties, batch_size=2000)
    Locatie.objects.bulk_create(locaties, batch_size=2000)
    gemeenten = list(Gemeente.objects.order_by("slug"))
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        duur, aantal = meet(lambda: sum(1 for _ in samengesteld_bulk(gemeenten, batch=50)))
    batches = -(-len(gemeenten) // 50)
    return {
        "producten": producten,
        "gemeenten": aantal_gemeenten,
        "samenstellingen": aantal,
        "seconden": round(duur, 2),
        "per_s": round(aantal / duur),
        "queries": len(ctx.captured_queries),
        "queries_per_batch_van_50_gemeenten": round((len(ctx.captured_queries) - 1) / batches, 2),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--klein", type=int, default=3)
    parser.add_argument("--groot", type=int, default=120)
    parser.add_argument("--gemeenten", type=int, default=342)
    parser.add_argument("--producten", type=int, default=600)
    parser.add_argument("--per-gemeente", action="store_true", help="Importeer met --per-gemeente (een transactie per gemeente).")
    args = parser.parse_args()

    klein, groot = run_n(args.klein, args.per_gemeente), run_n(args.groot, args.per_gemeente)
    landelijk = landelijke_schaal(args.gemeenten, args.producten)
    doelen = {
        "import ms/item bij groot ≤ 1,3 × klein": groot["import_ms_per_item"] <= 1.3 * klein["import_ms_per_item"],
        "bulk resolver ≥ 5000 samenstellingen/s": landelijk["per_s"] >= 5000,
        "pagina's ≤ 300 ms": all(p["ms"] <= 300 for p in groot["paginas"].values()),
        "queries per pagina onafhankelijk van N": {k: v["queries"] for k, v in klein["paginas"].items()}
        == {k: v["queries"] for k, v in groot["paginas"].items()},
    }
    print(f"\n{'':42} {'N=' + str(args.klein):>12} {'N=' + str(args.groot):>12}")
    for sleutel in ("items", "import_ms_per_item", "herimport_ms_per_item"):
        print(f"{sleutel:42} {klein[sleutel]:>12} {groot[sleutel]:>12}")
    for sleutel in klein["resolver"]:
        print(f"resolver {sleutel:33} {klein['resolver'][sleutel]:>12} {groot['resolver'][sleutel]:>12}")
    for pagina in klein["paginas"]:
        a, b = klein["paginas"][pagina], groot["paginas"][pagina]
        print(f"{pagina:42} {a['ms']:>7} ms/{a['queries']:<3} {b['ms']:>7} ms/{b['queries']:<3}")
    print(f"\nbulk resolver {landelijk['producten']} × {landelijk['gemeenten']}: {landelijk}")
    for doel, gehaald in doelen.items():
        print(f"  {'gehaald ' if gehaald else 'NIET     '} {doel}")
    modus = "_per_gemeente" if args.per_gemeente else ""
    uit = PROJECT / "bench" / "results" / f"scale_{connection.vendor}{modus}.json"
    resultaat = {"klein": klein, "groot": groot, "landelijk": landelijk, "doelen": doelen, "python": platform.python_version()}
    uit.write_text(json.dumps(resultaat, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"geschreven: {uit.relative_to(PROJECT)}")


if __name__ == "__main__":
    main()
