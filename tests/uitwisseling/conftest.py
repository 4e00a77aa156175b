"""Fixtures shared by the exchange-format tests."""

import json
import shutil

import pytest


def wijzig_json(pad, functie):
    data = json.loads(pad.read_text(encoding="utf-8"))
    functie(data)
    pad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def kopie(corpus_map, tmp_path):
    """A writable copy of the shared corpus (its files may be read-only)."""
    doel = tmp_path / "corpus"
    shutil.copytree(corpus_map, doel)
    for bestand in doel.rglob("*"):
        bestand.chmod(0o644 if bestand.is_file() else 0o755)
    return doel
