"""The pipeline with real parts: PostgreSQL, Redis, Celery worker processes, OpenSearch, the reference website.

These tests commit (transactional), start ``celery worker`` as separate processes and only watch from here;
they check in the worker's log that the worker did the work, so they fail if tasks ran eagerly in this process.
"""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from contenthub.celery import app
from contenthub.publicatie.models import Aansluiting, Levering, Status
from publishers.registry import publisher
from tests.factories import GemeenteFactory, KennisartikelFactory, VraagAntwoordFactory, publiceer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _database_url() -> str:
    d = connection.settings_dict
    return f"postgres://{d['USER']}@{d['HOST']}:{d['PORT']}/{d['NAME']}"


@pytest.fixture
def worker(tmp_path):
    """A real Celery worker process on Redis, for all three queues, with the test database."""
    if not os.environ.get("REDIS_URL") or not settings.OPENSEARCH_URL:
        pytest.fail("REDIS_URL en OPENSEARCH_URL ontbreken: draai de tests met bin/test, dat Redis en OpenSearch start.")
    if connection.vendor != "postgresql":
        pytest.fail("Deze test heeft PostgreSQL nodig (een workerproces deelt de database niet met SQLite in het geheugen).")
    log = tmp_path / "worker.log"
    omgeving = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "contenthub.conf.test",
        "KENNISBANK_ALIAS": settings.KENNISBANK_ALIAS,
        "PUBLIEKE_URL": settings.PUBLIEKE_URL,
    }
    proces = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "contenthub",
            "worker",
            "-Q",
            "spoed,redactie,bulk",
            "--concurrency=2",
            "--loglevel=INFO",
            f"--logfile={log}",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"test-{os.getpid()}@%h",
        ],
        env=omgeving,
    )
    vorige = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        for _ in range(60):
            if app.control.ping(timeout=0.5):
                break
            if proces.poll() is not None:
                pytest.fail(f"Celery-worker stopte meteen: {log.read_text() if log.exists() else ''}")
        else:
            pytest.fail("Celery-worker reageerde niet binnen 30 s")
        yield log
    finally:
        app.conf.task_always_eager = vorige
        proces.terminate()
        proces.wait(timeout=30)


def wacht_tot(voorwaarde, seconden: float = 30.0, melding: str = ""):
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        uitkomst = voorwaarde()
        if uitkomst:
            return uitkomst
        time.sleep(0.1)
    pytest.fail(f"niet binnen {seconden} s: {melding}")


def test_publicatie_en_intrekking_via_echte_workers(worker, website_proces):
    Aansluiting.objects.create(kanaal="website", url=f"{website_proces.url}/{{gemeente}}/webhook", geheim=website_proces.geheim)
    publisher("kennisbank").zorg_voor_index()
    gemeenten = [GemeenteFactory() for _ in range(3)]
    artikel = publiceer(KennisartikelFactory(live=False, titel="Parkeervergunning"))  # commits: triggers write the outbox
    vac = publiceer(VraagAntwoordFactory(gemeente=gemeenten[0], vraag="Waar parkeer ik met een vergunning?"))

    def afgeleverd():
        rijen = Levering.objects.filter(item_uuid__in=[artikel.pk, vac.pk], status=Status.AFGELEVERD)
        return rijen.count() == 2 * (3 + 1) and list(rijen)

    rijen = wacht_tot(afgeleverd, melding="elk kanaal van elke gemeente afgeleverd")
    kennisbank = publisher("kennisbank")
    for rij in rijen:
        slug = rij.gemeente.slug
        if rij.kanaal == "website":
            assert website_proces.status(slug, rij.item_uuid)["fingerprint"] == rij.fingerprint
        else:
            assert kennisbank.document(slug, rij.soort, rij.item_uuid)["fingerprint"] == rij.fingerprint

    from wagtail.actions.unpublish import UnpublishAction

    UnpublishAction(artikel).execute(skip_permission_checks=True)
    wacht_tot(
        lambda: Levering.objects.filter(item_uuid=artikel.pk, status=Status.INGETROKKEN).count() == 6,
        melding="intrekking op elk kanaal van elke gemeente",
    )
    for g in gemeenten:
        assert website_proces.pagina(g.slug, "kennisartikel", artikel.pk).status_code == 410
        assert kennisbank.document(g.slug, "kennisartikel", artikel.pk) is None
    # The work was done by the worker process, not eagerly in this one.
    logregels = worker.read_text()
    assert "contenthub.publicatie.tasks.lever_taak" in logregels and "succeeded" in logregels
