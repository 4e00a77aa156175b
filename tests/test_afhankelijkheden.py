"""The arrows run one way: content and core know nothing of the editor (redactie); publishers, the API and the
kennisbank will depend on content alone."""

import ast
from pathlib import Path

import pytest

BRON = Path(__file__).resolve().parent.parent / "contenthub"


def imports(map_: Path) -> list[tuple[str, str]]:
    uit = []
    for bestand in map_.rglob("*.py"):
        for knoop in ast.walk(ast.parse(bestand.read_text(encoding="utf-8"))):
            if isinstance(knoop, ast.Import):
                uit += [(str(bestand.relative_to(BRON)), a.name) for a in knoop.names]
            elif isinstance(knoop, ast.ImportFrom) and knoop.module:
                uit.append((str(bestand.relative_to(BRON)), knoop.module))
    return uit


@pytest.mark.parametrize("pakket", ["content", "core", "uitwisseling"])
def test_geen_import_van_de_redactie(pakket):
    verboden = [(bestand, module) for bestand, module in imports(BRON / pakket) if module.startswith("contenthub.redactie")]
    assert verboden == []
