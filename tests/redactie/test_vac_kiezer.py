"""A gemeente editor picks the generiek VAC its VAC replaces in a searchable chooser, not an unbounded select."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import VraagAntwoordFactory

pytestmark = pytest.mark.django_db


def test_kiezer_toont_alleen_live_generieke_vacs(client, dijkstad, bosrijk, redacteur_dijkstad):
    VraagAntwoordFactory(vraag="Generiek: hoe lang is een paspoort geldig?")
    VraagAntwoordFactory(vraag="Generiek concept?", live=False)
    eigen_bosrijk = VraagAntwoordFactory(vraag="Bosrijk: paspoort ophalen?", gemeente=bosrijk)
    client.force_login(redacteur_dijkstad)
    resultaten = client.get(reverse("generieke_vac_kiezer:choose_results"), {"q": "paspoort"}).content.decode()
    assert "hoe lang is een paspoort geldig" in resultaten
    assert "Bosrijk" not in resultaten and "Generiek concept" not in resultaten
    assert client.get(reverse("generieke_vac_kiezer:chosen", args=[eigen_bosrijk.pk])).status_code == 404


def test_bewerkpagina_kost_evenveel_queries_bij_tienmaal_zoveel_generieke_vacs(client, dijkstad, redacteur_dijkstad):
    eigen = VraagAntwoordFactory(gemeente=dijkstad)
    url = reverse("wagtailsnippets_content_vraagantwoord:edit", args=[eigen.pk])
    client.force_login(redacteur_dijkstad)

    def tel():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries), response.content.decode()

    for _ in range(5):
        VraagAntwoordFactory()
    tel()
    klein, pagina = tel()
    assert reverse("generieke_vac_kiezer:choose") in pagina
    for _ in range(50):
        VraagAntwoordFactory()
    groot, pagina = tel()
    assert groot == klein and pagina.count("<option") < 20
