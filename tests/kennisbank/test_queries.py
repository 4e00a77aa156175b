"""Querytellingen van de kennisbank-API: geen aanroep kost databasequeries naar verhouding van de hoeveelheid inhoud.

GET /api/v1/kennisbank/zoeken en POST /api/v1/chatbot/antwoord kosten bij weinig en bij veel gepubliceerde
kennisartikelen, aanvullingen, lokale producten en VAC's van de gemeente precies even veel queries, op OpenSearch
en op de database; op OpenSearch ook met het semantische zoeken aan. Gemeten wordt de tweede aanroep, met andere
woorden dan de eerste: de eerste vult de caches per proces (sleutels, thesaurus), zoals in productie.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contenthub.api.sleutels import maak_sleutel
from contenthub.content.models import SectieAanpassing
from contenthub.kennisbank.herbouw import herbouw
from tests.factories import AanvullingFactory, KennisartikelFactory, VraagAntwoordFactory, publiceer

pytestmark = pytest.mark.django_db

# (how many items of each kind to add, first number): the second batch comes on top of the first
GROOTTES = ((3, 0), (12, 100))
KLEIN = ((2, 0), (6, 100))  # the semantic side embeds every document: keep it small


@pytest.fixture(params=["opensearch", "database"])
def achterkant(request, settings):
    """Each test on both backends, with the test default for semantic retrieval (off); OpenSearch on an alias of its
    own."""
    if request.param == "opensearch":
        request.getfixturevalue("eigen_kennisbank")("queries")
    else:
        settings.OPENSEARCH_URL = ""
    return request.param


@pytest.fixture
def semantisch(settings, eigen_kennisbank):
    """OpenSearch with semantic retrieval on."""
    eigen_kennisbank("queries-semantisch")
    settings.KENNISBANK_SEMANTISCH = True
    return settings


def _vul(gemeente, aantal: int, start: int) -> None:
    """Per number: a generiek kennisartikel with the gemeente's aanvulling, a local product, an own VAC and a
    generiek VAC, all about "vergunning <number>" (a number is a word of its own: "1" does not match "101")."""
    for i in range(start, start + aantal):
        artikel = publiceer(
            KennisartikelFactory(
                live=False,
                titel=f"Vergunning {i} aanvragen",
                tekst=f"Zo vraagt u vergunning {i} aan bij de gemeente.",
                trefwoorden=["vergunning"],
            )
        )
        aanvulling = AanvullingFactory.build(gemeente=gemeente, kennisartikel=artikel, titel="", aangewezen_kanaal=f"loket {i}")
        aanvulling.secties.add(
            SectieAanpassing(sectie="kosten_en_betaalmethoden", modus="vervangen", tekst=f"Vergunning {i} kost € 12,50.")
        )
        publiceer(aanvulling)
        publiceer(
            AanvullingFactory.build(
                gemeente=gemeente,
                kennisartikel=None,
                titel=f"Lokale vergunning {i} aanvragen",
                upn_uri=f"https://x/vergunning-{i}",
            )
        )
        publiceer(
            VraagAntwoordFactory(
                gemeente=gemeente, vraag=f"Hoe vraag ik vergunning {i} aan?", kort_antwoord=f"Vergunning {i}: online."
            )
        )
        publiceer(VraagAntwoordFactory(gemeente=None, vraag=f"Wat kost vergunning {i}?", kort_antwoord="Dat verschilt."))


def _meet(doe) -> tuple[int, list[str], dict]:
    """The number of queries of one call, their SQL (for the failure message) and the response body."""
    with CaptureQueriesContext(connection) as ctx:
        r = doe()
    assert r.status_code == 200, r.content
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries], r.json()


def _uitleg(metingen: list[tuple[int, list[str], dict]]) -> str:
    regels = []
    for aantal, sql, _ in metingen:
        regels.append(f"--- {aantal} queries")
        regels += sql
    return "\n".join(regels)


def _zoeken(client, geheim: str, tekst: str):
    return client.get("/api/v1/kennisbank/zoeken", {"q": tekst, "gemeente": "dijkstad"}, HTTP_AUTHORIZATION=f"Bearer {geheim}")


def _chatbot(client, geheim: str, tekst: str):
    return client.post(
        "/api/v1/chatbot/antwoord",
        json.dumps({"vraag": tekst, "gemeente": "dijkstad"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {geheim}",
    )


def _meet_zoeken(client, dijkstad, groottes) -> list[tuple[int, list[str], dict]]:
    _, geheim = maak_sleutel(naam="kcc", kanaal="kennisbank", gemeenten=[dijkstad])
    metingen = []
    for aantal, start in groottes:
        _vul(dijkstad, aantal, start)
        herbouw()
        assert _zoeken(client, geheim, "vergunning aanvragen").status_code == 200  # warms the per-process caches
        metingen.append(_meet(lambda: _zoeken(client, geheim, "wat kost vergunning 1")))
    return metingen


def _meet_chatbot(client, dijkstad, settings, groottes) -> list[tuple[int, list[str], dict]]:
    """Per size two measured calls: an answer (threshold 0) and a hand-off (threshold above the question's
    zekerheid but below twice it, so the unsure answers still come along), with other words, so that other items
    stand behind it (on the word side only VACs: a composition without products)."""
    _, geheim = maak_sleutel(naam="bot", kanaal="chatbot", gemeenten=[dijkstad])
    metingen = []
    for aantal, start in groottes:
        _vul(dijkstad, aantal, start)
        herbouw()
        settings.CHATBOT_MIN_ZEKERHEID = 0.0
        assert _chatbot(client, geheim, "vergunning 2 aanvragen").status_code == 200  # warms the per-process caches
        # four words: no product-name push, so both sizes put the same kinds of items first
        metingen.append(_meet(lambda: _chatbot(client, geheim, "vergunning nummer 1 aanvragen")))
        zeker = _chatbot(client, geheim, "hoe vraag ik vergunning 1 aan").json()["zekerheid"]
        assert zeker > 0
        settings.CHATBOT_MIN_ZEKERHEID = zeker * 1.5
        metingen.append(_meet(lambda: _chatbot(client, geheim, "hoe vraag ik vergunning 1 aan")))
    return metingen


def _soorten(body: dict) -> list[str]:
    return sorted(a["soort"] for a in [body["antwoord"], *body["alternatieven"]] if a)


def test_zoeken_kost_even_veel_queries_bij_weinig_en_veel_inhoud(achterkant, client, dijkstad):
    klein, groot = _meet_zoeken(client, dijkstad, GROOTTES)
    assert 0 < klein[2]["totaal"] < groot[2]["totaal"], "de tweede meting zoekt echt in meer inhoud"
    assert klein[0] == groot[0], _uitleg([klein, groot])


def test_chatbotantwoord_kost_even_veel_queries_bij_weinig_en_veel_inhoud(achterkant, client, dijkstad, settings):
    antwoord_klein, overdracht_klein, antwoord_groot, overdracht_groot = _meet_chatbot(client, dijkstad, settings, GROOTTES)
    for klein, groot in ((antwoord_klein, antwoord_groot), (overdracht_klein, overdracht_groot)):
        # the same kinds of items behind both sizes' answers, so the same work per answer
        assert _soorten(klein[2]) == _soorten(groot[2]) and len(_soorten(klein[2])) == 3
        assert klein[0] == groot[0], _uitleg([klein, groot])
    assert antwoord_klein[2]["overdracht"] is None and overdracht_klein[2]["overdracht"] is not None


def test_semantisch_zoeken_kost_even_veel_queries_bij_weinig_en_veel_inhoud(semantisch, client, dijkstad):
    klein, groot = _meet_zoeken(client, dijkstad, KLEIN)
    assert klein[2]["results"] and groot[2]["results"]
    assert klein[0] == groot[0], _uitleg([klein, groot])


def test_semantisch_chatbotantwoord_kost_even_veel_queries_bij_weinig_en_veel_inhoud(semantisch, client, dijkstad):
    antwoord_klein, overdracht_klein, antwoord_groot, overdracht_groot = _meet_chatbot(client, dijkstad, semantisch, KLEIN)
    for klein, groot in ((antwoord_klein, antwoord_groot), (overdracht_klein, overdracht_groot)):
        assert _soorten(klein[2]) == _soorten(groot[2])
        assert klein[0] == groot[0], _uitleg([klein, groot])
