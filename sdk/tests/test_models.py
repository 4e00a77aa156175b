"""The models on their own: camelCase aliases, snake_case names, extra fields, and Wijziging's item by soort."""

from __future__ import annotations

import datetime as dt
import uuid

from contenthub_sdk import Kennisartikel, KennisartikelRecord, Problem, Vac, VacRecord, Vertaling, Wijziging

NU = "2026-01-02T03:04:05Z"


def vac_dict(**extra: object) -> dict[str, object]:
    u = str(uuid.uuid4())
    return {
        "uuid": u,
        "gemeente": "dijkstad",
        "laag": "generiek",
        "record": {"vraag": "V?", "antwoord": "<p>A</p>", "status": "actief", "doelgroep": "eu-burger", **extra},
    }


def test_aliases_and_names() -> None:
    by_alias = Vertaling.model_validate({"taal": "nl", "titel": "T", "tekst": "x", "datumWijziging": NU, "deskMemo": "m"})
    by_name = Vertaling(
        taal="nl", titel="T", tekst="x", datum_wijziging=dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC), desk_memo="m"
    )
    assert by_alias == by_name
    assert by_alias.model_dump(by_alias=True, mode="json", exclude_none=True)["deskMemo"] == "m"


def test_extra_fields_are_kept() -> None:
    record = KennisartikelRecord.model_validate({"upnUri": "http://x", "nieuwVeld": {"a": 1}})
    assert record.upn_uri == "http://x"
    assert record.model_extra == {"nieuwVeld": {"a": 1}}
    assert record.vertalingen == [] and record.vertaling() is None


def test_vac_record_optional_fields() -> None:
    vac = Vac.model_validate(vac_dict(kortAntwoord="kort", alternatieveVragen=["W?"], gerelateerdeVACs=[{"VAC": "http://v"}]))
    assert isinstance(vac.record, VacRecord)
    assert vac.record.kort_antwoord == "kort" and vac.record.alternatieve_vragen == ["W?"]
    assert vac.record.gerelateerde_vacs[0].vac == "http://v"
    assert vac.record.toelichting is None and vac.etag is None


def test_wijziging_item_follows_soort() -> None:
    data = vac_dict()
    w = Wijziging.model_validate(
        {"soort": "vac", "uuid": data["uuid"], "gemeente": "dijkstad", "verwijderd": False, "item": data}
    )
    assert isinstance(w.item, Vac) and w.vac is w.item and w.kennisartikel is None
    weg = Wijziging.model_validate(
        {"soort": "kennisartikel", "uuid": str(uuid.uuid4()), "gemeente": "d", "verwijderd": True, "item": None}
    )
    assert weg.item is None and weg.kennisartikel is None and weg.verwijderd


def test_kennisartikel_envelope() -> None:
    artikel = Kennisartikel.model_validate(
        {
            "uuid": str(uuid.uuid4()),
            "gemeente": "dijkstad",
            "laag": "gemeentelijk",
            "lokaal": False,
            "fingerprint": "v1:sha256:0",
            "herkomst": {"titel": "generiek"},
            "record": {"vertalingen": [{"taal": "nl", "titel": "Paspoort", "tekst": "", "datumWijziging": NU}]},
        }
    )
    assert artikel.titel == "Paspoort"


def test_problem_defaults() -> None:
    problem = Problem.model_validate(
        {"title": "Ongeldige invoer", "status": 400, "fouten": [{"veld": "limit", "melding": "te klein"}]}
    )
    assert problem.type == "about:blank" and problem.fouten[0].veld == "limit"
