"""Delivery API v1: keys and scopes, composed records in the published shapes, ETags, cursors, problem details,
rate limit, and a constant number of queries per page whatever the size of the catalogue."""

import io
import json
from pathlib import Path

import jsonschema
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contenthub.api.sleutels import maak_sleutel
from contenthub.content.models import SectieAanpassing
from contenthub.core.enums import VacStatus
from tests.factories import (
    AanvullingFactory,
    GemeenteFactory,
    KennisartikelFactory,
    SjabloonFactory,
    VraagAntwoordFactory,
    publiceer,
)

pytestmark = pytest.mark.django_db
SCHEMAS = Path(__file__).resolve().parents[2].parent / "shared" / "schemas"


def _validator(naam: str) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(json.loads((SCHEMAS / naam).read_text()), format_checker=jsonschema.FormatChecker())


class Api:
    def __init__(self, client, geheim: str):
        self.client, self.geheim = client, geheim

    def get(self, pad: str, **kop):
        return self.client.get(f"/api/v1{pad}", HTTP_AUTHORIZATION=f"Bearer {self.geheim}", **kop)


def sleutel(client, gemeenten, kanaal="website", **scopes) -> Api:
    _, geheim = maak_sleutel(naam="test", kanaal=kanaal, gemeenten=gemeenten, **scopes)
    return Api(client, geheim)


@pytest.fixture
def inhoud(dijkstad, bosrijk):
    artikel = publiceer(
        KennisartikelFactory(live=False, titel="Paspoort aanvragen", desk_memo="Intern: bel BZK.", levensgebeurtenissen=[])
    )
    eigen = AanvullingFactory.build(gemeente=dijkstad, kennisartikel=artikel, titel="", desk_memo="Dijkstad-memo.")
    eigen.secties.add(SectieAanpassing(sectie="kosten_en_betaalmethoden", modus="vervangen", tekst="In Dijkstad € 84,70."))
    publiceer(eigen)
    vreemd = AanvullingFactory.build(gemeente=bosrijk, kennisartikel=artikel, titel="")
    vreemd.secties.add(SectieAanpassing(sectie="kosten_en_betaalmethoden", modus="vervangen", tekst="In Bosrijk € 99,00."))
    publiceer(vreemd)
    lokaal = publiceer(
        AanvullingFactory.build(gemeente=dijkstad, kennisartikel=None, titel="Dijkstadpas", upn_uri="https://x/dijkstadpas")
    )
    generiek_vac = publiceer(VraagAntwoordFactory(gemeente=None, vraag="Hoe lang is een paspoort geldig?", toelichting="Intern."))
    bosrijk_vac = publiceer(VraagAntwoordFactory(gemeente=bosrijk, vraag="Bosrijkvraag?"))
    non_actief = publiceer(VraagAntwoordFactory(gemeente=dijkstad, vraag="Oude vraag?", status=VacStatus.NON_ACTIEF))
    return {"artikel": artikel, "lokaal": lokaal, "vac": generiek_vac, "bosrijk_vac": bosrijk_vac, "non_actief": non_actief}


def test_zonder_geldige_sleutel_401_als_problem_details(client, dijkstad):
    for kop in ({}, {"HTTP_AUTHORIZATION": "Bearer ch_00000000_onzin"}, {"HTTP_AUTHORIZATION": "Basic eA=="}):
        r = client.get("/api/v1/gemeenten", **kop)
        assert r.status_code == 401 and r["Content-Type"] == "application/problem+json"
        assert r.json()["title"] == "Niet aangemeld" and r["WWW-Authenticate"].startswith("Bearer")


def test_kennisartikelen_zoals_de_gemeente_ze_toont(client, dijkstad, inhoud):
    api = sleutel(client, [dijkstad])
    r = api.get("/gemeenten/dijkstad/kennisartikelen")
    assert r.status_code == 200
    items = {i["uuid"]: i for i in r.json()["results"]}
    assert set(items) == {str(inhoud["artikel"].pk), str(inhoud["lokaal"].pk)}
    paspoort = items[str(inhoud["artikel"].pk)]
    assert paspoort["laag"] == "gemeentelijk" and paspoort["herkomst"]["kosten_en_betaalmethoden"] == "vervangen"
    tekst = json.dumps(r.json())
    assert "84,70" in tekst and "Bosrijk" not in tekst, "nooit inhoud van een andere gemeente"
    assert "BZK" not in tekst and "Dijkstad-memo" not in tekst and "desk_memo" not in paspoort["herkomst"]
    assert items[str(inhoud["lokaal"].pk)]["lokaal"] is True
    schema = _validator("kennisartikel-schema.json")
    for item in items.values():
        assert not list(schema.iter_errors(item["record"])), item["uuid"]


def test_vacs_eigen_en_generiek_alleen_actief(client, dijkstad, inhoud):
    api = sleutel(client, [dijkstad])
    vragen = {i["record"]["vraag"]: i for i in api.get("/gemeenten/dijkstad/vacs").json()["results"]}
    assert set(vragen) == {"Hoe lang is een paspoort geldig?"}, "geen non-actief, geen VAC van een andere gemeente"
    assert "toelichting" not in vragen["Hoe lang is een paspoort geldig?"]["record"]
    schema = _validator("vac-schema.json")
    assert not list(schema.iter_errors(vragen["Hoe lang is een paspoort geldig?"]["record"]))
    assert api.get(f"/gemeenten/dijkstad/vacs/{inhoud['bosrijk_vac'].pk}").status_code == 404
    assert api.get(f"/gemeenten/dijkstad/vacs/{inhoud['non_actief'].pk}").status_code == 404


def test_intern_alleen_met_scope_en_een_eigen_etag(client, dijkstad, inhoud):
    publiek = sleutel(client, [dijkstad])
    intern = sleutel(client, [dijkstad], kanaal="kennisbank", intern=True)
    pad = f"/gemeenten/dijkstad/kennisartikelen/{inhoud['artikel'].pk}"
    a, b = publiek.get(pad), intern.get(pad)
    memo = b.json()["record"]["vertalingen"][0]["deskMemo"]
    assert "BZK" in memo and "Dijkstad-memo" in memo
    assert "deskMemo" not in a.json()["record"]["vertalingen"][0]
    assert a["ETag"] != b["ETag"] and a.json()["fingerprint"] != b.json()["fingerprint"]
    vac = f"/gemeenten/dijkstad/vacs/{inhoud['vac'].pk}"
    assert "toelichting" in intern.get(vac).json()["record"] and "toelichting" not in publiek.get(vac).json()["record"]


def test_een_gemeente_buiten_de_sleutel_bestaat_niet(client, dijkstad, bosrijk, inhoud):
    api = sleutel(client, [dijkstad])
    r = api.get("/gemeenten/bosrijk/kennisartikelen")
    assert r.status_code == 404 and r["Content-Type"] == "application/problem+json"
    assert [g["slug"] for g in api.get("/gemeenten").json()] == ["dijkstad"]


def test_etag_en_304(client, dijkstad, inhoud):
    api = sleutel(client, [dijkstad])
    pad = f"/gemeenten/dijkstad/kennisartikelen/{inhoud['artikel'].pk}"
    eerste = api.get(pad)
    assert eerste["Cache-Control"] == "private, no-cache"
    tweede = api.get(pad, HTTP_IF_NONE_MATCH=eerste["ETag"])
    assert tweede.status_code == 304 and tweede.content == b"" and tweede["ETag"] == eerste["ETag"]
    artikel = inhoud["artikel"].get_latest_revision_as_object()
    artikel.titel = "Paspoort of ID-kaart aanvragen"
    publiceer(artikel)
    assert api.get(pad, HTTP_IF_NONE_MATCH=eerste["ETag"]).status_code == 200


def test_cursor_bladert_zonder_dubbelen(client, dijkstad):
    for i in range(7):
        publiceer(KennisartikelFactory(live=False, titel=f"Product {i}"))
    api = sleutel(client, [dijkstad])
    gezien, pad = [], "/gemeenten/dijkstad/kennisartikelen?limit=3"
    while pad:
        r = api.get(pad).json()
        assert len(r["results"]) <= 3
        gezien += [i["uuid"] for i in r["results"]]
        pad = r["next"].split("/api/v1", 1)[1] if r["next"] else None
    assert len(gezien) == 7 == len(set(gezien)) and gezien == sorted(gezien)
    onzin = api.get("/gemeenten/dijkstad/kennisartikelen?cursor=%%%")
    assert onzin.status_code == 400 and onzin.json()["title"] == "Ongeldige cursor"


def test_filters_en_velden(client, dijkstad, inhoud):
    verhuizen = publiceer(KennisartikelFactory(live=False, titel="Verhuizing doorgeven", levensgebeurtenissen=["verhuizen"]))
    api = sleutel(client, [dijkstad])

    def uuids(query):
        return {i["uuid"] for i in api.get(f"/gemeenten/dijkstad/kennisartikelen?{query}").json()["results"]}

    assert uuids("levensgebeurtenis=verhuizen") == {str(verhuizen.pk)}
    assert uuids("laag=generiek") == {str(verhuizen.pk)}
    assert uuids("laag=gemeentelijk") == {str(inhoud["artikel"].pk), str(inhoud["lokaal"].pk)}
    assert uuids("upl=https://x/dijkstadpas") == {str(inhoud["lokaal"].pk)}
    assert uuids("gewijzigd_sinds=2999-01-01T00:00:00Z") == set()
    r = api.get("/gemeenten/dijkstad/kennisartikelen?fields=upnUri,uuid").json()["results"][0]
    assert set(r["record"]) == {"upnUri", "uuid"} and "fingerprint" in r
    fout = api.get("/gemeenten/dijkstad/kennisartikelen?doelgroep=iedereen")
    assert fout.status_code == 400 and fout.json()["fouten"][0]["veld"] == "doelgroep"


def test_sjablonen_alleen_met_persoonlijk_en_tot_het_niveau(client, dijkstad):
    publiceer(SjabloonFactory(live=False, naam="Basis", vereist_betrouwbaarheidsniveau="basis", kanalen=["mijngemeente"]))
    publiceer(SjabloonFactory(live=False, naam="Hoog", vereist_betrouwbaarheidsniveau="hoog", kanalen=["mijngemeente"]))
    publiceer(SjabloonFactory(live=False, naam="Alleen KCC", vereist_betrouwbaarheidsniveau="basis", kanalen=["kcc"]))
    assert sleutel(client, [dijkstad]).get("/sjablonen").status_code == 403
    portaal = sleutel(client, [dijkstad], kanaal="mijngemeente", persoonlijk="substantieel")
    assert [s["record"]["naam"] for s in portaal.get("/sjablonen").json()] == ["Basis"]


def test_limiet_per_sleutel(client, dijkstad, settings):
    settings.API_LIMIET_PER_MINUUT = 2
    api = sleutel(client, [dijkstad])
    assert [api.get("/gemeenten").status_code for _ in range(2)] == [200, 200]
    r = api.get("/gemeenten")
    assert r.status_code == 429 and 1 <= int(r["Retry-After"]) <= 60 and r.json()["title"] == "Te veel verzoeken"
    assert sleutel(client, [dijkstad]).get("/gemeenten").status_code == 200, "de limiet geldt per sleutel"


@pytest.mark.parametrize("pad", ["/gemeenten/groot/kennisartikelen?limit=1000", "/gemeenten/groot/vacs?limit=1000"])
def test_vaste_queries_per_pagina(client, pad):
    """Equal query counts for a catalogue of 3 and of 30 products and VACs (with aanvullingen)."""
    gemeente = GemeenteFactory(slug="groot")
    api = sleutel(client, [gemeente])
    tellingen = []
    for aantal in (3, 27):
        for _ in range(aantal):
            artikel = publiceer(KennisartikelFactory(live=False))
            a = AanvullingFactory.build(gemeente=gemeente, kennisartikel=artikel, titel="")
            a.secties.add(SectieAanpassing(sectie="tekst", modus="aanvullen", tekst="Lokaal."))
            publiceer(a)
            publiceer(VraagAntwoordFactory(gemeente=gemeente))
        api.get("/gemeenten")  # the first call of a minute records when the key was last used
        with CaptureQueriesContext(connection) as q:
            r = api.get(pad)
        assert r.status_code == 200
        tellingen.append(len(q))
    assert tellingen[0] == tellingen[1], tellingen


def test_openapi_en_docs(client):
    spec = client.get("/api/v1/schema/")
    assert spec.status_code == 200 and spec.json()["openapi"].startswith("3.")
    assert "/api/v1/gemeenten/{slug}/kennisartikelen" in spec.json()["paths"]
    assert client.get("/api/v1/docs/").status_code == 200


def test_apikey_commando(client, dijkstad):
    uit = io.StringIO()
    call_command(
        "apikey", "create", "--naam", "KISS Dijkstad", "--kanaal", "kennisbank", "--gemeente", "dijkstad", "--intern", stdout=uit
    )
    geheim = uit.getvalue().split()[-1]
    assert geheim.startswith("ch_") and Api(client, geheim).get("/gemeenten").status_code == 200
    with pytest.raises(CommandError, match="persoonlijk"):
        call_command(
            "apikey", "create", "--naam", "x", "--kanaal", "website", "--gemeente", "dijkstad", "--persoonlijk", "midden"
        )
    with pytest.raises(CommandError, match="onbekend"):
        call_command("apikey", "create", "--naam", "x", "--kanaal", "website", "--gemeente", "onbekend")
    call_command("apikey", "revoke", geheim.split("_")[1], stdout=io.StringIO())
    assert Api(client, geheim).get("/gemeenten").status_code == 401


def test_request_id_gaat_heen_en_terug(client, dijkstad):
    api = sleutel(client, [dijkstad])
    eigen = api.get("/gemeenten", HTTP_X_REQUEST_ID="kanaal-123")
    assert eigen["X-Request-ID"] == "kanaal-123"
    nieuw = api.get("/gemeenten", HTTP_X_REQUEST_ID="<script>")
    assert len(nieuw["X-Request-ID"]) == 32 and "<" not in nieuw["X-Request-ID"]


def test_een_gemeente(client, dijkstad, bosrijk):
    api = sleutel(client, [dijkstad])
    assert api.get("/gemeenten/dijkstad").json()["naam"] == "Gemeente Dijkstad"
    assert api.get("/gemeenten/bosrijk").status_code == 404
