"""Chatbot channel: Rasa 3.x fragments per item, a bundle per gemeente, validated against Rasa's own schemas,
delivered by signed webhook to the reference bot platform (a real process) and served for download."""

import hashlib
import io
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.actions.unpublish import UnpublishAction

from contenthub.publicatie.models import Levering, LeveringHistorie, Status
from contenthub.publicatie.samenstellen import Doelen, kanaal_items
from publishers.base import Bestemming, BlijvendeFout, TijdelijkeFout
from publishers.chatbot import SCHEMAS, ChatbotPublisher, OngeldigeBundel, bundel, fragment, valideer
from publishers.payload import fingerprint
from tests.factories import AanvullingFactory, GemeenteFactory, KennisartikelFactory, VraagAntwoordFactory, publiceer

pytestmark = pytest.mark.django_db

RASA = "3.6.21"
IN_WIEL = {
    "nlu.yml": "rasa/shared/nlu/training_data/schemas/nlu.yml",
    "responses.yml": "rasa/shared/nlu/training_data/schemas/responses.yml",
    "domain.yml": "rasa/shared/utils/schemas/domain.yml",
    "pykwalify_extensions.py": "rasa/shared/utils/pykwalify_extensions.py",
}


def _item(gemeente, soort, uuid):
    return kanaal_items([gemeente], Doelen(kennisartikelen={uuid}, lokale={uuid}, vacs={uuid}))[(gemeente.pk, soort, uuid)]


def test_rasa_schemas_zijn_ongewijzigd():
    """The vendored schemas are byte-identical to those in the rasa 3.6.21 wheel (fetched from PyPI once)."""
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "contenthub" / f"rasa-{RASA}"
    wiel = next(cache.glob("rasa-*.whl"), None) if cache.exists() else None
    if wiel is None:
        cache.mkdir(parents=True, exist_ok=True)
        opdracht = [sys.executable, "-m", "pip", "download", "--no-deps", "--python-version", "3.10"]
        opdracht += ["--only-binary=:all:", f"rasa=={RASA}", "-d", str(cache), "-q"]
        subprocess.run(opdracht, check=True, timeout=300)
        wiel = next(cache.glob("rasa-*.whl"))
    with zipfile.ZipFile(wiel) as z:
        for hier, daar in IN_WIEL.items():
            assert hashlib.sha256((SCHEMAS / hier).read_bytes()).hexdigest() == hashlib.sha256(z.read(daar)).hexdigest(), hier


def test_fragment_van_een_vac(dijkstad):
    dijkstad.telefoon, dijkstad.email = "14 0123", "info@dijkstad.nl"
    dijkstad.save()
    vac = publiceer(
        VraagAntwoordFactory(
            gemeente=dijkstad,
            vraag="Wanneer wordt [het] grofvuil opgehaald?",
            alternatieve_vragen=["Wie haalt mijn oude koelkast op?", "wanneer wordt het grofvuil opgehaald?", " "],
            kort_antwoord="Op afspraak, binnen twee weken.",
            toelichting="Alleen intern: route via Milieustraat.",
        )
    )
    f = fragment(_item(dijkstad, "vac", vac.pk))
    assert f["intent"] == f"vac_{vac.pk}"
    # brackets would be read as an entity annotation; duplicates (case-insensitive) and blanks are dropped
    assert f["voorbeelden"] == ["Wanneer wordt het grofvuil opgehaald?", "Wie haalt mijn oude koelkast op?"]
    antwoord = f["antwoorden"][f"utter_vac_{vac.pk}"][0]["text"]
    assert antwoord.startswith("Op afspraak, binnen twee weken.") and f"/dijkstad/vragen/{vac.pk}" in antwoord
    overdracht = f["antwoorden"][f"utter_vac_{vac.pk}_overdracht"][0]["text"]
    assert "14 0123" in overdracht and "info@dijkstad.nl" in overdracht
    assert "Milieustraat" not in str(f), "de toelichting is intern"


def test_fragment_van_een_product_wijst_het_aangewezen_kanaal(dijkstad):
    artikel = publiceer(
        KennisartikelFactory(
            live=False,
            titel="Paspoort aanvragen",
            upn_label="Paspoort",
            trefwoorden=["reisdocument", "paspoort"],
            tekst="U vraagt een paspoort aan bij de gemeente. " * 12 + "\n\nTweede alinea.",
            desk_memo="Intern: bel BZK.",
        )
    )
    publiceer(
        AanvullingFactory.build(gemeente=dijkstad, kennisartikel=artikel, titel="", aangewezen_kanaal="afspraak aan de balie")
    )
    f = fragment(_item(dijkstad, "kennisartikel", artikel.pk))
    assert f["voorbeelden"] == ["Paspoort aanvragen", "Paspoort", "reisdocument"]
    antwoord = f["antwoorden"][f"utter_product_{artikel.pk}"][0]["text"]
    tekst = antwoord.split("\n\nMeer informatie:")[0]
    assert len(tekst) <= 320 and tekst.endswith(".") and "Tweede alinea" not in tekst
    overdracht = f["antwoorden"][f"utter_product_{artikel.pk}_overdracht"][0]["text"]
    assert overdracht.startswith("Aanvragen of indienen doet u via: afspraak aan de balie.")
    assert "BZK" not in str(f)


def test_rasa_schema_weigert_wat_rasa_weigert():
    goed_nlu = {"version": "3.1", "nlu": [{"intent": "vac_1", "examples": "- a\n"}]}
    goed_domain = {"version": "3.1", "intents": ["vac_1"], "responses": {"utter_vac_1": [{"text": "x"}]}}
    valideer(goed_nlu, goed_domain)
    with pytest.raises(OngeldigeBundel, match="Missing 'text' or 'custom'"):  # Rasa's own extension function
        valideer(goed_nlu, goed_domain | {"responses": {"utter_vac_1": [{"image": "https://x/y.png"}]}})
    with pytest.raises(OngeldigeBundel, match="/nlu/0"):
        valideer({"version": "3.1", "nlu": [{"intent": "vac_1", "examples": 5}]}, goed_domain)
    with pytest.raises(OngeldigeBundel, match="utter_"):
        valideer(goed_nlu, goed_domain | {"responses": {"antwoord_1": [{"text": "x"}]}})
    with pytest.raises(OngeldigeBundel, match="ontbreken in domain.yml"):
        valideer(goed_nlu, goed_domain | {"intents": []})


def test_bundel_deelt_een_voorbeeld_nooit_tussen_twee_intents():
    a = {"intent": "vac_a", "voorbeelden": ["Wat kost een paspoort?", "paspoort"], "antwoorden": {"utter_vac_a": [{"text": "A"}]}}
    b = {"intent": "vac_b", "voorbeelden": ["PASPOORT"], "antwoorden": {"utter_vac_b": [{"text": "B"}]}}
    bestanden = bundel([b, a])
    assert bundel([a, b]) == bestanden, "dezelfde fragmenten geven altijd dezelfde bestanden"
    nlu, domain = yaml.safe_load(bestanden["data/nlu.yml"]), yaml.safe_load(bestanden["domain.yml"])
    assert [i["intent"] for i in nlu["nlu"]] == ["vac_a"] and domain["intents"] == ["vac_a"]
    assert set(domain["responses"]) == {"utter_vac_a", "utter_vac_b"}


def test_ongeldig_fragment_wordt_meteen_een_dode_letter(dijkstad):
    vac = publiceer(VraagAntwoordFactory(gemeente=dijkstad))
    item = _item(dijkstad, "vac", vac.pk)
    pub = ChatbotPublisher(timeout=1)
    inhoud = pub.inhoud(item)
    kapot = inhoud | {"antwoorden": {f"utter_vac_{vac.pk}": [{"image": "x.png"}]}}
    onbereikbaar = Bestemming(url="http://127.0.0.1:9/webhook", geheim="whsec_" + "A" * 44)
    with pytest.raises(BlijvendeFout, match="Missing 'text'"):
        pub.publiceer(item, kapot, fingerprint(kapot), 1, onbereikbaar)
    with pytest.raises(TijdelijkeFout):  # the valid fragment does go out (and finds nobody listening)
        pub.publiceer(item, inhoud, fingerprint(inhoud), 1, onbereikbaar)


def test_bot_en_hub_houden_dezelfde_bundel(chatbot, client, dijkstad, bosrijk, relay):
    artikel = publiceer(KennisartikelFactory(live=False, titel="Afvalpas", trefwoorden=["milieupas"]))
    vac = publiceer(VraagAntwoordFactory(gemeente=dijkstad, vraag="Waar haal ik een afvalpas?"))
    relay()
    for slug, aantal in (("dijkstad", 2), ("bosrijk", 1)):
        rijen = Levering.objects.filter(kanaal="chatbot", gemeente__slug=slug)
        assert {r.status for r in rijen} == {Status.AFGELEVERD} and rijen.count() == aantal
        hub = client.get(f"/kanalen/chatbot/{slug}/")
        bot = chatbot.bundel(slug)
        assert hub.json()["bundelversie"] == bot["bundelversie"] and bot["fragmenten"] == aantal
        for naam in ("nlu.yml", "domain.yml"):
            assert client.get(f"/kanalen/chatbot/{slug}/{naam}").content.decode() == chatbot.bestand(slug, naam)
    # the acknowledged bundle version is kept with the delivery, as proof of what the bot held
    laatste = LeveringHistorie.objects.filter(kanaal="chatbot", gemeente_slug="dijkstad").latest("tijdstip")
    assert laatste.details["bundelversie"].startswith("v1:sha256:")
    nlu = yaml.safe_load(chatbot.bestand("dijkstad", "nlu.yml"))
    assert {i["intent"] for i in nlu["nlu"]} == {f"vac_{vac.pk}", f"product_{artikel.pk}"}

    UnpublishAction(vac).execute(skip_permission_checks=True)
    relay()
    assert {i["intent"] for i in yaml.safe_load(chatbot.bestand("dijkstad", "nlu.yml"))["nlu"]} == {f"product_{artikel.pk}"}
    assert client.get("/kanalen/chatbot/dijkstad/").json()["bundelversie"] == chatbot.bundel("dijkstad")["bundelversie"]


def test_bundel_downloaden_met_etag(chatbot, client, dijkstad, relay):
    publiceer(VraagAntwoordFactory(gemeente=dijkstad, vraag="Hoe vraag ik een parkeervergunning aan?"))
    relay()
    eerste = client.get("/kanalen/chatbot/dijkstad/bundel.tar.gz")
    assert eerste.status_code == 200 and eerste["Content-Type"] == "application/gzip"
    with tarfile.open(fileobj=io.BytesIO(eerste.content)) as tar:
        assert sorted(tar.getnames()) == ["data/nlu.yml", "domain.yml"]
        assert "parkeervergunning" in tar.extractfile("data/nlu.yml").read().decode()
    assert client.get("/kanalen/chatbot/dijkstad/bundel.tar.gz").content == eerste.content, "reproduceerbaar"
    assert client.get("/kanalen/chatbot/dijkstad/nlu.yml", HTTP_IF_NONE_MATCH=eerste["ETag"]).status_code == 304
    assert client.get("/kanalen/chatbot/dijkstad/onzin.txt").status_code == 404
    assert client.get("/kanalen/chatbot/onbekend/").status_code == 404


@pytest.mark.parametrize("aantal", [3, 30])
def test_bundel_kost_vaste_queries(aantal, client, django_assert_max_num_queries):
    """The endpoint reads ledger and payloads in two queries, whatever the size of the bundle."""
    from contenthub.publicatie.models import Payload

    gemeente = GemeenteFactory(slug="groot")
    for i in range(aantal):
        inhoud = {"intent": f"vac_{i}", "voorbeelden": [f"vraag {i}"], "antwoorden": {f"utter_vac_{i}": [{"text": "x"}]}}
        fp = fingerprint(inhoud)
        Payload.objects.create(fingerprint=fp, kanaal="chatbot", inhoud=inhoud)
        Levering.objects.create(
            kanaal="chatbot",
            gemeente=gemeente,
            soort="vac",
            item_uuid=f"00000000-0000-0000-0000-{i:012d}",
            status="afgeleverd",
            fingerprint=fp,
        )
    with CaptureQueriesContext(connection) as queries:
        r = client.get("/kanalen/chatbot/groot/domain.yml")
    assert r.status_code == 200 and r.content.decode().count("utter_vac_") == aantal
    assert len(queries) <= 3, [q["sql"] for q in queries]
