"""Delivery to the website channel, end to end against the reference website running as its own process.

Composition through the bulk resolver, signed webhooks, the ledger and its history, withdrawals as
tombstones, retries that send the current revision, dead letters, and a constant number of queries per batch.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contenthub.content.models import SectieAanpassing
from contenthub.core.enums import VacStatus
from contenthub.publicatie.levering import lever
from contenthub.publicatie.models import Aansluiting, Levering, LeveringHistorie, Status
from contenthub.publicatie.samenstellen import Doelen
from tests.factories import AanvullingFactory, GemeenteFactory, KennisartikelFactory, VraagAntwoordFactory, publiceer

pytestmark = pytest.mark.django_db


@pytest.fixture
def paspoort():
    return publiceer(
        KennisartikelFactory(
            live=False, titel="Paspoort", kosten_en_betaalmethoden="Landelijk tarief.", desk_memo="Intern: bel BZK."
        )
    )


def rijen(item):
    return {(r.gemeente.slug, r.kanaal): r for r in Levering.objects.filter(item_uuid=item.pk).select_related("gemeente")}


def test_publicatie_bereikt_de_website_van_elke_gemeente(website, dijkstad, bosrijk, paspoort, relay):
    aanvulling = AanvullingFactory.build(gemeente=dijkstad, kennisartikel=paspoort, titel="")
    aanvulling.secties.add(SectieAanpassing(sectie="kosten_en_betaalmethoden", modus="vervangen", tekst="In Dijkstad € 84,70."))
    publiceer(aanvulling)
    relay()
    ledger = rijen(paspoort)
    for slug in ("dijkstad", "bosrijk"):
        rij = ledger[(slug, "website")]
        assert rij.status == Status.AFGELEVERD
        assert website.status(slug, paspoort.pk)["fingerprint"] == rij.fingerprint
    dijkstad_pagina = website.pagina("dijkstad", "kennisartikel", paspoort.pk).text
    assert "84,70" in dijkstad_pagina and "GovernmentService" in dijkstad_pagina
    assert "Landelijk tarief" in website.pagina("bosrijk", "kennisartikel", paspoort.pk).text
    assert "bel BZK" not in dijkstad_pagina, "de desk memo is intern en hoort niet op de website"
    assert ledger[("dijkstad", "website")].fingerprint != ledger[("bosrijk", "website")].fingerprint


def test_herlevering_doet_niets_dubbel(website, dijkstad, paspoort, relay):
    relay()
    historie = LeveringHistorie.objects.count()
    uitkomst = lever("website", [dijkstad], Doelen(kennisartikelen={paspoort.pk}))
    assert uitkomst.gepubliceerd == 0 and uitkomst.ongewijzigd == 1
    assert LeveringHistorie.objects.count() == historie


def test_intrekking_verwijdert_overal_en_de_historie_blijft(website, dijkstad, bosrijk, paspoort, relay):
    relay()
    gepubliceerd = rijen(paspoort)[("dijkstad", "website")].fingerprint
    paspoort.get_latest_revision_as_object()  # noqa: B018 - the article is live
    from wagtail.actions.unpublish import UnpublishAction

    UnpublishAction(paspoort).execute(skip_permission_checks=True)
    relay()
    for slug in ("dijkstad", "bosrijk"):
        assert rijen(paspoort)[(slug, "website")].status == Status.INGETROKKEN
        assert website.pagina(slug, "kennisartikel", paspoort.pk).status_code == 410
    historie = list(
        LeveringHistorie.objects.filter(item_uuid=paspoort.pk, gemeente_slug="dijkstad", kanaal="website").order_by("tijdstip")
    )
    assert [h.ingetrokken for h in historie] == [False, True]
    assert historie[0].payload.inhoud["titel"] == "Paspoort" and historie[1].fingerprint == gepubliceerd


def test_vervangen_vac_verdwijnt_alleen_bij_die_gemeente(website, dijkstad, bosrijk, relay):
    generiek = publiceer(VraagAntwoordFactory(gemeente=None, vraag="Hoe lang is mijn paspoort geldig?"))
    relay()
    assert website.status("dijkstad", generiek.pk)["fingerprint"]
    eigen = publiceer(VraagAntwoordFactory(gemeente=dijkstad, vervangt=generiek, vraag="Paspoort geldig in Dijkstad?"))
    relay()
    assert website.pagina("dijkstad", "vac", generiek.pk).status_code == 410
    assert website.pagina("dijkstad", "vac", eigen.pk).status_code == 200
    assert website.pagina("bosrijk", "vac", generiek.pk).status_code == 200
    # Set to non-actief: withdrawn like any other withdrawal.
    concept = eigen.get_latest_revision_as_object()
    concept.status = VacStatus.NON_ACTIEF
    concept.save_revision().publish(skip_permission_checks=True)
    relay()
    assert website.pagina("dijkstad", "vac", eigen.pk).status_code == 410


def test_mislukte_levering_wordt_later_met_de_nieuwste_revisie_afgemaakt(website, settings, dijkstad, paspoort, relay):
    standaard = Aansluiting.objects.get(kanaal="website")
    standaard.url = "http://127.0.0.1:9/{gemeente}/webhook"  # nothing listens: a transient failure
    standaard.save()
    relay()
    rij = rijen(paspoort)[("dijkstad", "website")]
    assert rij.status == Status.MISLUKT and rij.pogingen == 1 and "verbinding" in rij.laatste_fout
    assert rij.wacht_sinds is not None
    # Meanwhile a newer revision is published; the retry sends that one, never the old one.
    concept = paspoort.get_latest_revision_as_object()
    concept.kosten_en_betaalmethoden = "Nieuw landelijk tarief."
    concept.save_revision().publish(skip_permission_checks=True)
    standaard.url = f"{website.url}/{{gemeente}}/webhook"
    standaard.save()
    lever("website", [dijkstad], Doelen(kennisartikelen={paspoort.pk}))
    rij = rijen(paspoort)[("dijkstad", "website")]
    assert rij.status == Status.AFGELEVERD and rij.pogingen == 0 and rij.wacht_sinds is None
    assert "Nieuw landelijk tarief" in website.pagina("dijkstad", "kennisartikel", paspoort.pk).text
    assert LeveringHistorie.objects.filter(item_uuid=paspoort.pk, gemeente_slug="dijkstad", kanaal="website").count() == 1


def test_geweigerd_bericht_is_meteen_een_dode_letter(website, dijkstad, paspoort, relay):
    Aansluiting.objects.filter(kanaal="website").update(geheim="whsec_" + "QUFB" * 11)  # not the site's secret: 401
    relay()
    rij = rijen(paspoort)[("dijkstad", "website")]
    assert rij.status == Status.DODE_LETTER and rij.pogingen == 1 and "401" in rij.laatste_fout
    # The same payload is not tried again by the next run ...
    assert lever("website", [dijkstad], Doelen(kennisartikelen={paspoort.pk})).dode_letters == 0
    # ... a resend after fixing the configuration is.
    Aansluiting.objects.filter(kanaal="website").update(geheim=website.geheim)
    assert lever("website", [dijkstad], Doelen(kennisartikelen={paspoort.pk}), opnieuw=True).gepubliceerd == 1


def test_een_oudere_levering_overschrijft_nooit_een_nieuwere(website, dijkstad, paspoort, relay):
    from contenthub.publicatie.levering import gewenste_inhoud
    from publishers.base import Bestemming
    from publishers.registry import publisher

    relay()
    rij = rijen(paspoort)[("dijkstad", "website")]
    ((item, inhoud, fp),) = gewenste_inhoud("website", [dijkstad], Doelen(kennisartikelen={paspoort.pk})).values()
    oud = dict(inhoud, titel="Verouderd")
    from publishers.payload import fingerprint

    bestemming = Bestemming(url=f"{website.url}/dijkstad/webhook", geheim=website.geheim)
    with pytest.raises(Exception, match="iets anders"):
        publisher("website").publiceer(item, oud, fingerprint(oud), rij.volgnummer - 1, bestemming)
    assert website.status("dijkstad", paspoort.pk)["fingerprint"] == rij.fingerprint


def test_fanout_kost_een_vast_aantal_queries(website):
    def meet(aantal: int) -> int:
        artikel = publiceer(KennisartikelFactory(live=False))
        gemeenten = [GemeenteFactory() for _ in range(aantal)]
        for g in gemeenten[::3]:
            publiceer(AanvullingFactory.build(gemeente=g, kennisartikel=artikel, titel=f"Artikel in {g.naam}"))
        with CaptureQueriesContext(connection) as queries:
            uitkomst = lever("website", gemeenten, Doelen(kennisartikelen={artikel.pk}))
        assert uitkomst.gepubliceerd == aantal
        return len(queries)

    assert meet(3) == meet(30)


def test_secties_die_na_de_aanvulling_worden_opgeslagen_komen_ook_aan(website, dijkstad, paspoort, relay):
    """The race the admin's publish has: the aanvulling row commits first, its sections a moment later."""
    aanvulling = AanvullingFactory.build(gemeente=dijkstad, kennisartikel=paspoort, titel="")
    aanvulling.secties.add(SectieAanpassing(sectie="kosten_en_betaalmethoden", modus="vervangen", tekst="Oud tarief."))
    aanvulling = publiceer(aanvulling)
    relay()
    assert "Oud tarief" in website.pagina("dijkstad", "kennisartikel", paspoort.pk).text
    SectieAanpassing.objects.filter(aanvulling=aanvulling).update(tekst="Nieuw tarief.")  # the late section commit
    relay()
    assert "Nieuw tarief" in website.pagina("dijkstad", "kennisartikel", paspoort.pk).text
