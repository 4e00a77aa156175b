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
    # not sure enough to answer, but at least half as sure as an answer needs: the hand-off names its channel
    zeker = zoek(Zoekvraag("rijbewijs verlengen", "dijkstad")).treffers[0].zekerheid
    assert zeker > 0
    settings.CHATBOT_MIN_ZEKERHEID = zeker * 1.5
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


def test_overdracht_bij_onzin_noemt_geen_kanaal_van_een_willekeurig_product(client, dijkstad, kennisbank):
    """Nonsense gets the nearest item in meaning, far below the threshold: the hand-off then names the KCC, not
    that item's aangewezen kanaal."""
    body = _vraag(client, dijkstad, vraag="qqqq xyzzy").json()
    overdracht = body["overdracht"]
    assert overdracht is not None and overdracht["aangewezen_kanaal"] == ""
    assert body["antwoord"] is None and body["alternatieven"] == [], "no 'bedoelt u misschien' for nonsense"
    assert overdracht["reden"] == "Geen passend antwoord gevonden."
    assert "afspraak via de website" not in overdracht["tekst"] and dijkstad.telefoon in overdracht["tekst"]


def test_getoond_is_een_lijst_uuids_in_elke_schrijfwijze(client, dijkstad, kennisbank, settings):
    settings.CHATBOT_MIN_ZEKERHEID = 0.0
    artikel = str(kennisbank["artikel"].pk)
    r = _vraag(client, dijkstad, vraag="rijbewijs verlengen", getoond=[artikel.upper()]).json()
    assert artikel not in [r["antwoord"]["uuid"]] + [a["uuid"] for a in r["alternatieven"]], "hoofdletters tellen ook"
    fout = _vraag(client, dijkstad, vraag="rijbewijs verlengen", getoond=["geen-uuid"])
    assert fout.status_code == 400 and fout.json()["fouten"][0]["veld"] == "getoond.0"


def test_ongeldige_invoer_noemt_het_veld_zoals_de_client_het_schreef(client, dijkstad, kennisbank):
    leeg = _vraag(client, dijkstad, vraag="")
    assert leeg.status_code == 400 and [f["veld"] for f in leeg.json()["fouten"]] == ["vraag"]
    assert "vraag" in leeg.json()["detail"] and "body" not in leeg.json()["detail"]
    _, geheim = maak_sleutel(naam="bot2", kanaal="chatbot", gemeenten=[dijkstad])
    kapot = client.post(
        "/api/v1/chatbot/antwoord", "{niet json", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {geheim}"
    )
    assert kapot.status_code == 400 and "geen geldige JSON" in kapot.json()["detail"]
    geen_object = client.post(
        "/api/v1/chatbot/antwoord", '"hallo"', content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {geheim}"
    )
    velden = [f["veld"] for f in geen_object.json()["fouten"]]
    assert geen_object.status_code == 400 and velden and not any(v.startswith("body.") for v in velden), velden


@pytest.mark.parametrize("achterkant", ["opensearch", "database"])
def test_zonder_betekenis_antwoordt_de_chatbot_op_een_duidelijke_woordtreffer(client, dijkstad, kennisbank, settings, achterkant):
    """With semantic retrieval off, a clear word winner still gets an answer at the default threshold, and
    nonsense still a hand-off."""
    settings.KENNISBANK_SEMANTISCH = False
    if achterkant == "database":
        settings.OPENSEARCH_URL = ""
        herbouw()
    settings.CHATBOT_MIN_ZEKERHEID = 0.5
    r = _vraag(client, dijkstad, vraag="rijbewijs verlengen").json()
    assert r["overdracht"] is None and r["antwoord"]["uuid"] == str(kennisbank["artikel"].pk) and r["zekerheid"] >= 0.5
    assert _vraag(client, dijkstad, vraag="qqqq xyzzy").json()["overdracht"] is not None


def test_overdracht_zonder_email_noemt_alleen_de_telefoon(client, dijkstad, kennisbank):
    """A gemeente without an e-mail address (the field may be empty): the hand-off names the ways it has."""
    dijkstad.email, dijkstad.telefoon = "", "14 0999"
    dijkstad.save()
    overdracht = _vraag(client, dijkstad, vraag="qqqq xyzzy").json()["overdracht"]
    assert overdracht["tekst"].endswith("Bel 14 0999.") and "mail naar" not in overdracht["tekst"]


def test_een_post_krijgt_geen_304_en_elke_status_staat_in_het_schema(client, dijkstad, kennisbank):
    """If-None-Match revalidates a GET; the chatbot's question (a POST) is answered anew. The kennisbank search (a
    GET) does answer 304, and says so in its OpenAPI description."""
    eerste = _vraag(client, dijkstad, vraag="rijbewijs verlengen")
    _, geheim = maak_sleutel(naam="bot2", kanaal="chatbot", gemeenten=[dijkstad])
    opnieuw = client.post(
        "/api/v1/chatbot/antwoord",
        json.dumps({"gemeente": "dijkstad", "vraag": "rijbewijs verlengen"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {geheim}",
        HTTP_IF_NONE_MATCH=eerste["ETag"],
    )
    assert opnieuw.status_code == 200 and opnieuw.json() == eerste.json()
    _, kcc = maak_sleutel(naam="kcc", kanaal="kennisbank", gemeenten=[dijkstad])
    zoekvraag = {"q": "rijbewijs", "gemeente": "dijkstad"}
    etag = client.get("/api/v1/kennisbank/zoeken", zoekvraag, HTTP_AUTHORIZATION=f"Bearer {kcc}")["ETag"]
    herhaald = client.get("/api/v1/kennisbank/zoeken", zoekvraag, HTTP_AUTHORIZATION=f"Bearer {kcc}", HTTP_IF_NONE_MATCH=etag)
    assert herhaald.status_code == 304
    paden = client.get("/api/v1/schema/").json()["paths"]
    assert "304" in paden["/api/v1/kennisbank/zoeken"]["get"]["responses"]
    assert "304" in paden["/api/v1/kennisbank/suggesties"]["get"]["responses"]
    assert "413" in paden["/api/v1/chatbot/antwoord"]["post"]["responses"]


def test_een_te_grote_body_is_een_probleem_in_json(client, dijkstad, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    _, geheim = maak_sleutel(naam="bot", kanaal="chatbot", gemeenten=[dijkstad])
    antwoord = client.post(
        "/api/v1/chatbot/antwoord",
        json.dumps({"gemeente": "dijkstad", "vraag": "x", "opvulling": "y" * 20_000}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {geheim}",
    )
    assert antwoord.status_code == 413 and antwoord["Content-Type"].startswith("application/problem+json")
    assert "10000 bytes" in antwoord.json()["detail"]
