"""The kennisbank publisher against the real OpenSearch node that bin/test starts (or OPENSEARCH_URL)."""

import pytest
from django.conf import settings

from contenthub.publicatie.levering import lever
from contenthub.publicatie.models import Levering, Status
from contenthub.publicatie.samenstellen import Doelen
from publishers.base import Bestemming, TijdelijkeFout
from publishers.kennisbank import KennisbankPublisher
from publishers.payload import Intrekking
from publishers.registry import publisher
from tests.factories import AanvullingFactory, KennisartikelFactory, VraagAntwoordFactory, publiceer

pytestmark = pytest.mark.django_db


@pytest.fixture
def kennisbank() -> KennisbankPublisher:
    if not settings.OPENSEARCH_URL:
        pytest.fail("OPENSEARCH_URL ontbreekt: draai de tests met bin/test, dat een OpenSearch-node start.")
    pub = publisher("kennisbank")
    pub.zorg_voor_index()
    return pub


def ververs(pub: KennisbankPublisher) -> None:
    pub.client.indices.refresh(index=pub.alias)


def test_publicatie_en_intrekking_in_de_kennisbank(kennisbank, dijkstad, bosrijk):
    artikel = KennisartikelFactory(live=False, titel="Rijbewijs verlengen")
    artikel.desk_memo = "Intern: verwijs bij twijfel naar het CBR."
    publiceer(artikel)
    publiceer(AanvullingFactory.build(gemeente=dijkstad, kennisartikel=artikel, titel="Rijbewijs verlengen in Dijkstad"))
    vac = publiceer(VraagAntwoordFactory(gemeente=dijkstad, toelichting="Alleen voor het KCC."))
    uitkomst = lever("kennisbank", [dijkstad, bosrijk], Doelen(kennisartikelen={artikel.pk}, vacs={vac.pk}))
    assert uitkomst.gepubliceerd == 3
    doc = kennisbank.document("dijkstad", "kennisartikel", artikel.pk)
    assert doc["titel"] == "Rijbewijs verlengen in Dijkstad" and "CBR" in doc["intern"]["desk_memo"]
    assert doc["fingerprint"] == Levering.objects.get(kanaal="kennisbank", gemeente=dijkstad, item_uuid=artikel.pk).fingerprint
    assert kennisbank.document("bosrijk", "kennisartikel", artikel.pk)["titel"] == "Rijbewijs verlengen"
    assert "KCC" in kennisbank.document("dijkstad", "vac", vac.pk)["intern"]["toelichting"]
    assert kennisbank.document("bosrijk", "vac", vac.pk) is None, "een VAC van Dijkstad hoort niet bij Bosrijk"
    ververs(kennisbank)
    gevonden = kennisbank.client.search(index=kennisbank.alias, body={"query": {"match": {"titel": "RIJBEWIJS"}}})
    assert gevonden["hits"]["total"]["value"] == 2  # searchable at once after a refresh, per gemeente

    from wagtail.actions.unpublish import UnpublishAction

    UnpublishAction(artikel).execute(skip_permission_checks=True)
    assert lever("kennisbank", [dijkstad, bosrijk], Doelen(kennisartikelen={artikel.pk})).ingetrokken == 2
    assert kennisbank.document("dijkstad", "kennisartikel", artikel.pk) is None
    assert Levering.objects.get(kanaal="kennisbank", gemeente=bosrijk, item_uuid=artikel.pk).status == Status.INGETROKKEN


def test_de_node_weigert_een_oudere_versie(kennisbank, dijkstad):
    vac = publiceer(VraagAntwoordFactory(gemeente=dijkstad, vraag="Wanneer wordt het grofvuil opgehaald?"))
    lever("kennisbank", [dijkstad], Doelen(vacs={vac.pk}))
    rij = Levering.objects.get(kanaal="kennisbank", item_uuid=vac.pk)
    from contenthub.publicatie.levering import gewenste_inhoud

    ((item, inhoud, fp),) = gewenste_inhoud("kennisbank", [dijkstad], Doelen(vacs={vac.pk})).values()
    with pytest.raises(TijdelijkeFout, match="nieuwere versie"):
        kennisbank.publiceer(item, dict(inhoud, vraag="Verouderd"), "v1:sha256:oud", rij.volgnummer - 1, Bestemming())
    with pytest.raises(TijdelijkeFout, match="nieuwere versie"):
        kennisbank.trek_in(
            Intrekking(soort="vac", uuid=vac.pk, gemeente="dijkstad", url=item.url, laatste_fingerprint=fp),
            rij.volgnummer - 1,
            Bestemming(),
        )
    assert kennisbank.document("dijkstad", "vac", vac.pk)["fingerprint"] == rij.fingerprint


def test_onbereikbare_kennisbank_is_een_tijdelijke_fout(dijkstad):
    onbereikbaar = KennisbankPublisher("http://127.0.0.1:9", alias="bestaat-niet", timeout=1)
    vac = publiceer(VraagAntwoordFactory(gemeente=dijkstad))
    from contenthub.publicatie.samenstellen import kanaal_items

    (item,) = kanaal_items([dijkstad], Doelen(vacs={vac.pk})).values()
    with pytest.raises(TijdelijkeFout, match="niet bereikbaar"):
        onbereikbaar.publiceer(item, onbereikbaar.inhoud(item), "v1:sha256:x", 1, Bestemming())


def test_herbouw_wisselt_de_alias_zonder_onderbreking(kennisbank, dijkstad):
    vac = publiceer(VraagAntwoordFactory(gemeente=dijkstad))
    lever("kennisbank", [dijkstad], Doelen(vacs={vac.pk}))
    oud = list(kennisbank.client.indices.get_alias(name=kennisbank.alias))
    nieuw = kennisbank.maak_index()
    assert kennisbank.wissel_alias(nieuw) == oud
    assert list(kennisbank.client.indices.get_alias(name=kennisbank.alias)) == [nieuw]
    assert kennisbank.document("dijkstad", "vac", vac.pk) is None  # the new index is empty until filled
    assert lever("kennisbank", [dijkstad], Doelen(vacs={vac.pk}), opnieuw=True).gepubliceerd == 1
    assert kennisbank.document("dijkstad", "vac", vac.pk) is not None


def test_eerste_levering_op_een_lege_node_maakt_index_en_alias(kennisbank, dijkstad):
    """OpenSearch would create a plain index named like the alias on a first write; then no alias could follow."""
    vers = KennisbankPublisher(settings.OPENSEARCH_URL, alias=f"{kennisbank.alias}-vers")
    vac = publiceer(VraagAntwoordFactory(gemeente=dijkstad))
    from contenthub.publicatie.samenstellen import kanaal_items

    (item,) = kanaal_items([dijkstad], Doelen(vacs={vac.pk})).values()
    try:
        vers.publiceer(item, vers.inhoud(item), "v1:sha256:eerste", 1, Bestemming())
        assert vers.client.indices.exists_alias(name=vers.alias)
        assert vers.document("dijkstad", "vac", vac.pk)["fingerprint"] == "v1:sha256:eerste"
    finally:
        vers.client.indices.delete(index=f"{vers.alias}-*")
