import pytest
from django.urls import reverse

from contenthub.redactie.generiek import generiek_gewijzigd, markeer_beoordeeld, verschillen
from tests.factories import AanvullingFactory, KennisartikelFactory, publiceer

pytestmark = pytest.mark.django_db


@pytest.fixture
def opzet(dijkstad, bosrijk):
    artikel = publiceer(KennisartikelFactory(live=False, kosten_en_betaalmethoden="Oude landelijke regel."))
    eigen = publiceer(AanvullingFactory.build(gemeente=dijkstad, kennisartikel=artikel, titel="Aanvulling Dijkstad"))
    ander = publiceer(AanvullingFactory.build(gemeente=bosrijk, kennisartikel=artikel, titel="Aanvulling Bosrijk"))
    markeer_beoordeeld(eigen)  # the baseline an import or a first approval sets
    markeer_beoordeeld(ander)
    return artikel, eigen, ander


def test_gepubliceerde_aanvulling_is_niet_gemarkeerd(opzet):
    _, eigen, _ = opzet
    assert not generiek_gewijzigd(eigen)


def test_concept_van_generiek_markeert_nog_niet(opzet):
    artikel, eigen, _ = opzet
    artikel.kosten_en_betaalmethoden = "Concept."
    artikel.save_revision()
    eigen.refresh_from_db()
    assert not generiek_gewijzigd(eigen)


def test_gepubliceerde_wijziging_markeert_met_diff_en_beoordelen_haalt_markering_weg(
    client, opzet, redacteur_dijkstad, redacteur_bosrijk
):
    artikel, eigen, ander = opzet
    artikel.kosten_en_betaalmethoden = "Nieuwe landelijke regel per 2027."
    publiceer(artikel)
    eigen.refresh_from_db()
    assert generiek_gewijzigd(eigen)
    diff = verschillen(eigen)
    assert [v.veld for v in diff] == ["kosten_en_betaalmethoden"]
    tabel = diff[0].diff_html.replace("&nbsp;", " ")
    assert "Nieuwe landelijke regel per 2027." in tabel and "Oude landelijke regel." in tabel

    client.force_login(redacteur_dijkstad)
    lijst = client.get(reverse("redactie_generiek_gewijzigd")).content.decode()
    assert "Aanvulling Dijkstad" in lijst and "Aanvulling Bosrijk" not in lijst
    edit = client.get(reverse("wagtailsnippets_content_gemeentelijkeaanvulling:edit", args=[eigen.pk])).content.decode()
    assert "Generiek gewijzigd" in edit and "Bekijk de wijzigingen" in edit
    pagina = client.get(reverse("redactie_generiek_diff", args=[eigen.pk])).content.decode()
    assert "Nieuwe landelijke regel per 2027." in pagina.replace("&nbsp;", " ")
    # Another gemeente's editor may not see or clear this gemeente's flag.
    client.force_login(redacteur_bosrijk)
    assert client.post(reverse("redactie_generiek_diff", args=[eigen.pk])).status_code in (302, 403)
    eigen.refresh_from_db()
    assert generiek_gewijzigd(eigen)

    client.force_login(redacteur_dijkstad)
    assert client.post(reverse("redactie_generiek_diff", args=[eigen.pk])).status_code == 302
    eigen.refresh_from_db()
    ander.refresh_from_db()
    assert not generiek_gewijzigd(eigen)
    assert generiek_gewijzigd(ander), "de markering van een andere gemeente blijft staan"


def test_goedkeuring_geldt_als_beoordeling_geplande_publicatie_niet(opzet, redacteur_dijkstad, redacteur2_dijkstad):
    artikel, eigen, _ = opzet
    artikel.kosten_en_betaalmethoden = "Nieuw."
    publiceer(artikel)
    eigen.refresh_from_db()
    assert generiek_gewijzigd(eigen)

    # A machine publishing the aanvulling (scheduled, import) does not count as a review...
    publiceer(eigen.get_latest_revision_as_object())
    eigen.refresh_from_db()
    assert generiek_gewijzigd(eigen)

    # ...a colleague approving it in the workflow does.
    state = eigen.get_workflow().start(eigen, redacteur_dijkstad)
    state.current_task_state.task.specific.on_action(state.current_task_state, redacteur2_dijkstad, "approve")
    eigen.refresh_from_db()
    assert not generiek_gewijzigd(eigen)
    assert eigen.beoordeling.beoordeeld_door == redacteur2_dijkstad


def test_opgeschoonde_revisies_breken_de_vergelijking_niet(opzet):
    from wagtail.models import Revision

    artikel, eigen, _ = opzet
    Revision.objects.filter(object_id=str(artikel.pk)).exclude(pk=artikel.live_revision_id).delete()
    eigen.refresh_from_db()
    assert not generiek_gewijzigd(eigen)


def test_herpublicatie_met_dezelfde_tekst_markeert_niet(opzet):
    artikel, eigen, _ = opzet
    oud = artikel.kosten_en_betaalmethoden
    artikel.kosten_en_betaalmethoden = "Tijdelijk anders."
    publiceer(artikel)
    artikel.kosten_en_betaalmethoden = oud
    publiceer(artikel)
    eigen.refresh_from_db()
    assert not generiek_gewijzigd(eigen)
    artikel.eigenaar = "Ander team"  # not a text the gemeente builds on
    publiceer(artikel)
    eigen.refresh_from_db()
    assert not generiek_gewijzigd(eigen)
