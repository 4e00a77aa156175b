"""schemathesis on a live server: our own OpenAPI spec for /api/v1, and the published Objects API 2.7 spec for the
GET operations of the Objecten feed (that spec declares no 4xx responses, so there only server errors and response
schemas are checked)."""

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance, status_code_conformance

from contenthub.api.sleutels import maak_sleutel
from contenthub.content.models import SectieAanpassing
from tests.factories import (
    AanvullingFactory,
    GemeenteFactory,
    KennisartikelFactory,
    SjabloonFactory,
    VraagAntwoordFactory,
    publiceer,
)

# serialized_rollback like the other transactional tests: a plain flush re-runs post_migrate (groups), which the
# next serialized test would then load a second time.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
OBJECTS_SPEC = Path(__file__).resolve().parents[2].parent / "shared" / "schemas" / "objects-api-v2-openapi.yaml"
INSTELLINGEN = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.fixture
def hub(live_server):
    """A gemeente with composed content and a key that may see everything (intern, persoonlijk)."""
    gemeente = GemeenteFactory(slug="dijkstad", naam="Gemeente Dijkstad")
    artikel = publiceer(KennisartikelFactory(live=False, titel="Paspoort", levensgebeurtenissen=["verhuizen"]))
    a = AanvullingFactory.build(gemeente=gemeente, kennisartikel=artikel, titel="")
    a.secties.add(SectieAanpassing(sectie="kosten_en_betaalmethoden", modus="vervangen", tekst="€ 84,70"))
    publiceer(a)
    publiceer(AanvullingFactory.build(gemeente=gemeente, kennisartikel=None, titel="Dijkstadpas", upn_uri="https://x/pas"))
    publiceer(VraagAntwoordFactory(gemeente=gemeente, toelichting="Intern."))
    publiceer(VraagAntwoordFactory(gemeente=None))
    publiceer(SjabloonFactory(live=False, kanalen=["kcc", "mijngemeente"]))
    _, geheim = maak_sleutel(naam="st", kanaal="mijngemeente", gemeenten=[gemeente], intern=True, persoonlijk="hoog")
    return {"url": live_server.url, "sleutel": geheim}


@pytest.fixture
def api_v1(hub):
    return schemathesis.openapi.from_url(f"{hub['url']}/api/v1/schema/")


@pytest.fixture
def objecten_api(hub):
    return schemathesis.openapi.from_path(str(OBJECTS_SPEC))


v1 = schemathesis.pytest.from_fixture("api_v1")
# Only the two operations the feed serves (the spec also writes objects and serves objecttypes).
objecten = schemathesis.pytest.from_fixture("objecten_api").include(method="GET", path_regex=r"^/objects(/\{uuid\})?$")


@v1.parametrize()
@INSTELLINGEN
def test_api_v1_volgens_de_eigen_spec(case, hub):
    if "slug" in (case.path_parameters or {}):
        case.path_parameters["slug"] = "dijkstad"  # unknown gemeenten (404) are covered elsewhere; reach real content
    case.call_and_validate(
        headers={"Authorization": f"Bearer {hub['sleutel']}"},
        checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance],
    )


@objecten.parametrize()
@INSTELLINGEN
def test_objecten_feed_volgens_de_objects_api_spec(case, hub):
    case.call_and_validate(
        base_url=f"{hub['url']}/objecten/api/v2",
        headers={"Authorization": f"Token {hub['sleutel']}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
