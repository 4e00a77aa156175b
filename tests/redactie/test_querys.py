"""Admin pages cost the same number of queries for a little and for ten times as much content (more than a
page of results), as superuser and as a gemeente editor. Counts, not timings."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contenthub.redactie.models import AanvullingBeoordeling
from tests.factories import (
    AanvullingFactory,
    GemeenteFactory,
    KennisartikelFactory,
    SjabloonFactory,
    UserFactory,
    VraagAntwoordFactory,
)

pytestmark = pytest.mark.django_db

VERLOPEN = datetime.date(2020, 1, 1)


def vul(dijkstad, aantal: int):
    """``aantal`` overdue items of each kind for dijkstad and another gemeente, half with a changed generiek text."""
    ander = GemeenteFactory()
    for i in range(aantal):
        artikel = KennisartikelFactory(herzieningsdatum=VERLOPEN)
        for gemeente in (dijkstad, ander):
            a = AanvullingFactory(gemeente=gemeente, kennisartikel=artikel, herzieningsdatum=VERLOPEN)
            AanvullingBeoordeling.objects.create(
                aanvulling=a, tekst_hash="verouderd" if i % 2 else artikel.generieke_tekst_hash, beoordeelde_tekst={}
            )
        VraagAntwoordFactory(gemeente=dijkstad, herzieningsdatum=VERLOPEN)
        VraagAntwoordFactory(herzieningsdatum=VERLOPEN)


def tel(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


PAGINAS = [
    "wagtailadmin_home",
    "redactie_herziening",
    "redactie_generiek_gewijzigd",
    "wagtailsnippets_content_gemeentelijkeaanvulling:list",
    "wagtailsnippets_content_vraagantwoord:list",
]


@pytest.mark.parametrize("rol", ["superuser", "gemeente"])
def test_beheerpaginas_kosten_evenveel_queries_bij_tienmaal_zoveel_inhoud(client, dijkstad, redacteur_dijkstad, rol):
    user = UserFactory(username="beheer", is_superuser=True, is_staff=True) if rol == "superuser" else redacteur_dijkstad
    client.force_login(user)
    # The most overdue item of every kind heads the first page at both sizes, so both pages hold the same kinds.
    oudste = datetime.date(2019, 1, 1)
    artikel = KennisartikelFactory(herzieningsdatum=oudste)
    AanvullingFactory(gemeente=dijkstad, kennisartikel=artikel, herzieningsdatum=oudste)
    VraagAntwoordFactory(gemeente=dijkstad, herzieningsdatum=oudste)
    SjabloonFactory(herzieningsdatum=oudste)
    vul(dijkstad, 6)
    for naam in PAGINAS:
        tel(client, reverse(naam))  # warm caches (content types, site settings)
    klein = {naam: tel(client, reverse(naam)) for naam in PAGINAS}
    vul(dijkstad, 60)  # 66 per kind: more than one page of 50
    groot = {naam: tel(client, reverse(naam)) for naam in PAGINAS}
    assert groot == klein


def test_lijsten_tonen_een_pagina_en_het_totaal(client, dijkstad, redacteur_dijkstad):
    client.force_login(redacteur_dijkstad)
    vul(dijkstad, 60)
    pagina = client.get(reverse("redactie_herziening")).content.decode()
    # Dijkstad's editor: its 60 aanvullingen and 60 VACs (not the other gemeente's, not generiek ones).
    assert "die u mag bewerken: 120" in pagina and "Pagina 1 van 3" in pagina
    assert "Gemeente Test" not in pagina.split("Herzieningsdatum")[1]  # no other gemeente's rows
    gewijzigd = client.get(reverse("redactie_generiek_gewijzigd")).content.decode()
    assert "gewijzigd na de laatste beoordeling: 30" in gewijzigd


def test_kennisartikel_bewerken_kost_evenveel_queries_bij_tienmaal_zoveel_gemeenten(client):
    client.force_login(UserFactory(username="beheer", is_superuser=True, is_staff=True))
    artikel = KennisartikelFactory()
    url = reverse("wagtailsnippets_content_kennisartikel:edit", args=[artikel.pk])

    def gemeenten(aantal):
        for _ in range(aantal):
            AanvullingFactory(gemeente=GemeenteFactory(), kennisartikel=artikel)

    gemeenten(4)
    tel(client, url)
    klein = tel(client, url)
    gemeenten(40)
    assert tel(client, url) == klein


def test_zoeken_op_het_dashboard_vindt_alleen_eigen_inhoud(client, dijkstad, bosrijk, redacteur_dijkstad):
    artikel = KennisartikelFactory(titel="Paspoort aanvragen")
    AanvullingFactory(gemeente=dijkstad, kennisartikel=artikel, titel="Paspoort in Dijkstad")
    AanvullingFactory(gemeente=bosrijk, kennisartikel=artikel, titel="Paspoort in Bosrijk")
    VraagAntwoordFactory(gemeente=bosrijk, vraag="Wat kost een paspoort in Bosrijk?")
    VraagAntwoordFactory(gemeente=dijkstad, vraag="Wat kost een paspoort in Dijkstad?")
    client.force_login(redacteur_dijkstad)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("redactie_zoeken") in dashboard and "Doorzoek alle pagina" not in dashboard
    pagina = client.get(reverse("redactie_zoeken"), {"q": "paspoort"}).content.decode()
    assert "Paspoort in Dijkstad" in pagina and "Wat kost een paspoort in Dijkstad?" in pagina
    assert "Bosrijk" not in pagina
