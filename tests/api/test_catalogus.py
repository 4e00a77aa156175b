"""The per-process catalogue of the delivery API: kept while nothing changes, current on the very next read after
any change that channels should see (publish, change, withdrawal, a gemeente's contact data), and cheap to check."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contenthub.api.catalogus import catalogus, versies
from contenthub.content.models import SectieAanpassing
from tests.api.test_v1 import sleutel
from tests.factories import AanvullingFactory, GemeenteFactory, KennisartikelFactory, VraagAntwoordFactory, publiceer

pytestmark = pytest.mark.django_db


def _titels(api, slug):
    return sorted(i["record"]["vertalingen"][0]["titel"] for i in api.get(f"/gemeenten/{slug}/kennisartikelen").json()["results"])


def test_versie_groeit_per_gemeente_en_generiek(dijkstad, bosrijk):
    voor = versies([dijkstad, bosrijk])
    artikel = publiceer(KennisartikelFactory(live=False))
    na_generiek = versies([dijkstad, bosrijk])
    assert na_generiek[dijkstad.pk][0] > voor[dijkstad.pk][0] and na_generiek[bosrijk.pk][0] > voor[bosrijk.pk][0]
    publiceer(AanvullingFactory.build(gemeente=dijkstad, kennisartikel=artikel, titel=""))
    na_aanvulling = versies([dijkstad, bosrijk])
    assert na_aanvulling[dijkstad.pk][1] > na_generiek[dijkstad.pk][1], "een aanvulling raakt haar gemeente"
    assert na_aanvulling[bosrijk.pk] == na_generiek[bosrijk.pk], "en geen andere gemeente"
    artikel.titel = "Alleen een concept"
    artikel.save_revision()
    assert versies([dijkstad, bosrijk]) == na_aanvulling, "een concept verandert niets voor kanalen"


def test_elke_wijziging_meteen_zichtbaar(client, dijkstad):
    api = sleutel(client, [dijkstad])
    artikel = publiceer(KennisartikelFactory(live=False, titel="Paspoort"))
    assert _titels(api, "dijkstad") == ["Paspoort"]
    assert _titels(api, "dijkstad") == ["Paspoort"], "uit de cache"

    artikel.titel = "Paspoort aanvragen"
    publiceer(artikel)
    assert _titels(api, "dijkstad") == ["Paspoort aanvragen"], "een generieke wijziging"

    aanvulling = AanvullingFactory.build(gemeente=dijkstad, kennisartikel=artikel, titel="Paspoort in Dijkstad")
    publiceer(aanvulling)
    assert _titels(api, "dijkstad") == ["Paspoort in Dijkstad"], "een aanvulling"

    aanvulling.secties.add(SectieAanpassing(sectie="kosten_en_betaalmethoden", modus="vervangen", tekst="€ 84,70"))
    publiceer(aanvulling)
    r = api.get(f"/gemeenten/dijkstad/kennisartikelen/{artikel.pk}").json()
    assert "84,70" in str(r["record"]), "een sectie van de aanvulling"

    vac = publiceer(VraagAntwoordFactory(gemeente=dijkstad, vraag="Mag ik mijn paspoort ophalen?"))
    assert [v["record"]["vraag"] for v in api.get("/gemeenten/dijkstad/vacs").json()["results"]] == [vac.vraag]
    vac.unpublish()
    assert api.get("/gemeenten/dijkstad/vacs").json()["results"] == [], "een intrekking"
    assert api.get(f"/gemeenten/dijkstad/vacs/{vac.pk}").status_code == 404

    artikel.unpublish()
    assert _titels(api, "dijkstad") == [], "een ingetrokken generiek artikel verdwijnt ook met aanvulling"


def test_contactgegevens_van_de_gemeente_maken_haar_catalogus_nieuw(dijkstad, bosrijk):
    """A record may carry the gemeente's own data (the Objecten feed does): saving it starts a new catalogue."""
    eerst = catalogus(dijkstad)
    assert catalogus(dijkstad) is eerst
    anders = catalogus(bosrijk)
    dijkstad.telefoon = "14 099"
    dijkstad.save()
    assert catalogus(dijkstad) is not eerst
    assert catalogus(bosrijk) is anders


@pytest.mark.parametrize("pad", ["/gemeenten/groot/kennisartikelen?limit=1000", "/gemeenten/groot/vacs?limit=1000"])
def test_een_warme_lezing_kost_weinig_vaste_queries(client, pad):
    """Once composed, a read costs the key lookup, its gemeenten and one version query: equal at 3 and 30 items."""
    gemeente = GemeenteFactory(slug="groot")
    api = sleutel(client, [gemeente])
    tellingen = []
    for aantal in (3, 27):
        for _ in range(aantal):
            artikel = publiceer(KennisartikelFactory(live=False))
            publiceer(AanvullingFactory.build(gemeente=gemeente, kennisartikel=artikel, titel=""))
            publiceer(VraagAntwoordFactory(gemeente=gemeente))
        api.get(pad)  # composes (and records when the key was last used)
        with CaptureQueriesContext(connection) as q:
            assert api.get(pad).status_code == 200
        tellingen.append(len(q))
    assert tellingen[0] == tellingen[1] <= 3, tellingen


def test_een_gecontroleerde_sleutel_volgt_elke_wijziging_meteen(client, dijkstad, bosrijk):
    """Keys are kept per process while the keys' version stands: revoking or narrowing one counts on the next call."""
    from contenthub.api.models import ApiSleutel
    from contenthub.api.sleutels import maak_sleutel

    sleutel, geheim = maak_sleutel(naam="web", kanaal="website", gemeenten=[dijkstad, bosrijk])
    kop = {"HTTP_AUTHORIZATION": f"Bearer {geheim}"}
    assert client.get("/api/v1/gemeenten/bosrijk", **kop).status_code == 200
    voor = versies([dijkstad])
    ApiSleutel.objects.filter(pk=sleutel.pk).update(laatst_gebruikt_op=None)  # only the "last used" stamp
    assert client.get("/api/v1/gemeenten/bosrijk", **kop).status_code == 200
    assert versies([dijkstad]) == voor

    sleutel.gemeenten.remove(bosrijk)
    assert client.get("/api/v1/gemeenten/bosrijk", **kop).status_code == 404
    assert client.get("/api/v1/gemeenten/dijkstad", **kop).status_code == 200
    ApiSleutel.objects.filter(pk=sleutel.pk).update(actief=False)
    assert client.get("/api/v1/gemeenten/dijkstad", **kop).status_code == 401
    assert client.get("/objecten/api/v2/objects", HTTP_AUTHORIZATION=f"Token {geheim}").status_code == 401
