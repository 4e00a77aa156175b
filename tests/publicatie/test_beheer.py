"""The pipeline in the admin: dashboard alarm, channel overview with resend, 'live op kanalen' per item, scoping."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contenthub.publicatie.levering import lever
from contenthub.publicatie.models import Aansluiting, Levering, Status
from contenthub.publicatie.samenstellen import Doelen
from tests.factories import GemeenteFactory, KennisartikelFactory, VraagAntwoordFactory, publiceer

pytestmark = pytest.mark.django_db


@pytest.fixture
def kapot(website):
    """The website of every gemeente is unreachable: deliveries fail (transiently)."""
    Aansluiting.objects.filter(kanaal="website").update(url="http://127.0.0.1:9/{gemeente}/webhook")
    return website


def test_dashboard_slaat_alarm_en_overzicht_toont_het_probleem(admin_client, kapot, dijkstad, settings):
    settings.PUBLICATIE_ALARM_SECONDEN = 60
    artikel = publiceer(KennisartikelFactory(live=False, titel="Afvalkalender"))
    lever("website", [dijkstad], Doelen(kennisartikelen={artikel.pk}))
    Levering.objects.update(wacht_sinds=timezone.now() - dt.timedelta(minutes=10))
    dashboard = admin_client.get(reverse("wagtailadmin_home")).content.decode().replace("\xa0", " ")
    assert "publicatie-alarm" in dashboard and "10 minuten" in dashboard
    overzicht = admin_client.get(reverse("publicatie_overzicht")).content.decode()
    assert "Gemeente Dijkstad" in overzicht and "Geen verbinding" in overzicht and "Opnieuw versturen" in overzicht


def test_opnieuw_versturen_na_herstel(admin_client, kapot, dijkstad, django_capture_on_commit_callbacks):
    vac = publiceer(VraagAntwoordFactory(gemeente=dijkstad))
    lever("website", [dijkstad], Doelen(vacs={vac.pk}))
    rij = Levering.objects.get(kanaal="website", item_uuid=vac.pk)
    assert rij.status == Status.MISLUKT
    Aansluiting.objects.filter(kanaal="website").update(url=f"{kapot.url}/{{gemeente}}/webhook")
    response = admin_client.post(
        reverse("publicatie_opnieuw_item", args=[rij.pk]), {"terug": reverse("publicatie_item", args=[vac.pk])}
    )
    assert response.status_code == 302 and response.url == reverse("publicatie_item", args=[vac.pk])
    rij.refresh_from_db()
    assert rij.status == Status.AFGELEVERD and kapot.status("dijkstad", vac.pk)["fingerprint"] == rij.fingerprint
    pagina = admin_client.get(reverse("publicatie_item", args=[vac.pk])).content.decode()
    assert "Afgeleverd" in pagina and "vac #" in pagina


def test_gemeenteredacteur_ziet_alleen_de_eigen_gemeente(client, kapot, dijkstad, bosrijk, redacteur_dijkstad):
    artikel = publiceer(KennisartikelFactory(live=False))
    lever("website", [dijkstad, bosrijk], Doelen(kennisartikelen={artikel.pk}))
    client.force_login(redacteur_dijkstad)
    overzicht = client.get(reverse("publicatie_overzicht")).content.decode()
    assert "Gemeente Dijkstad" in overzicht and "Gemeente Bosrijk" not in overzicht
    assert "Gemeente Bosrijk" not in client.get(reverse("publicatie_item", args=[artikel.pk])).content.decode()
    andere = Levering.objects.get(gemeente=bosrijk, item_uuid=artikel.pk)
    geweigerd = client.post(reverse("publicatie_opnieuw_item", args=[andere.pk]))
    assert geweigerd.status_code == 302 and geweigerd.url == reverse("wagtailadmin_home")  # Wagtail's 'no permission'
    andere.refresh_from_db()
    assert andere.pogingen == 1, "niet opnieuw verstuurd"
    response = client.post(reverse("publicatie_opnieuw_kanaal"), {"kanaal": "website", "gemeente": str(bosrijk.pk)}, follow=True)
    assert "Kies een gemeente die u mag beheren" in response.content.decode()


def test_paginas_kosten_een_vast_aantal_queries(admin_client, kapot):
    artikel = publiceer(KennisartikelFactory(live=False))

    def meet(extra: int) -> tuple[int, int, int]:
        gemeenten = [GemeenteFactory() for _ in range(extra)]
        lever("website", gemeenten, Doelen(kennisartikelen={artikel.pk}))
        tellingen = []
        for url in (reverse("publicatie_overzicht"), reverse("publicatie_item", args=[artikel.pk]), reverse("wagtailadmin_home")):
            with CaptureQueriesContext(connection) as queries:
                assert admin_client.get(url).status_code == 200
            tellingen.append(len(queries))
        return tuple(tellingen)

    klein = meet(6)
    groot = meet(60)  # 66 rows: more than one page
    assert klein == groot, (klein, groot)


def test_startpagina_toont_elk_dashboardpanel(admin_client):
    """Each app's panel (publication, editorial signals, KCC reports) is on the Wagtail home page."""
    dashboard = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    for titel in ("publicatie-titel", "redactie-signalering-titel", "kcc-terugmeldingen-titel"):
        assert f'id="{titel}"' in dashboard, titel
