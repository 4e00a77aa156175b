"""Concept → ter review → gepubliceerd, with review by the item's own redactie and never by the submitter."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from contenthub.content.models import GemeentelijkeAanvulling
from tests.factories import AanvullingFactory, KennisartikelFactory, aanvulling_post, publiceer

pytestmark = pytest.mark.django_db


def url(naam, *args):
    return reverse(f"wagtailsnippets_content_gemeentelijkeaanvulling:{naam}", args=args)


@pytest.fixture
def aanvulling(dijkstad):
    artikel = publiceer(KennisartikelFactory(live=False))
    return publiceer(AanvullingFactory.build(gemeente=dijkstad, kennisartikel=artikel, titel="Versie 1"))


def test_indienen_review_en_publicatie(client, aanvulling, redacteur_dijkstad, redacteur2_dijkstad, redacteur_bosrijk):
    # Editor 1 changes the text and submits it for review: not live yet.
    client.force_login(redacteur_dijkstad)
    data = aanvulling_post(aanvulling.gemeente, aanvulling.kennisartikel, titel="Versie 2")
    response = client.post(url("edit", aanvulling.pk), {**data, "action-submit": "1"})
    assert response.status_code == 302, response.content.decode()[-3000:]
    aanvulling.refresh_from_db()
    assert aanvulling.titel == "Versie 1"
    state = WorkflowState.objects.get(object_id=str(aanvulling.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    taak = state.current_task_state
    taak_specifiek = taak.task.specific

    # Four eyes: the submitter cannot approve, nor can another gemeente's editor.
    assert taak_specifiek.get_actions(aanvulling, redacteur_dijkstad) == []
    assert taak_specifiek.get_actions(aanvulling, redacteur_bosrijk) == []
    client.post(url("workflow_action", aanvulling.pk, "approve", taak.pk), {})
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    client.force_login(redacteur_bosrijk)
    assert client.post(url("workflow_action", aanvulling.pk, "approve", taak.pk), {}).status_code in (302, 403)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    # A colleague from the same gemeente sees it in their review queue and approves: now it is live.
    assert [a for a, _, _ in taak_specifiek.get_actions(aanvulling, redacteur2_dijkstad)] == ["reject", "approve", "approve"]
    assert taak.pk in taak_specifiek.get_task_states_user_can_moderate(redacteur2_dijkstad).values_list("pk", flat=True)
    assert taak.pk not in taak_specifiek.get_task_states_user_can_moderate(redacteur_dijkstad).values_list("pk", flat=True)
    client.force_login(redacteur2_dijkstad)
    response = client.post(url("workflow_action", aanvulling.pk, "approve", taak.pk), {})
    assert response.status_code in (200, 302)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert GemeentelijkeAanvulling.objects.get(pk=aanvulling.pk).titel == "Versie 2"


def test_redacteur_kan_niet_zelf_publiceren(client, aanvulling, redacteur_dijkstad):
    client.force_login(redacteur_dijkstad)
    data = aanvulling_post(aanvulling.gemeente, aanvulling.kennisartikel, titel="Direct live?")
    client.post(url("edit", aanvulling.pk), {**data, "action-publish": "1"})
    assert GemeentelijkeAanvulling.objects.get(pk=aanvulling.pk).titel == "Versie 1"


def _indienen(aanvulling, user):
    workflow = aanvulling.get_workflow()
    aanvulling.save_revision(user=user)
    return workflow.start(aanvulling, user)


def test_goedkeuren_via_de_url_van_een_ander_item_kan_niet(client, dijkstad, bosrijk, redacteur_dijkstad, redacteur2_dijkstad):
    artikel = publiceer(KennisartikelFactory(live=False))
    eigen = publiceer(AanvullingFactory.build(gemeente=dijkstad, kennisartikel=artikel, titel="Dijkstad v1"))
    vreemd = publiceer(AanvullingFactory.build(gemeente=bosrijk, kennisartikel=artikel, titel="Bosrijk v1"))
    eigen_state = _indienen(eigen, redacteur_dijkstad)
    vreemd_obj = vreemd.get_latest_revision_as_object()
    vreemd_obj.titel = "Bosrijk v2"
    vreemd_state = _indienen(vreemd_obj, None)

    # A Dijkstad reviewer may act on Dijkstad's item, but not on Bosrijk's task state through that URL.
    client.force_login(redacteur2_dijkstad)
    client.post(url("workflow_action", eigen.pk, "approve", vreemd_state.current_task_state.pk), {})
    vreemd_state.refresh_from_db()
    assert vreemd_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert GemeentelijkeAanvulling.objects.get(pk=vreemd.pk).titel == "Bosrijk v1"

    # The submitter cannot approve their own item by naming a colleague's item in the URL.
    ander = publiceer(AanvullingFactory.build(gemeente=dijkstad, kennisartikel=publiceer(KennisartikelFactory(live=False))))
    _indienen(ander, redacteur2_dijkstad)
    client.force_login(redacteur_dijkstad)
    client.post(url("workflow_action", ander.pk, "approve", eigen_state.current_task_state.pk), {})
    eigen_state.refresh_from_db()
    assert eigen_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_wijziging_tijdens_review_gaat_niet_ongezien_live(client, aanvulling, redacteur_dijkstad, redacteur2_dijkstad):
    ingediend = aanvulling.get_latest_revision_as_object()
    ingediend.titel = "Ingediende tekst"
    state = _indienen(ingediend, redacteur_dijkstad)

    # The reviewer changes the text and approves in one go: the reviewed (submitted) text goes live.
    client.force_login(redacteur2_dijkstad)
    data = aanvulling_post(aanvulling.gemeente, aanvulling.kennisartikel, titel="Door beoordelaar herschreven")
    client.post(url("edit", aanvulling.pk), {**data, "action-workflow-action": "1", "workflow-action-name": "approve"})
    state.refresh_from_db()
    live = GemeentelijkeAanvulling.objects.get(pk=aanvulling.pk)
    assert state.status == WorkflowState.STATUS_APPROVED
    assert live.titel == "Ingediende tekst"
    assert live.get_latest_revision_as_object().titel == "Door beoordelaar herschreven"
    assert live.has_unpublished_changes, "de wijziging van de beoordelaar blijft een concept"
