"""Relay and sweep: events become few, batched tasks; what no event announced is found by the sweep."""

import pytest

from contenthub.publicatie.models import Gebeurtenis, Levering, Status
from contenthub.publicatie.relay import WACHTRIJ_BULK, WACHTRIJ_REDACTIE, plan
from contenthub.publicatie.tasks import sweep
from tests.factories import AanvullingFactory, GemeenteFactory, KennisartikelFactory, VraagAntwoordFactory, publiceer

pytestmark = pytest.mark.django_db


def test_veel_gebeurtenissen_worden_weinig_taken(settings, website):
    settings.PUBLICATIE_BATCH_GEMEENTEN = 2
    gemeenten = [GemeenteFactory() for _ in range(5)]
    artikelen = [publiceer(KennisartikelFactory(live=False)) for _ in range(4)]
    for g in gemeenten[:2]:
        publiceer(AanvullingFactory.build(gemeente=g, kennisartikel=artikelen[0]))
        publiceer(VraagAntwoordFactory(gemeente=g))
    taken = plan(list(Gebeurtenis.objects.filter(verwerkt_op__isnull=True)))
    website_taken = [t for t in taken if t.kanaal == "website"]
    generiek = [t for t in website_taken if len(t.doelen.kennisartikelen or ()) == 4]
    # Four generiek articles for five gemeenten: one task per batch of two gemeenten, on the bulk queue.
    assert [len(t.gemeenten) for t in generiek] == [2, 2, 1] and {t.wachtrij for t in generiek} == {WACHTRIJ_BULK}
    # Each gemeente's own changes: one task for that gemeente on the editors' queue.
    eigen = [t for t in website_taken if t not in generiek]
    assert sorted(len(t.gemeenten) for t in eigen) == [1, 1] and {t.wachtrij for t in eigen} == {WACHTRIJ_REDACTIE}
    assert all(t.doelen.vacs and t.doelen.kennisartikelen == {artikelen[0].pk} for t in eigen)


def test_sweep_levert_wat_geen_gebeurtenis_aankondigde(website, dijkstad, bosrijk):
    artikel = publiceer(KennisartikelFactory(live=False))
    vac = publiceer(VraagAntwoordFactory(gemeente=dijkstad))
    # As if the relay crashed after taking the events: nothing was sent.
    Gebeurtenis.objects.update(verwerkt_op="2026-01-01T00:00:00Z")
    assert not Levering.objects.exists()
    sweep.apply()
    rijen = Levering.objects.filter(kanaal="website")
    assert {(r.gemeente.slug, r.item_uuid) for r in rijen} == {
        ("dijkstad", artikel.pk),
        ("bosrijk", artikel.pk),
        ("dijkstad", vac.pk),
    }
    assert all(r.status == Status.AFGELEVERD for r in rijen)
    assert website.status("bosrijk", artikel.pk)["fingerprint"] == rijen.get(gemeente=bosrijk).fingerprint


def test_opruimen_houdt_zes_maanden_historie_en_wat_nog_live_is(website, dijkstad, settings):
    import datetime as dt

    from django.utils import timezone

    from contenthub.publicatie.levering import lever
    from contenthub.publicatie.models import Afhandeling, LeveringHistorie, Payload
    from contenthub.publicatie.samenstellen import Doelen
    from contenthub.publicatie.tasks import opruimen

    settings.PUBLICATIE_HISTORIE_DAGEN = 30  # asks for less than six months: the floor of 183 days holds
    artikel = publiceer(KennisartikelFactory(live=False, titel="Versie 1"))
    lever("website", [dijkstad], Doelen.alles())
    concept = artikel.get_latest_revision_as_object()
    concept.titel = "Versie 2"
    concept.save_revision().publish(skip_permission_checks=True)
    lever("website", [dijkstad], Doelen.alles())
    oud, nieuw = LeveringHistorie.objects.filter(item_uuid=artikel.pk).order_by("volgnummer")
    LeveringHistorie.objects.filter(pk=oud.pk).update(tijdstip=timezone.now() - dt.timedelta(days=100))
    assert opruimen.apply().get()["historie"] == 0, "100 dagen is jonger dan zes maanden"
    LeveringHistorie.objects.filter(pk=oud.pk).update(tijdstip=timezone.now() - dt.timedelta(days=200))
    Gebeurtenis.objects.update(afgerond_op=timezone.now() - dt.timedelta(days=60))
    uitkomst = opruimen.apply().get()
    assert uitkomst["historie"] == 1 and uitkomst["payloads"] == 1 and uitkomst["gebeurtenissen"] > 0
    assert list(LeveringHistorie.objects.filter(item_uuid=artikel.pk)) == [nieuw]
    assert Payload.objects.filter(fingerprint=nieuw.fingerprint).exists(), "wat een kanaal nu toont blijft"
    assert not Afhandeling.objects.filter(afgehandeld_op__lt=timezone.now() - dt.timedelta(days=31)).exists()
