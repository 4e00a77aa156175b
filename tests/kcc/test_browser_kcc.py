"""A KCC agent's call in a real browser (Debian's Chromium via Playwright), on the real OpenSearch node: a
misspelled query finds the right answer first, the keyboard opens it, the agent reports it as wrong, and the
owning editor sees the task in Wagtail. axe-core (from npm) checks both KCC pages against WCAG 2.1 AA."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from contenthub.kcc.models import Terugmelding
from contenthub.redactie.permissies import LANDELIJKE_REDACTIE
from tests.factories import KennisartikelFactory, UserFactory, VraagAntwoordFactory, publiceer
from tests.test_browser import browser, hub_server, inloggen  # noqa: F401  (fixtures)

PROJECT = Path(__file__).resolve().parents[2]
AXE = Path(os.environ.get("CONTENTHUB_AXE", PROJECT / "node_modules" / "axe-core" / "axe.min.js"))
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# A directory to keep screenshots of the KCC pages in (for a look at the design); unset: none.
SCHERMAFDRUKKEN = os.environ.get("CONTENTHUB_SCHERMAFDRUKKEN", "")


def _afdruk(pagina, naam: str) -> None:
    if SCHERMAFDRUKKEN:
        pagina.screenshot(path=str(Path(SCHERMAFDRUKKEN) / f"{naam}.png"), full_page=True)


def test_nl_design_system_css_komt_ongewijzigd_uit_npm():
    """The vendored CSS equals the pinned npm packages (bin/nlds copies them; bin/test installs them)."""
    modules = PROJECT / "node_modules" / "@utrecht"
    if not modules.is_dir():
        pytest.fail("node_modules ontbreekt: bin/test installeert de npm-pakketten (npm ci).")
    vendor = PROJECT / "contenthub" / "kcc" / "static" / "kcc" / "vendor"
    paren = {
        "utrecht-component-library.css": modules / "component-library-css" / "dist" / "index.css",
        "utrecht-design-tokens.css": modules / "design-tokens" / "dist" / "theme.css",
    }
    for kopie, bron in paren.items():
        assert (vendor / kopie).read_bytes() == bron.read_bytes(), f"{kopie} wijkt af van npm: draai bin/nlds"


def _axe(pagina) -> list[dict]:
    if not AXE.is_file():
        pytest.fail(f"axe-core ontbreekt op {AXE}: bin/test installeert het met npm ci.")
    pagina.add_script_tag(path=str(AXE))
    uitslag = pagina.evaluate("t => axe.run(document, {runOnly: {type: 'tag', values: t}})", WCAG)
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "doelen": [n["target"] for n in v["nodes"]][:5]}
        for v in uitslag["violations"]
    ]


@pytest.fixture
def kennisbank_opensearch(settings, eigen_kennisbank):
    eigen_kennisbank("kcc")
    settings.KENNISBANK_SEMANTISCH = False


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_agent_vindt_opent_en_meldt_redacteur_ziet_taak(browser, hub_server, kennisbank_opensearch, tmp_path):  # noqa: F811
    try:
        _gesprek(browser, hub_server, tmp_path)
    finally:
        from django.db import connections

        connections.close_all()


def _gesprek(browser, hub_server, tmp_path):  # noqa: F811
    from contenthub.core.models import Gemeente
    from contenthub.kennisbank.herbouw import herbouw

    gemeente = Gemeente.objects.create(
        naam="Gemeente Dijkstad", slug="dijkstad", code="gm9001", telefoon="14 0999", kanalen=["website", "kcc"]
    )
    UserFactory(username="agent", groepen=[gemeente.kcc_groep])
    # the paspoort text is generiek: a report on it goes to the landelijke redactie
    UserFactory(username="redacteur", groepen=[Group.objects.get(name=LANDELIJKE_REDACTIE)])
    paspoort = publiceer(
        KennisartikelFactory(
            live=False,
            titel="Paspoort aanvragen",
            tekst="U vraagt een paspoort aan bij de gemeente waar u woont.",
            kosten_en_betaalmethoden="Een paspoort kost € 84,05.",
            desk_memo="Vraag of de inwoner een oud paspoort heeft.",
            trefwoorden=["reisdocument"],
        )
    )
    publiceer(KennisartikelFactory(live=False, titel="Rijbewijs verlengen", tekst="Verleng uw rijbewijs op tijd."))
    publiceer(KennisartikelFactory(live=False, titel="Parkeervergunning aanvragen", tekst="Voor bewoners en bedrijven."))
    publiceer(VraagAntwoordFactory(gemeente=gemeente, vraag="Hoe laat is het gemeentehuis open?", antwoord="Van 9 tot 17 uur."))
    herbouw()
    assert settings.KENNISBANK_ALIAS.startswith("test-kcc-")

    pagina = inloggen(browser, hub_server, "agent", volgende="/kcc/")
    try:
        pagina.wait_for_url(f"{hub_server.url}/kcc/dijkstad/**")
        zoekveld = pagina.locator("#kcc-q")
        assert zoekveld.evaluate("e => e === document.activeElement"), "de focus staat in het zoekvak"
        zoekveld.press_sequentially("pasport aanvrgen", delay=40)  # two typos, as typed on the phone
        pagina.wait_for_selector("#kcc-resultaten[data-klaar='pasport aanvrgen'] .kcc-treffer__link")
        eerste = pagina.locator(".kcc-treffer__link").first
        assert eerste.inner_text().strip() == "Paspoort aanvragen", "het juiste antwoord bovenaan"
        _afdruk(pagina, "kcc-zoeken")
        overtredingen = _axe(pagina)
        assert overtredingen == [], f"WCAG 2.1 AA (zoekpagina): {overtredingen}"

        # narrowing to questions and answers reloads the list (and the address) without a product; back to all
        pagina.select_option("#kcc-soort", "vac")
        pagina.wait_for_function(
            "() => new URL(location).searchParams.get('soort') === 'vac'"
            " && ![...document.querySelectorAll('.kcc-treffer__soort')].some(e => e.textContent.startsWith('Product'))"
        )
        pagina.select_option("#kcc-soort", "")
        pagina.wait_for_function("() => !new URL(location).searchParams.has('soort')")
        zoekveld.focus()
        assert eerste.inner_text().strip() == "Paspoort aanvragen"

        pagina.keyboard.press("ArrowDown")
        assert eerste.evaluate("e => e === document.activeElement"), "pijl omlaag gaat naar het eerste resultaat"
        pagina.keyboard.press("Enter")
        pagina.wait_for_url(f"{hub_server.url}/kcc/dijkstad/kennisartikel/{paspoort.pk}/**")
        assert pagina.get_by_role("heading", name="Paspoort aanvragen", level=1).is_visible()
        assert pagina.get_by_text("Vraag of de inwoner een oud paspoort heeft.").is_visible(), "deskmemo"
        assert pagina.get_by_text("14 0999").is_visible(), "contact van de gemeente"
        tab = pagina.get_by_role("tab", name="Kosten")
        tab.click()
        assert tab.get_attribute("aria-selected") == "true"
        assert pagina.get_by_text("Een paspoort kost € 84,05.").is_visible()
        assert pagina.get_by_role("button", name="Dit antwoord klopt", exact=True).is_visible(), "de zoekvraag kan leren"
        _afdruk(pagina, "kcc-antwoord")
        overtredingen = _axe(pagina)
        assert overtredingen == [], f"WCAG 2.1 AA (antwoord): {overtredingen}"

        pagina.fill("#kcc-opmerking", "De prijs is verouderd; meneer Jansen betaalde € 90.")
        pagina.get_by_role("button", name="Dit antwoord klopt niet").click()
        pagina.wait_for_selector("text=De redactie heeft uw melding als taak gekregen.")

        # what the citizen said (a BSN) stays out of the address, the browser's history and the title, and out of
        # every request line (servers and proxies log those): results-as-you-type posts the query
        verzoeken: list[str] = []
        pagina.on("request", lambda verzoek: verzoeken.append(verzoek.url))
        pagina.goto(f"{hub_server.url}/kcc/dijkstad/")
        pagina.locator("#kcc-q").press_sequentially("bsn 123456782 paspoort", delay=20)
        pagina.wait_for_selector("#kcc-resultaten[data-klaar='bsn 123456782 paspoort'] .kcc-treffer__link")
        pagina.wait_for_function("() => new URL(location).searchParams.get('q') === 'bsn [nummer] paspoort'")
        assert "123456782" not in pagina.title() and "bsn [nummer] paspoort" in pagina.title()
        koppelingen = pagina.locator(".kcc-treffer__link").evaluate_all("es => es.map(e => e.href)")
        assert koppelingen and not any("123456782" in k for k in koppelingen)
        assert any(v.endswith("/kcc/dijkstad/resultaten") for v in verzoeken), verzoeken
        assert not any("123456782" in v for v in verzoeken), verzoeken
        # without the script the form posts too (Enter in the search box), with its CSRF token
        pagina.evaluate("() => document.querySelector('.kcc-zoekformulier').submit()")
        pagina.wait_for_selector(".kcc-treffer__link")
        assert pagina.url == f"{hub_server.url}/kcc/dijkstad/"
        assert not any("123456782" in v for v in verzoeken), verzoeken
    except Exception:
        pagina.screenshot(path=str(tmp_path / "agent.png"), full_page=True)
        raise

    melding = Terugmelding.objects.get()
    assert melding.opmerking == "De prijs is verouderd; meneer [naam] betaalde € 90."
    assert melding.zoekvraag == "pasport aanvrgen" and melding.eigenaar.name == LANDELIJKE_REDACTIE

    pagina = inloggen(browser, hub_server, "redacteur")
    try:
        pagina.get_by_role("link", name="1 open terugmelding").click()
        pagina.wait_for_url(f"{hub_server.url}/admin/kcc/terugmeldingen/**")
        assert pagina.get_by_role("link", name="Paspoort aanvragen").is_visible()
        assert pagina.get_by_text("meneer [naam] betaalde").is_visible()
    except Exception:
        pagina.screenshot(path=str(tmp_path / "redacteur.png"), full_page=True)
        raise
