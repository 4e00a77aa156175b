"""Scopes hold on every endpoint, the Objecten feed included: hypothesis over keys × resources × endpoints.

A key without *intern* never sees deskMemo or toelichting (not as a field, not as text); a key without
*persoonlijk* never sees templates; a key for some gemeenten never sees another gemeente's aanvullingen or VACs.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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

pytestmark = pytest.mark.django_db
SLUGS = ("noord", "oost", "zuid")
KANALEN = ("website", "kennisbank", "chatbot", "social", "mijngemeente", "whatsapp", "balie")
IDENTIFICEREND = ["kcc", "chatbot", "mijngemeente", "whatsapp", "balie"]


@pytest.fixture
def wereld(db):
    gemeenten = {s: GemeenteFactory(slug=s, naam=f"Gemeente {s.title()}") for s in SLUGS}
    artikel = publiceer(KennisartikelFactory(live=False, titel="Paspoort", desk_memo="GEHEIM-landelijk"))
    uit = {"artikel": artikel, "gemeenten": gemeenten, "vacs": {}, "lokaal": {}}
    for slug, g in gemeenten.items():
        a = AanvullingFactory.build(gemeente=g, kennisartikel=artikel, titel="", desk_memo=f"GEHEIM-{slug}")
        a.secties.add(SectieAanpassing(sectie="tekst", modus="aanvullen", tekst=f"INHOUD-{slug}"))
        publiceer(a)
        uit["lokaal"][slug] = publiceer(
            AanvullingFactory.build(gemeente=g, kennisartikel=None, titel=f"INHOUD-{slug} pas", upn_uri=f"https://x/{slug}")
        )
        uit["vacs"][slug] = publiceer(
            VraagAntwoordFactory(gemeente=g, vraag=f"INHOUD-{slug} vraag?", toelichting=f"TOELICHTING-{slug}")
        )
    publiceer(VraagAntwoordFactory(gemeente=None, vraag="Generieke vraag?", toelichting="TOELICHTING-landelijk"))
    publiceer(SjabloonFactory(live=False, naam="SJABLOON-basis", vereist_betrouwbaarheidsniveau="basis", kanalen=IDENTIFICEREND))
    return uit


def _paden(wereld, slug: str) -> list[str]:
    return [
        "/api/v1/gemeenten",
        f"/api/v1/gemeenten/{slug}/kennisartikelen",
        f"/api/v1/gemeenten/{slug}/kennisartikelen/{wereld['artikel'].pk}",
        f"/api/v1/gemeenten/{slug}/kennisartikelen/{wereld['lokaal'][slug].pk}",
        f"/api/v1/gemeenten/{slug}/vacs",
        f"/api/v1/gemeenten/{slug}/vacs/{wereld['vacs'][slug].pk}",
        "/api/v1/sjablonen",
        "/api/v1/sync?limit=1000",
        "/objecten/api/v2/objects?pageSize=500",
    ]


SLEUTELS = st.builds(
    dict,
    kanaal=st.sampled_from(KANALEN),
    gemeenten=st.sets(st.sampled_from(SLUGS), min_size=1),
    intern=st.booleans(),
    persoonlijk=st.sampled_from(["", "basis", "hoog"]),
    gevraagd=st.sampled_from(SLUGS),
    auth=st.sampled_from(["Bearer", "Token"]),
)


def test_scopes_houden_overal_stand(client, wereld):
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(SLEUTELS)
    def eigenschap(s):
        persoonlijk = "" if s["kanaal"] in ("website", "social") else s["persoonlijk"]
        _, geheim = maak_sleutel(
            naam="h",
            kanaal=s["kanaal"],
            gemeenten=[wereld["gemeenten"][g] for g in s["gemeenten"]],
            intern=s["intern"],
            persoonlijk=persoonlijk,
        )
        for pad in _paden(wereld, s["gevraagd"]):
            soort = s["auth"] if pad.startswith("/objecten") else "Bearer"
            r = client.get(pad, HTTP_AUTHORIZATION=f"{soort} {geheim}")
            tekst = r.content.decode()
            if s["gevraagd"] not in s["gemeenten"] and "/gemeenten/" in pad:
                assert r.status_code == 404, pad
            for vreemd in set(SLUGS) - s["gemeenten"]:
                assert f"INHOUD-{vreemd}" not in tekst and f"GEHEIM-{vreemd}" not in tekst, (pad, vreemd)
            if not s["intern"]:
                for verboden in ("GEHEIM-", "TOELICHTING-", '"deskMemo"', '"toelichting"', '"desk_memo"'):
                    assert verboden not in tekst, (pad, verboden)
            if pad.endswith("/sjablonen"):
                assert (r.status_code == 200) == bool(persoonlijk), (pad, persoonlijk)
            if not persoonlijk:
                assert "SJABLOON-" not in tekst, pad

    eigenschap()
