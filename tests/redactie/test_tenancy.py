"""Tenancy at the edges where multi-tenant Wagtail installs usually leak: listings and their search, choosers
(also their result pages), the dashboard search, reports, item history. A gemeente editor sees nothing of
another gemeente, with a little and with ten times as much of that gemeente's content (more than a page)."""

import pytest
from django.urls import reverse

from tests.factories import AanvullingFactory, KennisartikelFactory, VraagAntwoordFactory

pytestmark = pytest.mark.django_db

GEHEIM = "GeheimVanBosrijk"
ZOEK = "GeheimVan"  # what the editor searches for; the page echoes it, so it is not the marker itself


def vul_bosrijk(bosrijk, aantal):
    for i in range(aantal):
        artikel = KennisartikelFactory()
        a = AanvullingFactory(gemeente=bosrijk, kennisartikel=artikel, titel=f"{GEHEIM} aanvulling {i}")
        a.save_revision()
        v = VraagAntwoordFactory(gemeente=bosrijk, vraag=f"{GEHEIM} vraag {i}?", toelichting=f"{GEHEIM} intern")
        v.save_revision()


def randen(eigen_vac):
    snippets = "/admin/snippets/content"
    return [
        f"{snippets}/gemeentelijkeaanvulling/",
        f"{snippets}/gemeentelijkeaanvulling/?q={ZOEK}",
        f"{snippets}/vraagantwoord/",
        f"{snippets}/vraagantwoord/?q={ZOEK}",
        "/admin/snippets/choose/content/gemeentelijkeaanvulling/",
        f"/admin/snippets/choose/content/gemeentelijkeaanvulling/results/?q={ZOEK}",
        "/admin/snippets/choose/content/vraagantwoord/",
        f"/admin/snippets/choose/content/vraagantwoord/results/?q={ZOEK}",
        "/admin/snippets/choose/content/vraagantwoord/results/?p=2",
        f"{reverse('redactie_zoeken')}?q={ZOEK}",
        reverse("redactie_herziening"),
        reverse("redactie_generiek_gewijzigd"),
        reverse("wagtailadmin_home"),
        f"{snippets}/vraagantwoord/history/{eigen_vac.pk}/",
        f"{snippets}/vraagantwoord/edit/{eigen_vac.pk}/",
    ]


@pytest.mark.parametrize("aantal", [2, 25])
def test_gemeenteredacteur_ziet_niets_van_een_andere_gemeente(
    client, admin_client, dijkstad, bosrijk, redacteur_dijkstad, aantal
):
    vul_bosrijk(bosrijk, aantal)
    # Control: the marker is there for whoever may see it, so its absence below means something.
    assert GEHEIM in admin_client.get(f"/admin/snippets/content/vraagantwoord/?q={ZOEK}").content.decode()
    eigen = VraagAntwoordFactory(gemeente=dijkstad, vraag="Eigen vraag van Dijkstad?")
    eigen.save_revision()
    client.force_login(redacteur_dijkstad)
    for pad in randen(eigen):
        response = client.get(pad)
        assert response.status_code in (200, 302, 403, 404), pad
        assert GEHEIM not in response.content.decode(), pad
    # Reports that list every item's history are for administrators only.
    for pad in ("/admin/reports/site-history/", "/admin/reports/workflow/", "/admin/reports/workflow_tasks/"):
        assert client.get(pad).status_code in (302, 403), pad
