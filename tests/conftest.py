import io
import re
import uuid
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from hypothesis import settings as hypothesis_settings

from contenthub.redactie.permissies import LANDELIJKE_REDACTIE
from tests.factories import GemeenteFactory, UserFactory

# No per-example deadline: a busy 2-core CI machine must not turn a slow example into a failure.
hypothesis_settings.register_profile("contenthub", deadline=None, max_examples=100)
hypothesis_settings.load_profile("contenthub")

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT.parent / "shared" / "corpus"


def _ruim_kennisbank_op(alias: str) -> None:
    """Delete the indices behind a test's kennisbank alias (named ``<alias>-<timestamp>``): with OPENSEARCH_URL a
    shared node outlives the run, and hundreds of leftover indices slow every later run on it. Only a test alias
    (``test-…``, ``contenthub-test-…``) and only its own indices: KENNISBANK_ALIAS may come from a developer's
    shell, and this must never delete a real kennisbank."""
    from django.conf import settings

    from contenthub.kennisbank.zoeken import _client

    if not settings.OPENSEARCH_URL or not alias.startswith(("test-", "contenthub-test-")):
        return
    client = _client(settings.OPENSEARCH_URL)
    eigen = re.compile(rf"{re.escape(alias)}-\d+")
    namen = client.indices.get(index=f"{alias}-*", ignore_unavailable=True, allow_no_indices=True, expand_wildcards="all")
    for naam in namen:
        if eigen.fullmatch(naam):
            client.indices.delete(index=naam, ignore_unavailable=True)


@pytest.fixture
def eigen_kennisbank(settings):
    """A kennisbank on the real OpenSearch node for this test alone: ``eigen_kennisbank("zoeken")`` points
    KENNISBANK_ALIAS at a fresh alias; its indices are deleted after the test."""
    if not settings.OPENSEARCH_URL:
        pytest.fail("OPENSEARCH_URL ontbreekt: draai de tests met bin/test, dat een OpenSearch-node start.")
    gemaakt: list[str] = []

    def maak(naam: str = "kennisbank") -> str:
        settings.KENNISBANK_ALIAS = f"test-{naam}-{uuid.uuid4().hex[:10]}"
        gemaakt.append(settings.KENNISBANK_ALIAS)
        return settings.KENNISBANK_ALIAS

    yield maak
    for alias in gemaakt:
        _ruim_kennisbank_op(alias)


@pytest.fixture(scope="session", autouse=True)
def _standaard_kennisbank_opruimen():
    """The run's default alias (contenthub.conf.test), which publisher and worker tests share, goes at the end."""
    yield
    from django.conf import settings

    _ruim_kennisbank_op(settings.KENNISBANK_ALIAS)


@pytest.fixture(autouse=True)
def _verse_catalogi():
    """The API's per-process catalogues are keyed by content version; a rolled-back test can leave a version that
    the next test reaches again with other content. Production never rolls committed versions back."""
    from contenthub.api.catalogus import leeg
    from contenthub.kennisbank import zoeken

    leeg()
    zoeken._database.clear()  # the embedded kennisbank's prepared documents, keyed by row count and volgnummer
    yield
    leeg()


@pytest.fixture
def corpus_map():
    if not CORPUS.is_dir():
        pytest.fail(f"Het gedeelde corpus ontbreekt: {CORPUS} (verwacht ../shared/corpus naast de checkout)")
    return CORPUS


@pytest.fixture(scope="class")
def corpus_geimporteerd(django_db_setup, django_db_blocker):
    """The shared corpus imported once for a whole test class; yields the import's output.

    A full import takes seconds; tests that only read it (or change it and rely on rollback) share one.
    The import runs in a transaction that is rolled back after the class; each test still runs in its own
    savepoint inside it (pytest-django's ``db``), so a test's own writes never reach the next test. Use it
    on a class only: a module- or session-wide import would leak into tests that expect an empty hub.
    """
    if not CORPUS.is_dir():
        pytest.fail(f"Het gedeelde corpus ontbreekt: {CORPUS} (verwacht ../shared/corpus naast de checkout)")
    with django_db_blocker.unblock():
        blok = transaction.atomic()
        blok.__enter__()
        try:
            uitvoer = io.StringIO()
            call_command("import_corpus", str(CORPUS), stdout=uitvoer)
            yield uitvoer.getvalue()
        finally:
            transaction.set_rollback(True)
            blok.__exit__(None, None, None)


@pytest.fixture
def dijkstad(db):
    return GemeenteFactory(naam="Gemeente Dijkstad", slug="dijkstad", code="gm9001")


@pytest.fixture
def bosrijk(db):
    return GemeenteFactory(naam="Gemeente Bosrijk", slug="bosrijk", code="gm9002")


@pytest.fixture
def landelijk_redacteur(db):
    return UserFactory(username="landelijk", groepen=[Group.objects.get(name=LANDELIJKE_REDACTIE)])


@pytest.fixture
def redacteur_dijkstad(dijkstad):
    return UserFactory(username="dijkstad1", groepen=[dijkstad.redactiegroep])


@pytest.fixture
def redacteur2_dijkstad(dijkstad):
    return UserFactory(username="dijkstad2", groepen=[dijkstad.redactiegroep])


@pytest.fixture
def redacteur_bosrijk(bosrijk):
    return UserFactory(username="bosrijk1", groepen=[bosrijk.redactiegroep])


@pytest.fixture
def relay(django_capture_on_commit_callbacks):
    """Runs the relay and the delivery tasks it sends after commit (eager Celery, in this process)."""
    from contenthub.publicatie.relay import relay as relay_

    def draai():
        with django_capture_on_commit_callbacks(execute=True):
            return relay_()

    return draai
