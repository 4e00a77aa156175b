"""The database kennisbank of the embedded default: same payload and the same never-older rule as OpenSearch."""

import pytest

from contenthub.kennisbank.database import DatabaseKennisbankPublisher
from contenthub.kennisbank.models import KennisbankDocument
from contenthub.publicatie.levering import lever
from contenthub.publicatie.samenstellen import Doelen, kanaal_items
from publishers.base import Bestemming, TijdelijkeFout
from publishers.payload import Intrekking, fingerprint
from publishers.registry import publisher, registreer
from tests.factories import VraagAntwoordFactory, publiceer

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_kennisbank():
    echt = publisher("kennisbank")
    pub = registreer(DatabaseKennisbankPublisher())
    yield pub
    registreer(echt)


def test_levering_intrekking_en_nooit_ouder(database_kennisbank, dijkstad):
    vac = publiceer(VraagAntwoordFactory(gemeente=dijkstad, toelichting="Alleen voor het KCC."))
    assert lever("kennisbank", [dijkstad], Doelen(vacs={vac.pk})).gepubliceerd == 1
    doc = database_kennisbank.document("dijkstad", "vac", vac.pk)
    assert "KCC" in doc["intern"]["toelichting"] and doc["vraag"] == vac.vraag

    (item,) = kanaal_items([dijkstad], Doelen(vacs={vac.pk})).values()
    oud = dict(database_kennisbank.inhoud(item), vraag="Verouderd")
    with pytest.raises(TijdelijkeFout, match="nieuwere versie"):
        database_kennisbank.publiceer(item, oud, fingerprint(oud), doc["volgnummer"] - 1, Bestemming())
    assert database_kennisbank.document("dijkstad", "vac", vac.pk)["vraag"] == vac.vraag

    from wagtail.actions.unpublish import UnpublishAction

    UnpublishAction(vac).execute(skip_permission_checks=True)
    assert lever("kennisbank", [dijkstad], Doelen(vacs={vac.pk})).ingetrokken == 1
    assert database_kennisbank.document("dijkstad", "vac", vac.pk) is None
    tombstone = KennisbankDocument.objects.get(item_uuid=vac.pk)
    with pytest.raises(TijdelijkeFout):  # a late write from before the withdrawal cannot bring it back
        database_kennisbank.publiceer(item, oud, fingerprint(oud), tombstone.volgnummer - 1, Bestemming())
    database_kennisbank.trek_in(
        Intrekking(soort="vac", uuid=vac.pk, gemeente="dijkstad", url=item.url, laatste_fingerprint=""),
        tombstone.volgnummer + 1,
        Bestemming(),
    )
