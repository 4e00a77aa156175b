"""VAC layer rules enforced by the database, whatever path writes (admin, import, API, a script)."""

import pytest
from django.db import IntegrityError, transaction

from contenthub.content.models import VraagAntwoord
from tests.factories import GemeenteFactory, VraagAntwoordFactory

pytestmark = pytest.mark.django_db


def weigert(functie):
    with pytest.raises(IntegrityError), transaction.atomic():
        functie()


def test_alleen_een_generieke_vac_kan_worden_vervangen(dijkstad, bosrijk):
    generiek = VraagAntwoordFactory()
    lokaal = VraagAntwoordFactory(gemeente=bosrijk)
    VraagAntwoordFactory(gemeente=dijkstad, vervangt=generiek)  # allowed
    weigert(lambda: VraagAntwoordFactory(gemeente=dijkstad, vervangt=lokaal))
    # A generiek VAC cannot replace anything, also not by a bulk UPDATE that skips clean().
    ander = VraagAntwoordFactory()
    weigert(lambda: VraagAntwoord.objects.filter(pk=ander.pk).update(vervangt=generiek))


def test_een_vervanging_per_gemeente(dijkstad):
    generiek = VraagAntwoordFactory()
    VraagAntwoordFactory(gemeente=dijkstad, vervangt=generiek)
    weigert(lambda: VraagAntwoordFactory(gemeente=dijkstad, vervangt=generiek))
    VraagAntwoordFactory(gemeente=GemeenteFactory(slug="ander", code="gm7301"), vervangt=generiek)  # another gemeente may


def test_vervangen_vac_blijft_generiek(dijkstad):
    generiek = VraagAntwoordFactory()
    VraagAntwoordFactory(gemeente=dijkstad, vervangt=generiek)
    weigert(lambda: VraagAntwoord.objects.filter(pk=generiek.pk).update(gemeente=dijkstad))
