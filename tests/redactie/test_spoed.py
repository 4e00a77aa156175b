"""Spoedberichten: a permitted group publishes urgent notices without review, and they go ahead of everything."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from contenthub.content.models import GemeentelijkeAanvulling
from contenthub.publicatie.models import Gebeurtenis
from contenthub.publicatie.relay import WACHTRIJ_REDACTIE, WACHTRIJ_SPOED, plan
from contenthub.publicatie.samenstellen import Doelen, kanaal_items
from contenthub.redactie.permissies import SPOEDBERICHTEN
from tests.factories import AanvullingFactory, KennisartikelFactory, aanvulling_post, publiceer

pytestmark = pytest.mark.django_db


@pytest.fixture
def aanvulling(dijkstad):
    artikel = publiceer(KennisartikelFactory(live=False))
    return publiceer(AanvullingFactory.build(gemeente=dijkstad, kennisartikel=artikel, titel="Versie 1"))


def url(aanvulling):
    return reverse("wagtailsnippets_content_gemeentelijkeaanvulling:edit", args=[aanvulling.pk])


def test_spoedredacteur_publiceert_alleen_spoed_zonder_review(client, aanvulling, redacteur_dijkstad):
    redacteur_dijkstad.groups.add(Group.objects.get(name=SPOEDBERICHTEN))
    client.force_login(redacteur_dijkstad)
    data = aanvulling_post(aanvulling.gemeente, aanvulling.kennisartikel, titel="Gewone wijziging")
    geweigerd = client.post(url(aanvulling), {**data, "action-publish": "1"}, follow=True)
    assert "alleen voor een spoedbericht" in geweigerd.content.decode()
    assert GemeentelijkeAanvulling.objects.get(pk=aanvulling.pk).titel == "Versie 1"

    data = aanvulling_post(aanvulling.gemeente, aanvulling.kennisartikel, titel="Storing: balie gesloten")
    response = client.post(url(aanvulling), {**data, "spoed": "on", "action-publish": "1"})
    assert response.status_code == 302
    live = GemeentelijkeAanvulling.objects.get(pk=aanvulling.pk)
    assert live.titel == "Storing: balie gesloten" and live.spoed


def test_zonder_de_groep_geen_publicatie_ook_niet_met_spoed(client, aanvulling, redacteur_dijkstad):
    client.force_login(redacteur_dijkstad)
    data = aanvulling_post(aanvulling.gemeente, aanvulling.kennisartikel, titel="Toch direct?")
    client.post(url(aanvulling), {**data, "spoed": "on", "action-publish": "1"})
    assert GemeentelijkeAanvulling.objects.get(pk=aanvulling.pk).titel == "Versie 1"


def test_spoed_gaat_voor_en_reist_mee_in_de_payload(aanvulling, dijkstad, bosrijk):
    Gebeurtenis.objects.update(verwerkt_op="2026-01-01T00:00:00Z")
    gewoon = publiceer(AanvullingFactory.build(gemeente=bosrijk, kennisartikel=aanvulling.kennisartikel))
    concept = aanvulling.get_latest_revision_as_object()
    concept.spoed = True
    concept.save_revision().publish(skip_permission_checks=True)
    taken = plan(list(Gebeurtenis.objects.filter(verwerkt_op__isnull=True)))
    per_gemeente = {(t.kanaal, t.gemeenten[0]): t.wachtrij for t in taken if len(t.gemeenten) == 1}
    assert per_gemeente[("website", dijkstad.pk)] == WACHTRIJ_SPOED
    assert per_gemeente[("website", bosrijk.pk)] == WACHTRIJ_REDACTIE
    items = kanaal_items([dijkstad, bosrijk], Doelen(kennisartikelen={aanvulling.kennisartikel_id}))
    assert items[(dijkstad.pk, "kennisartikel", aanvulling.kennisartikel_id)].spoed
    assert not items[(bosrijk.pk, "kennisartikel", gewoon.kennisartikel_id)].spoed
