import datetime

import pytest
from django.utils import timezone

from contenthub.content.models import VraagAntwoord
from contenthub.redactie.tasks import publiceer_gepland
from tests.factories import VraagAntwoordFactory, publiceer

pytestmark = pytest.mark.django_db


def test_geplande_publicatie_en_intrekking():
    nu = timezone.now()
    gepland = VraagAntwoordFactory.build(live=False, go_live_at=nu - datetime.timedelta(minutes=1))
    gepland.save()
    revisie = gepland.save_revision(approved_go_live_at=nu - datetime.timedelta(minutes=1))
    assert revisie.approved_go_live_at is not None
    verloopt = publiceer(VraagAntwoordFactory.build(live=False))
    VraagAntwoord.objects.filter(pk=verloopt.pk).update(expire_at=nu - datetime.timedelta(minutes=1))

    publiceer_gepland.apply()

    assert VraagAntwoord.objects.get(pk=gepland.pk).live
    verlopen = VraagAntwoord.objects.get(pk=verloopt.pk)
    assert not verlopen.live and verlopen.expired
