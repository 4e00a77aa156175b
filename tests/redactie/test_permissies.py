"""Per-gemeente permissions, proven through the real Wagtail admin views."""

import pytest
from django.urls import reverse

from contenthub.content.models import GemeentelijkeAanvulling, Kennisartikel, VraagAntwoord
from tests.factories import AanvullingFactory, KennisartikelFactory, VraagAntwoordFactory, aanvulling_post, publiceer

pytestmark = pytest.mark.django_db


def url(model, actie, *args):
    return reverse(f"wagtailsnippets_content_{model._meta.model_name}:{actie}", args=args)


@pytest.fixture
def inhoud(dijkstad, bosrijk):
    artikel = publiceer(KennisartikelFactory(live=False, titel="Paspoort aanvragen"))
    return {
        "artikel": artikel,
        "aanvulling_dijkstad": publiceer(
            AanvullingFactory.build(gemeente=dijkstad, kennisartikel=artikel, titel="Paspoort Dijkstad")
        ),
        "aanvulling_bosrijk": publiceer(
            AanvullingFactory.build(gemeente=bosrijk, kennisartikel=artikel, titel="Paspoort Bosrijk")
        ),
        "vac_dijkstad": publiceer(VraagAntwoordFactory.build(gemeente=dijkstad, vraag="Vraag van Dijkstad?")),
        "vac_bosrijk": publiceer(VraagAntwoordFactory.build(gemeente=bosrijk, vraag="Vraag van Bosrijk?")),
        "vac_generiek": publiceer(VraagAntwoordFactory.build(gemeente=None, vraag="Generieke vraag?")),
    }


def test_redacteur_ziet_alleen_eigen_aanvullingen_en_vacs(client, redacteur_dijkstad, inhoud):
    client.force_login(redacteur_dijkstad)
    lijst = client.get(url(GemeentelijkeAanvulling, "list")).content.decode()
    assert "Paspoort Dijkstad" in lijst and "Paspoort Bosrijk" not in lijst
    lijst = client.get(url(VraagAntwoord, "list")).content.decode()
    assert "Vraag van Dijkstad?" in lijst
    assert "Vraag van Bosrijk?" not in lijst and "Generieke vraag?" not in lijst


def test_redacteur_mag_eigen_aanvulling_bewerken_maar_niet_die_van_een_ander(client, redacteur_dijkstad, inhoud):
    client.force_login(redacteur_dijkstad)
    assert client.get(url(GemeentelijkeAanvulling, "edit", inhoud["aanvulling_dijkstad"].pk)).status_code == 200
    assert client.get(url(GemeentelijkeAanvulling, "edit", inhoud["aanvulling_bosrijk"].pk)).status_code in (302, 403)
    assert client.get(url(VraagAntwoord, "edit", inhoud["vac_bosrijk"].pk)).status_code in (302, 403)
    assert client.get(url(VraagAntwoord, "edit", inhoud["vac_generiek"].pk)).status_code in (302, 403)
    # A POST straight to another gemeente's item changes nothing.
    client.post(
        url(GemeentelijkeAanvulling, "edit", inhoud["aanvulling_bosrijk"].pk),
        aanvulling_post(inhoud["aanvulling_bosrijk"].gemeente, inhoud["artikel"], titel="Gekaapt"),
    )
    assert GemeentelijkeAanvulling.objects.get(pk=inhoud["aanvulling_bosrijk"].pk).get_latest_revision_as_object().titel == (
        "Paspoort Bosrijk"
    )
    assert client.post(url(GemeentelijkeAanvulling, "delete", inhoud["aanvulling_bosrijk"].pk)).status_code in (302, 403)
    assert GemeentelijkeAanvulling.objects.filter(pk=inhoud["aanvulling_bosrijk"].pk).exists()


def test_redacteur_kan_geen_aanvulling_voor_een_andere_gemeente_aanmaken(client, redacteur_dijkstad, bosrijk, dijkstad):
    artikel = publiceer(KennisartikelFactory(live=False))
    client.force_login(redacteur_dijkstad)
    response = client.post(url(GemeentelijkeAanvulling, "add"), aanvulling_post(bosrijk, artikel, titel="Voor Bosrijk"))
    assert response.status_code == 200  # form redisplayed with an error
    assert "Selecteer een geldige keuze" in response.content.decode() or "geldige keuze" in response.content.decode()
    assert not GemeentelijkeAanvulling.objects.filter(titel="Voor Bosrijk").exists()

    response = client.post(url(GemeentelijkeAanvulling, "add"), aanvulling_post(dijkstad, artikel, titel="Voor Dijkstad"))
    assert response.status_code == 302, response.content.decode()[-2000:]
    nieuw = GemeentelijkeAanvulling.objects.get(gemeente=dijkstad, kennisartikel=artikel)
    assert not nieuw.live, "een redacteur publiceert niet zelf: publicatie gaat via review"


def test_gemeenteredacteur_mag_kennisartikelen_lezen_maar_niet_bewerken(client, redacteur_dijkstad, inhoud):
    client.force_login(redacteur_dijkstad)
    assert "Paspoort aanvragen" in client.get(url(Kennisartikel, "list")).content.decode()
    assert client.get(url(Kennisartikel, "edit", inhoud["artikel"].pk)).status_code in (302, 403)
    assert client.get(url(Kennisartikel, "add")).status_code in (302, 403)


def test_landelijke_redactie_bewerkt_generiek_maar_geen_gemeentelijke_inhoud(client, landelijk_redacteur, inhoud):
    client.force_login(landelijk_redacteur)
    assert client.get(url(Kennisartikel, "edit", inhoud["artikel"].pk)).status_code == 200
    assert client.get(url(VraagAntwoord, "edit", inhoud["vac_generiek"].pk)).status_code == 200
    assert client.get(url(VraagAntwoord, "edit", inhoud["vac_dijkstad"].pk)).status_code in (302, 403)
    lijst = client.get(url(GemeentelijkeAanvulling, "list"))
    assert "Paspoort Dijkstad" not in lijst.content.decode()


def test_redactie_pagina_toont_alleen_eigen_verlopen_items(client, redacteur_dijkstad, inhoud):
    for sleutel in ("aanvulling_dijkstad", "aanvulling_bosrijk"):
        obj = inhoud[sleutel]
        type(obj).objects.filter(pk=obj.pk).update(herzieningsdatum="2020-01-01")
    client.force_login(redacteur_dijkstad)
    pagina = client.get(reverse("redactie_herziening")).content.decode()
    assert "Paspoort Dijkstad" in pagina and "Paspoort Bosrijk" not in pagina
    assert "Gemeente Dijkstad" in pagina


def test_dashboard_toont_signaleringen_van_de_eigen_gemeente(client, redacteur_dijkstad, inhoud):
    from contenthub.redactie.generiek import markeer_beoordeeld

    for sleutel in ("aanvulling_dijkstad", "aanvulling_bosrijk"):
        obj = inhoud[sleutel]
        type(obj).objects.filter(pk=obj.pk).update(herzieningsdatum="2020-01-01")
        markeer_beoordeeld(obj)
    artikel = inhoud["artikel"]
    artikel.tekst = "Nieuwe landelijke tekst."
    publiceer(artikel)
    client.force_login(redacteur_dijkstad)
    pagina = client.get(reverse("wagtailadmin_home")).content.decode()
    # Both gemeenten have one overdue aanvulling and one generiek change; only Dijkstad's count here.
    assert "<strong>1</strong> item met verlopen herzieningsdatum" in pagina
    assert "<strong>1</strong> aanvulling waarvan de generieke tekst is gewijzigd" in pagina


def test_revisievergelijking_van_een_andere_gemeente_is_afgeschermd(client, redacteur_dijkstad, inhoud):
    vreemd = inhoud["aanvulling_bosrijk"]
    client.force_login(redacteur_dijkstad)
    pad = url(GemeentelijkeAanvulling, "history", vreemd.pk).rstrip("/") + "/revisions/compare/earliest...latest/"
    response = client.get(pad)
    assert response.status_code in (302, 403)
    assert "Paspoort Bosrijk" not in response.content.decode()


def test_ongeldige_uuid_geeft_404_geen_serverfout(client, redacteur_dijkstad, inhoud):
    client.force_login(redacteur_dijkstad)
    assert client.get("/admin/snippets/content/gemeentelijkeaanvulling/edit/geen-uuid/").status_code == 404


def test_kiezer_toont_alleen_eigen_items(client, redacteur_dijkstad, inhoud):
    client.force_login(redacteur_dijkstad)
    for model in (GemeentelijkeAanvulling, VraagAntwoord):
        kiezer = client.get(f"/admin/snippets/choose/content/{model._meta.model_name}/").content.decode()
        assert "Bosrijk" not in kiezer and "Generieke vraag?" not in kiezer
    kiezer = client.get("/admin/snippets/choose/content/gemeentelijkeaanvulling/").content.decode()
    assert "Paspoort Dijkstad" in kiezer
    gekozen = client.get(f"/admin/snippets/choose/content/gemeentelijkeaanvulling/chosen/{inhoud['aanvulling_bosrijk'].pk}/")
    assert gekozen.status_code in (302, 403)


def test_overzichtsrapporten_alleen_voor_beheerders(client, redacteur_dijkstad, admin_client, inhoud):
    client.force_login(redacteur_dijkstad)
    for pad in ("/admin/reports/site-history/", "/admin/reports/workflow/", "/admin/reports/workflow_tasks/"):
        assert client.get(pad).status_code in (302, 403), pad
    assert admin_client.get("/admin/reports/site-history/").status_code == 200


def test_live_inhoud_kan_niet_zomaar_worden_verwijderd(client, redacteur_dijkstad, dijkstad, inhoud):
    client.force_login(redacteur_dijkstad)
    live = inhoud["aanvulling_dijkstad"]
    client.post(url(GemeentelijkeAanvulling, "delete", live.pk))
    assert GemeentelijkeAanvulling.objects.filter(pk=live.pk).exists()
    concept = VraagAntwoordFactory(gemeente=dijkstad, live=False, vraag="Alleen concept?")
    assert client.post(url(VraagAntwoord, "delete", concept.pk)).status_code == 302
    assert not VraagAntwoord.objects.filter(pk=concept.pk).exists()
