"""The Objecten-compatible feed that KISS reads: the Objects API 2.7 shapes, record.data as the export writes it,
scopes, withdrawal at once, and constant queries."""

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.actions.unpublish import UnpublishAction

from contenthub.api.sleutels import maak_sleutel
from contenthub.uitwisseling.exporteren import kennisartikel_objecten, vac_objecten
from tests.factories import AanvullingFactory, GemeenteFactory, KennisartikelFactory, VraagAntwoordFactory, publiceer

pytestmark = pytest.mark.django_db
SCHEMAS = Path(__file__).resolve().parents[2].parent / "shared" / "schemas"


def _nullable(schema):
    """OpenAPI 3.0's ``nullable: true`` as JSON Schema (Draft 7 does not know the keyword)."""
    if isinstance(schema, dict):
        schema = {k: _nullable(v) for k, v in schema.items()}
        if schema.pop("nullable", False):
            return {"anyOf": [schema, {"type": "null"}]}
        return schema
    if isinstance(schema, list):
        return [_nullable(v) for v in schema]
    return schema


@pytest.fixture(scope="module")
def object_schema():
    spec = yaml.safe_load((SCHEMAS / "objects-api-v2-openapi.yaml").read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(
        {"$ref": "#/components/schemas/Object", "components": _nullable(spec["components"])},
        format_checker=jsonschema.FormatChecker(),
    )


def _data_schema(naam):
    return jsonschema.Draft7Validator(json.loads((SCHEMAS / naam).read_text()), format_checker=jsonschema.FormatChecker())


@pytest.fixture
def inhoud(dijkstad, bosrijk):
    artikel = publiceer(KennisartikelFactory(live=False, titel="Paspoort aanvragen", desk_memo="Intern: bel BZK."))
    publiceer(AanvullingFactory.build(gemeente=dijkstad, kennisartikel=artikel, titel=""))
    vac = publiceer(VraagAntwoordFactory(gemeente=dijkstad, vraag="Waar haal ik mijn paspoort?", toelichting="Alleen KCC."))
    publiceer(VraagAntwoordFactory(gemeente=bosrijk, vraag="Bosrijkvraag?"))
    for i in range(3):
        publiceer(VraagAntwoordFactory(gemeente=None, vraag=f"Generieke vraag {i}?"))
    return {"artikel": artikel, "vac": vac}


def lees(client, geheim, pad="/objecten/api/v2/objects", soort="Token", **params):
    return client.get(pad, params, HTTP_AUTHORIZATION=f"{soort} {geheim}")


def test_kiss_leest_vacs_en_kennisartikelen(client, dijkstad, inhoud, object_schema):
    _, geheim = maak_sleutel(naam="KISS", kanaal="kennisbank", gemeenten=[dijkstad], intern=True)
    vacs = lees(client, geheim, type=settings.OBJECTTYPE_VAC_URL).json()
    assert vacs["count"] == 4 and vacs["next"] is None and vacs["previous"] is None
    assert "Bosrijkvraag?" not in json.dumps(vacs)
    verwacht = {o["uuid"]: o["record"]["data"] for o in vac_objecten([dijkstad])["dijkstad"]}
    for obj in vacs["results"]:
        assert not list(object_schema.iter_errors(obj)), obj["uuid"]
        assert obj["record"]["data"] == verwacht[obj["uuid"]], "record.data is precies wat de export schrijft"
        assert not list(_data_schema("vac-schema.json").iter_errors(obj["record"]["data"]))
        assert obj["url"].endswith(f"/objecten/api/v2/objects/{obj['uuid']}")
    artikelen = lees(client, geheim, type=settings.OBJECTTYPE_KENNISARTIKEL_URL).json()
    (artikel,) = artikelen["results"]
    assert artikel["record"]["data"] == kennisartikel_objecten([dijkstad])["dijkstad"][0]["record"]["data"]
    assert "BZK" in artikel["record"]["data"]["vertalingen"][0]["deskMemo"]
    assert not list(_data_schema("kennisartikel-schema.json").iter_errors(artikel["record"]["data"]))
    los = lees(client, geheim, pad=f"/objecten/api/v2/objects/{artikel['uuid']}").json()
    assert los == artikel


def test_zonder_intern_geen_interne_velden_en_bearer_werkt_ook(client, dijkstad, inhoud):
    _, geheim = maak_sleutel(naam="Site", kanaal="website", gemeenten=[dijkstad])
    alles = lees(client, geheim, soort="Bearer").json()
    tekst = json.dumps(alles)
    assert alles["count"] == 5 and "deskMemo" not in tekst and "toelichting" not in tekst and "Alleen KCC" not in tekst


def test_bladeren_en_fouten(client, dijkstad, inhoud):
    _, geheim = maak_sleutel(naam="KISS", kanaal="kennisbank", gemeenten=[dijkstad])
    eerste = lees(client, geheim, type=settings.OBJECTTYPE_VAC_URL, pageSize=3).json()
    assert len(eerste["results"]) == 3 and "page=2" in eerste["next"] and eerste["previous"] is None
    tweede = client.get(eerste["next"], HTTP_AUTHORIZATION=f"Token {geheim}").json()
    assert len(tweede["results"]) == 1 and tweede["next"] is None and "page=1" in tweede["previous"]
    assert not {o["uuid"] for o in eerste["results"]} & {o["uuid"] for o in tweede["results"]}
    assert lees(client, geheim, page=9).status_code == 404
    assert lees(client, geheim, page="x").status_code == 400
    assert lees(client, "onzin").status_code == 401 and client.get("/objecten/api/v2/objects").status_code == 401
    assert lees(client, geheim, type="https://elders.example/objecttypes/1").json()["count"] == 0


def test_ingetrokken_is_meteen_weg(client, dijkstad, inhoud):
    _, geheim = maak_sleutel(naam="KISS", kanaal="kennisbank", gemeenten=[dijkstad])
    assert "Waar haal ik mijn paspoort?" in lees(client, geheim).content.decode()
    UnpublishAction(inhoud["vac"]).execute(skip_permission_checks=True)
    assert "Waar haal ik mijn paspoort?" not in lees(client, geheim).content.decode()


def test_vaste_queries(client):
    gemeente = GemeenteFactory(slug="groot")
    _, geheim = maak_sleutel(naam="KISS", kanaal="kennisbank", gemeenten=[gemeente])
    tellingen = []
    for aantal in (3, 27):
        for _ in range(aantal):
            artikel = publiceer(KennisartikelFactory(live=False))
            publiceer(AanvullingFactory.build(gemeente=gemeente, kennisartikel=artikel, titel=""))
            publiceer(VraagAntwoordFactory(gemeente=gemeente))
        lees(client, geheim)  # the first call of a minute records when the key was last used
        with CaptureQueriesContext(connection) as q:
            assert lees(client, geheim, pageSize=500).status_code == 200
        tellingen.append(len(q))
    assert tellingen[0] == tellingen[1], tellingen
