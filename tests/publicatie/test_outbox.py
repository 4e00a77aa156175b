"""Every path that changes what a channel should show writes an outbox event, in its own transaction.

Each test fails when its event is missing; the events are written by database triggers, so the test
exercises the real path (admin views, Wagtail actions, queryset deletes, the scheduled-publishing command).
"""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from contenthub.content.models import GemeentelijkeAanvulling, Kennisartikel, VraagAntwoord
from contenthub.core.enums import VacStatus
from contenthub.publicatie.models import Gebeurtenis
from tests.factories import AanvullingFactory, KennisartikelFactory, VraagAntwoordFactory, aanvulling_post, publiceer

pytestmark = pytest.mark.django_db


def nieuwe(sinds: int) -> list[Gebeurtenis]:
    return list(Gebeurtenis.objects.filter(id__gt=sinds).order_by("id"))


def laatste() -> int:
    return Gebeurtenis.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.fixture
def artikel():
    return publiceer(KennisartikelFactory(live=False))


def test_admin_publiceren_schrijft_een_gebeurtenis(admin_client, dijkstad, artikel):
    aanvulling = publiceer(AanvullingFactory.build(gemeente=dijkstad, kennisartikel=artikel, titel="Versie 1"))
    sinds = laatste()
    data = aanvulling_post(dijkstad, artikel, titel="Versie 2")
    url = reverse("wagtailsnippets_content_gemeentelijkeaanvulling:edit", args=[aanvulling.pk])
    assert admin_client.post(url, {**data, "action-publish": "1"}).status_code == 302
    [e] = nieuwe(sinds)
    assert (e.soort, e.object_uuid, e.gemeente_uuid, e.verwant_nieuw, e.verwijderd) == (
        "aanvulling",
        aanvulling.pk,
        dijkstad.pk,
        artikel.pk,
        False,
    )


def test_concept_opslaan_schrijft_niets(artikel):
    sinds = laatste()
    concept = artikel.get_latest_revision_as_object()
    concept.titel = "Nog niet live"
    concept.save_revision()
    assert nieuwe(sinds) == []


def test_admin_depubliceren_schrijft_een_gebeurtenis(admin_client, artikel):
    sinds = laatste()
    response = admin_client.post(reverse("wagtailsnippets_content_kennisartikel:unpublish", args=[artikel.pk]))
    assert response.status_code == 302
    assert not Kennisartikel.objects.get(pk=artikel.pk).live
    assert [(e.soort, e.object_uuid, e.verwijderd) for e in nieuwe(sinds)] == [("kennisartikel", artikel.pk, False)]


def test_live_item_verwijderen_in_het_beheer(admin_client, dijkstad):
    vac = publiceer(VraagAntwoordFactory(gemeente=dijkstad))
    sinds = laatste()
    response = admin_client.post(reverse("wagtailsnippets_content_vraagantwoord:delete", args=[vac.pk]))
    assert response.status_code == 302
    assert ("vac", vac.pk, dijkstad.pk, True) in [(e.soort, e.object_uuid, e.gemeente_uuid, e.verwijderd) for e in nieuwe(sinds)]


def test_verwijderen_via_queryset(dijkstad, artikel):
    a = publiceer(AanvullingFactory.build(gemeente=dijkstad, kennisartikel=artikel))
    b = publiceer(AanvullingFactory.build(gemeente=dijkstad, kennisartikel=None, titel="Lokaal", upn_uri="https://x/y"))
    sinds = laatste()
    GemeentelijkeAanvulling.objects.filter(pk__in=[a.pk, b.pk]).delete()
    verwijderd = {e.object_uuid: e for e in nieuwe(sinds) if e.verwijderd}
    assert set(verwijderd) == {a.pk, b.pk}
    assert verwijderd[a.pk].verwant_oud == artikel.pk  # the receiver side needs the article it supplemented


def test_vervangen_generieke_vac_verwijderd_zet_vervangt_leeg(dijkstad):
    generiek = publiceer(VraagAntwoordFactory(gemeente=None))
    eigen = publiceer(VraagAntwoordFactory(gemeente=dijkstad, vervangt=generiek))
    sinds = laatste()
    VraagAntwoord.objects.filter(pk=generiek.pk).delete()  # SQL UPDATE … SET vervangt_id = NULL first
    eigen.refresh_from_db()
    assert eigen.vervangt_id is None
    gebeurtenissen = nieuwe(sinds)
    assert any(e.object_uuid == eigen.pk and e.verwant_oud == generiek.pk and e.verwant_nieuw is None for e in gebeurtenissen)
    assert any(e.object_uuid == generiek.pk and e.verwijderd for e in gebeurtenissen)


def test_contactgegevens_van_de_gemeente(dijkstad):
    sinds = laatste()
    dijkstad.telefoon = "14 0999"
    dijkstad.save()
    assert [(e.soort, e.object_uuid, e.gemeente_uuid) for e in nieuwe(sinds)] == [("gemeente", dijkstad.pk, dijkstad.pk)]


def test_vac_op_non_actief_is_een_wijziging(dijkstad):
    vac = publiceer(VraagAntwoordFactory(gemeente=dijkstad))
    sinds = laatste()
    concept = vac.get_latest_revision_as_object()
    concept.status = VacStatus.NON_ACTIEF
    concept.save_revision().publish(skip_permission_checks=True)
    assert [e.object_uuid for e in nieuwe(sinds)] == [vac.pk]


def test_gepland_publiceren_en_verlopen(artikel):
    toekomst = timezone.now() + dt.timedelta(hours=1)
    nieuw = KennisartikelFactory(live=False)
    nieuw.go_live_at = toekomst
    sinds = laatste()
    nieuw.save_revision().publish(skip_permission_checks=True)
    # Wagtail sends 'published' here although nothing is live: no event, because nothing changed for channels.
    assert not Kennisartikel.objects.get(pk=nieuw.pk).live
    assert nieuwe(sinds) == []

    # Its time has come (as the scheduled-publishing command finds it), and another article expires.
    verleden = timezone.now() - dt.timedelta(minutes=1)
    gepland = KennisartikelFactory.build(live=False, go_live_at=verleden)
    gepland.save()
    gepland.save_revision(approved_go_live_at=verleden)
    Kennisartikel.objects.filter(pk=artikel.pk).update(expire_at=verleden)
    sinds = laatste()
    call_command("publish_scheduled")
    assert Kennisartikel.objects.get(pk=gepland.pk).live and not Kennisartikel.objects.get(pk=artikel.pk).live
    assert {e.object_uuid for e in nieuwe(sinds)} == {gepland.pk, artikel.pk}


def test_teruggedraaide_publicatie_laat_geen_gebeurtenis_achter(artikel):
    sinds = laatste()
    with pytest.raises(RuntimeError), transaction.atomic():
        artikel.get_latest_revision_as_object().save_revision().publish(skip_permission_checks=True)
        assert nieuwe(sinds), "binnen de transactie staat de gebeurtenis er"
        raise RuntimeError("afgebroken")
    assert nieuwe(sinds) == []


def test_secties_en_locaties_van_een_live_aanvulling(dijkstad, artikel):
    """Wagtail writes the children after the aanvulling row (outside a transaction in the admin's publish)."""
    from contenthub.content.models import Locatie, SectieAanpassing

    aanvulling = AanvullingFactory.build(gemeente=dijkstad, kennisartikel=artikel)
    aanvulling.secties.add(SectieAanpassing(sectie="tekst", modus="aanvullen", tekst="Eerst."))
    aanvulling = publiceer(aanvulling)
    sinds = laatste()
    SectieAanpassing.objects.filter(aanvulling=aanvulling).update(tekst="Daarna.")
    Locatie.objects.create(aanvulling=aanvulling, naam="Stadswinkel", sort_order=0)
    gebeurtenissen = nieuwe(sinds)
    assert len(gebeurtenissen) == 2
    assert {(e.soort, e.object_uuid, e.gemeente_uuid, e.verwant_nieuw) for e in gebeurtenissen} == {
        ("aanvulling", aanvulling.pk, dijkstad.pk, artikel.pk)
    }
    # A concept (not live) aanvulling's rows are not what channels show: no event.
    concept = AanvullingFactory(gemeente=dijkstad, kennisartikel=None, live=False, titel="Lokaal", upn_uri="https://x/y")
    sinds = laatste()
    Locatie.objects.create(aanvulling=concept, naam="Werf", sort_order=0)
    assert nieuwe(sinds) == []
