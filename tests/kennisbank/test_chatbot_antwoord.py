"""POST /api/v1/chatbot/antwoord: the kennisbank's own search service, the chatbot bundle's own answer text, and a
hand-off (aangewezen kanaal, KCC contact, the question and what was shown) when the search is not sure."""

import json

import pytest

from contenthub.api.sleutels import maak_sleutel
from contenthub.kennisbank.herbouw import herbouw
from contenthub.kennisbank.zoeken import Zoekvraag, zoek
from contenthub.publicatie.samenstellen import Doelen, kanaal_items
from publishers.chatbot import fragment
from tests.factories import AanvullingFactory, KennisartikelFactory, VraagAntwoordFactory, publiceer

pytestmark = pytest.mark.django_db


@pytest.fixture
def kennisbank(settings, dijkstad, eigen_kennisbank):
    eigen_kennisbank("chatbot")
    settings.KENNISBANK_SEMANTISCH = True
    artikel = publiceer(
        KennisartikelFactory(
            live=False,
            titel="Rijbewijs verlengen",
            tekst="Verleng uw rijbewijs op tijd bij de gemeente.",
            desk_memo="Geheim memo.",
        )
    )
    publiceer(
        AanvullingFactory.build(gemeente=dijkstad, kennisartikel=artikel, titel="", aangewezen_kanaal="afspraak via de website")
    )
    vac = publiceer(
        VraagAntwoordFactory(
            gemeente=dijkstad,
            vraag="Wanneer wordt het grofvuil opgehaald?",
            kort_antwoord="Op afspraak, binnen twee weken.",
            toelichting="Interne toelichting.",
        )
    )
    herbouw()
    return {"artikel": artikel, "vac": vac}


def _vraag(client, dijkstad, kanaal="chatbot", **body):
    _, geheim = maak_sleutel(naam="bot", kanaal=kanaal, gemeenten=[dijkstad])
    return client.post(
        "/api/v1/chatbot/antwoord",
        json.dumps({"gemeente": "dijkstad", **body}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {geheim}",
    )


def test_alleen_chatbotsleutels(client, dijkstad, kennisbank):
    assert _vraag(client, dijkstad, kanaal="website", vraag="rijbewijs").status_code == 403
    assert _vraag(client, dijkstad, vraag="rijbewijs", gemeente="bosrijk").status_code == 404


def test_hetzelfde_antwoord_als_de_kennisbank_en_de_bundel(client, dijkstad, kennisbank, settings):
    settings.CHATBOT_MIN_ZEKERHEID = 0.0
    r = _vraag(client, dijkstad, vraag="rijbewijs verlengen")
    assert r.status_code == 200, r.content
    body = r.json()
    eerste = zoek(Zoekvraag("rijbewijs verlengen", "dijkstad")).treffers[0]
    assert body["antwoord"]["uuid"] == eerste.uuid == str(kennisbank["artikel"].pk), "dezelfde woorden, hetzelfde antwoord"
    (item,) = kanaal_items([dijkstad], Doelen(kennisartikelen={kennisbank["artikel"].pk}, lokale=set(), vacs=set())).values()
    bundel = fragment(item)
    assert body["antwoord"]["tekst"] == bundel["antwoorden"][f"utter_{bundel['intent']}"][0]["text"]
    assert body["overdracht"] is None and 0 <= body["zekerheid"] <= 1
    assert "Geheim" not in r.content.decode() and "Interne" not in r.content.decode()


def test_overdracht_onder_de_drempel_met_context(client, dijkstad, kennisbank, settings):
    settings.CHATBOT_MIN_ZEKERHEID = 1.01
    r = _vraag(client, dijkstad, vraag="rijbewijs verlengen", getoond=[str(kennisbank["vac"].pk)])
    overdracht = r.json()["overdracht"]
    assert overdracht["vraag"] == "rijbewijs verlengen" and overdracht["getoond"] == [str(kennisbank["vac"].pk)]
    assert overdracht["aangewezen_kanaal"] == "afspraak via de website"
    assert overdracht["contact"]["telefoon"] == dijkstad.telefoon and dijkstad.telefoon in overdracht["tekst"]


def test_getoonde_antwoorden_komen_niet_terug(client, dijkstad, kennisbank, settings):
    settings.CHATBOT_MIN_ZEKERHEID = 0.0
    r = _vraag(client, dijkstad, vraag="rijbewijs verlengen", getoond=[str(kennisbank["artikel"].pk)]).json()
    getoond = [r["antwoord"]["uuid"]] + [a["uuid"] for a in r["alternatieven"]]
    assert str(kennisbank["artikel"].pk) not in getoond
