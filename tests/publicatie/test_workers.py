"""The pipeline with real parts: PostgreSQL, Redis, Celery worker processes, OpenSearch, the reference website and
bot platform (and the Mastodon double: no Mastodon server runs here).

These tests commit (transactional), start ``celery worker`` as separate processes and only watch from here;
they check in the worker's log that the worker did the work, so they fail if tasks ran eagerly in this process.
"""

import re
import time

import httpx
import pytest
from django.db import connection

from contenthub.publicatie.models import Aansluiting, Levering, Status
from publishers.registry import publisher
from tests.factories import GemeenteFactory, KennisartikelFactory, VraagAntwoordFactory, publiceer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _database_url() -> str:
    d = connection.settings_dict
    return f"postgres://{d['USER']}@{d['HOST']}:{d['PORT']}/{d['NAME']}"


@pytest.fixture
def worker(workers):
    return workers.start()


def wacht_tot(voorwaarde, seconden: float = 30.0, melding: str = ""):
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        uitkomst = voorwaarde()
        if uitkomst:
            return uitkomst
        time.sleep(0.1)
    pytest.fail(f"niet binnen {seconden} s: {melding}")


def test_publicatie_en_intrekking_via_echte_workers(worker, website_proces, chatbot_proces):
    """All four channels: website and bot platform (reference processes), kennisbank (OpenSearch), social (the
    Mastodon double, served from this process; the worker process talks to it over HTTP)."""
    from tests.dubbels import mastodon

    for kanaal, ontvanger in (("website", website_proces), ("chatbot", chatbot_proces)):
        Aansluiting.objects.create(kanaal=kanaal, url=f"{ontvanger.url}/{{gemeente}}/webhook", geheim=ontvanger.geheim)
    server, _ = mastodon.start()
    social = f"http://127.0.0.1:{server.server_address[1]}"
    Aansluiting.objects.create(kanaal="social", url=social, geheim="token-alle-gemeenten")
    publisher("kennisbank").zorg_voor_index()
    gemeenten = [GemeenteFactory() for _ in range(3)]
    artikel = publiceer(
        KennisartikelFactory(live=False, titel="Parkeervergunning", delen=True)
    )  # commits: triggers write the outbox
    vac = publiceer(VraagAntwoordFactory(gemeente=gemeenten[0], vraag="Waar parkeer ik met een vergunning?"))

    def afgeleverd():
        rijen = Levering.objects.filter(item_uuid__in=[artikel.pk, vac.pk], status=Status.AFGELEVERD)
        return rijen.count() == 3 * (3 + 1) + 3 and list(rijen)  # social: only the shared article

    try:
        rijen = wacht_tot(afgeleverd, melding="elk kanaal van elke gemeente afgeleverd")
        kennisbank = publisher("kennisbank")
        posts = {p["id"]: p for p in httpx.get(f"{social}/_dubbel/statussen").json()}
        for rij in rijen:
            slug = rij.gemeente.slug
            if rij.kanaal in ("website", "chatbot"):
                ontvanger = website_proces if rij.kanaal == "website" else chatbot_proces
                assert ontvanger.status(slug, rij.item_uuid)["fingerprint"] == rij.fingerprint
            elif rij.kanaal == "social":
                assert f"/{slug}/producten/{artikel.pk}" in posts[rij.extern_id]["text"]
            else:
                assert kennisbank.document(slug, rij.soort, rij.item_uuid)["fingerprint"] == rij.fingerprint

        from wagtail.actions.unpublish import UnpublishAction

        UnpublishAction(artikel).execute(skip_permission_checks=True)
        wacht_tot(
            lambda: Levering.objects.filter(item_uuid=artikel.pk, status=Status.INGETROKKEN).count() == 12,
            melding="intrekking op elk kanaal van elke gemeente",
        )
        for g in gemeenten:
            assert website_proces.pagina(g.slug, "kennisartikel", artikel.pk).status_code == 410
            assert kennisbank.document(g.slug, "kennisartikel", artikel.pk) is None
            assert f"product_{artikel.pk}" not in chatbot_proces.bestand(g.slug, "nlu.yml")
        assert all(p["deleted"] for p in httpx.get(f"{social}/_dubbel/statussen").json())
    finally:
        server.shutdown()
        server.server_close()
    # The work was done by the worker process, not eagerly in this one.
    logregels = worker.read_text()
    assert re.search(r"Task contenthub\.publicatie\.tasks\.lever_taak\[[^]]+\] received", logregels), "via de broker ontvangen"
    assert re.search(r"Task contenthub\.publicatie\.tasks\.lever_taak\[[^]]+\] succeeded", logregels)


def test_worker_doodgeschoten_midden_in_een_levering(workers, tmp_path):
    """SIGKILL of a whole worker (main process and pool) while it delivers to a slow website: after a new worker
    and the sweep (what beat runs), every channel converges; nothing lost, nothing older served."""
    from contenthub.publicatie.consistentie import controleer
    from contenthub.publicatie.models import LeveringHistorie
    from contenthub.publicatie.tasks import sweep
    from tests.publicatie.conftest import start_website

    traag_proces, traag = start_website(tmp_path / "traag", "--vertraging", "1.0")
    try:
        Aansluiting.objects.create(kanaal="website", url=f"{traag.url}/{{gemeente}}/webhook", geheim=traag.geheim)
        publisher("kennisbank").zorg_voor_index()
        gemeenten = [GemeenteFactory() for _ in range(4)]
        workers.start()
        artikel = publiceer(KennisartikelFactory(live=False, titel="Kapvergunning"))
        # Kill as soon as the slow website has stored the first page, while the others are still on their way.
        wacht_tot(lambda: any(traag.status(g.slug, artikel.pk) for g in gemeenten), melding="eerste pagina op de website")
        workers.doodt_laatste()
        assert not all(traag.status(g.slug, artikel.pk) for g in gemeenten), "te laat: alles was al geleverd"

        workers.start()
        sweep.apply_async(queue="bulk")
        wacht_tot(lambda: not list(controleer(gemeenten)), seconden=60, melding="elk kanaal weer gelijk aan de hub")
        for g in gemeenten:
            rij = Levering.objects.get(kanaal="website", gemeente=g, item_uuid=artikel.pk)
            ontvangen = traag.status(g.slug, artikel.pk)
            assert (ontvangen["fingerprint"], ontvangen["volgnummer"]) == (rij.fingerprint, rij.volgnummer)
            nummers = list(
                LeveringHistorie.objects.filter(kanaal="website", gemeente_slug=g.slug, item_uuid=artikel.pk).values_list(
                    "volgnummer", flat=True
                )
            )
            assert nummers == sorted(set(nummers)), "elke levering in de historie één keer, in volgorde"
    finally:
        traag_proces.terminate()
        traag_proces.wait(timeout=10)
