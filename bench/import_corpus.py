"""Times corpus import (first, unchanged re-import), export and Objecten export on a fresh database, and counts
how many exported records are valid against the published schemas (format checking on).

Usage: DATABASE_URL=... .venv/bin/python bench/import_corpus.py [CORPUS]   (default ../shared/corpus;
without DATABASE_URL a temporary SQLite file). Prints the figures and writes bench/results/import_corpus.json.
"""

import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
tijdelijk = tempfile.mkdtemp(prefix="contenthub-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tijdelijk}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contenthub.conf.dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from contenthub.uitwisseling.exporteren import exporteer_corpus, exporteer_objecten  # noqa: E402
from contenthub.uitwisseling.importeren import Importeur  # noqa: E402


def meet(functie):
    begin = time.perf_counter()
    uitkomst = functie()
    return time.perf_counter() - begin, uitkomst


def schemageldigheid(map_: Path) -> dict[str, str]:
    """valid/total per export and objecttype, against ../shared/schemas with every format jsonschema knows."""
    import jsonschema

    schemas = PROJECT.parent / "shared" / "schemas"
    validators = {
        soort: jsonschema.Draft7Validator(
            json.loads((schemas / f"{soort}-schema.json").read_text(encoding="utf-8")), format_checker=jsonschema.FormatChecker()
        )
        for soort in ("vac", "kennisartikel")
    }
    uit = {}
    for soort, records in (
        ("vac", json.loads((map_ / "export" / "vacs.json").read_text())),
        ("kennisartikel", json.loads((map_ / "export" / "generiek" / "kennisartikelen.json").read_text())),
    ):
        uit[f"corpusexport_{soort}_geldig"] = f"{sum(validators[soort].is_valid(r) for r in records)}/{len(records)}"
    for soort in ("vac", "kennisartikel"):
        bestanden = sorted((map_ / "objecten").glob(f"*/{soort}.json"))
        records = [o["record"]["data"] for f in bestanden for o in json.loads(f.read_text())]
        uit[f"objectenexport_{soort}_geldig"] = f"{sum(validators[soort].is_valid(r) for r in records)}/{len(records)}"
    return uit


def main():
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else PROJECT.parent / "shared" / "corpus"
    call_command("flush", "--noinput", verbosity=0) if connection.introspection.table_names() else None
    call_command("migrate", verbosity=0)
    eerste, resultaat = meet(lambda: Importeur().importeer(corpus))
    items = sum(n for (_, uitkomst), n in resultaat.telling.items() if uitkomst == "nieuw")
    tweede, _ = meet(lambda: Importeur().importeer(corpus))
    export, _ = meet(lambda: exporteer_corpus(Path(tijdelijk) / "export"))
    objecten, _ = meet(lambda: exporteer_objecten(Path(tijdelijk) / "objecten"))
    geldig = schemageldigheid(Path(tijdelijk))
    cijfers = {
        "database": connection.vendor,
        "items": items,
        "eerste_import_s": round(eerste, 2),
        "ms_per_item": round(1000 * eerste / max(items, 1), 1),
        "herimport_ongewijzigd_s": round(tweede, 2),
        "export_s": round(export, 2),
        "objecten_export_s": round(objecten, 2),
        **geldig,
        "python": platform.python_version(),
    }
    for sleutel, waarde in cijfers.items():
        print(f"{sleutel:>26}: {waarde}")
    uit = PROJECT / "bench" / "results" / f"import_corpus_{connection.vendor}.json"
    uit.write_text(json.dumps(cijfers, indent=2) + "\n", encoding="utf-8")
    print(f"geschreven: {uit.relative_to(PROJECT)}")


if __name__ == "__main__":
    main()
