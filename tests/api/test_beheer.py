"""API keys in the admin: made by a beheerder, the secret shown once, revoked with one click; editors see nothing."""

import re

import pytest
from django.urls import reverse

from contenthub.api.models import ApiSleutel

pytestmark = pytest.mark.django_db


def test_beheerder_maakt_en_trekt_in(admin_client, client, dijkstad):
    r = admin_client.post(
        reverse("api_sleutels"),
        {"naam": "KISS Dijkstad", "kanaal": "kennisbank", "gemeenten": [dijkstad.pk], "intern": "on", "persoonlijk": ""},
    )
    html = r.content.decode()
    geheim = re.search(r'<code id="nieuwe-sleutel">(ch_[^<]+)</code>', html).group(1)
    sleutel = ApiSleutel.objects.get()
    assert sleutel.intern and sleutel.hash not in html and geheim not in (sleutel.hash, sleutel.prefix)
    assert client.get("/api/v1/gemeenten", HTTP_AUTHORIZATION=f"Bearer {geheim}").status_code == 200
    assert geheim not in admin_client.get(reverse("api_sleutels")).content.decode(), "het geheim staat er maar één keer"
    admin_client.post(reverse("api_sleutel_intrekken", args=[sleutel.pk]))
    assert client.get("/api/v1/gemeenten", HTTP_AUTHORIZATION=f"Bearer {geheim}").status_code == 401


def test_persoonlijk_op_de_website_wordt_geweigerd(admin_client, dijkstad):
    r = admin_client.post(
        reverse("api_sleutels"), {"naam": "Site", "kanaal": "website", "gemeenten": [dijkstad.pk], "persoonlijk": "midden"}
    )
    assert "identificeert de inwoner niet" in r.content.decode() and not ApiSleutel.objects.exists()


def test_redacteur_mag_geen_sleutels_beheren(client, redacteur_dijkstad):
    client.force_login(redacteur_dijkstad)
    assert client.get(reverse("api_sleutels")).status_code in (302, 403)
