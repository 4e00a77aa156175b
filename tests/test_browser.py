"""An editor's day in a real browser (Chromium via Playwright): write, submit for review, a colleague approves."""

import os
from pathlib import Path

import pytest

from contenthub.content.models import GemeentelijkeAanvulling
from tests.factories import AanvullingFactory, GemeenteFactory, KennisartikelFactory, UserFactory, publiceer

CHROMIUM = os.environ.get("CONTENTHUB_CHROMIUM", "/usr/bin/chromium")
# serialized_rollback: another transactional test may have flushed the database before this one runs.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def hub_server(transactional_db):
    """A live server for this test only: stopping it closes its database connections, so the test
    database can be dropped at the end of the run (pytest-django's session-wide one outlives it)."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test.testcases import LiveServerThread

    thread = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error

    class Server:
        url = f"http://127.0.0.1:{thread.port}"

    yield Server
    thread.terminate()


@pytest.fixture
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium ontbreekt op {CHROMIUM}; bin/test installeert het Debian-pakket 'chromium' als root.")
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def inloggen(browser, hub_server, gebruiker, tmp_path=None, volgende: str = "/admin/"):
    """A fresh browser context, logged in through the Wagtail login page, on ``volgende``."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL")
    pagina = context.new_page()
    pagina.set_default_timeout(20_000)
    pagina.goto(f"{hub_server.url}/admin/login/?next={volgende}")
    pagina.fill("#id_username", gebruiker)
    pagina.fill("#id_password", "geheim-wachtwoord")
    pagina.click("button[type=submit]")
    pagina.wait_for_url(f"{hub_server.url}{volgende}**")
    return pagina


def test_redacteur_dient_in_en_collega_keurt_goed(browser, hub_server, tmp_path):
    try:
        _redacteur_dient_in_en_collega_keurt_goed(browser, hub_server, tmp_path)
    finally:
        # Playwright's sync API runs this test in a greenlet, which Django's connection handler treats as
        # a context of its own; close that connection here, or the test database cannot be dropped later.
        from django.db import connections

        connections.close_all()


def _redacteur_dient_in_en_collega_keurt_goed(browser, hub_server, tmp_path):
    gemeente = GemeenteFactory(naam="Gemeente Dijkstad", slug="dijkstad", code="gm9001")
    UserFactory(username="schrijver", groepen=[gemeente.redactiegroep])
    UserFactory(username="beoordelaar", groepen=[gemeente.redactiegroep])
    artikel = publiceer(KennisartikelFactory(live=False, titel="Paspoort aanvragen"))
    aanvulling = publiceer(AanvullingFactory.build(gemeente=gemeente, kennisartikel=artikel, titel="Paspoort in Dijkstad"))
    edit_url = f"{hub_server.url}/admin/snippets/content/gemeentelijkeaanvulling/edit/{aanvulling.pk}/"

    pagina = inloggen(browser, hub_server, "schrijver", tmp_path)
    try:
        pagina.goto(edit_url)
        assert pagina.get_by_text("Kwaliteitscontrole: geen opmerkingen.").is_visible()
        pagina.fill("#id_titel", "Paspoort aanvragen in Dijkstad")
        pagina.fill("#id_aangewezen_kanaal", "Maak een afspraak, [klik hier](https://dijkstad.example/afspraak).")
        pagina.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
        pagina.locator("button[name='action-submit']").click()
        pagina.wait_for_load_state("networkidle")
        # The quality warning reaches the editor after saving, without blocking the submission.
        assert pagina.get_by_text("linktekst 'klik hier'", exact=False).first.is_visible()
    except Exception:
        pagina.screenshot(path=str(tmp_path / "schrijver.png"), full_page=True)
        raise

    aanvulling.refresh_from_db()
    assert aanvulling.titel == "Paspoort in Dijkstad", "indienen publiceert nog niet"
    assert aanvulling.workflow_in_progress

    pagina = inloggen(browser, hub_server, "beoordelaar", tmp_path)
    try:
        pagina.goto(edit_url)
        pagina.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
        pagina.locator("button[data-workflow-action-name='approve']").first.click()
        pagina.wait_for_load_state("networkidle")
    except Exception:
        pagina.screenshot(path=str(tmp_path / "beoordelaar.png"), full_page=True)
        raise

    live = GemeentelijkeAanvulling.objects.get(pk=aanvulling.pk)
    assert live.titel == "Paspoort aanvragen in Dijkstad"
    assert not live.workflow_in_progress
