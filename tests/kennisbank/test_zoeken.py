"""The kennisbank search service: the same contract on the real OpenSearch node and on the database fallback.

Gemeente-aware (own content first, never another gemeente's, never a non-actief VAC), intern fields only for
intern searches (results, fragments), the thesaurus live on the next search without a rebuild, sections, facets.
OpenSearch-only: typo tolerance, compounds, zero-downtime rebuild.
"""

import json
import socket
import threading
import time

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contenthub.api.sleutels import maak_sleutel
from contenthub.content.models import SectieAanpassing
from contenthub.core.enums import VacStatus
from contenthub.kennisbank.herbouw import herbouw
from contenthub.kennisbank.models import Synoniemgroep
from contenthub.kennisbank.zoeken import (
    FACETTEN,
    DatabaseZoeker,
    OpenSearchZoeker,
    Zoekvraag,
    trefwoordvraag,
    zoek,
    zoeker,
)
from tests.factories import AanvullingFactory, KennisartikelFactory, VraagAntwoordFactory, publiceer

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["opensearch", "database"])
def achterkant(request, settings):
    """Each test on both backends, with semantic retrieval on; OpenSearch on a fresh alias of its own."""
    settings.KENNISBANK_SEMANTISCH = True
    if request.param == "opensearch":
        request.getfixturevalue("eigen_kennisbank")("zoeken")
    else:
        settings.OPENSEARCH_URL = ""
    return request.param


@pytest.fixture
def alleen_opensearch(settings, eigen_kennisbank):
    eigen_kennisbank("zoeken")
    settings.KENNISBANK_SEMANTISCH = True
    return settings


@pytest.fixture
def inhoud(dijkstad, bosrijk):
    rijbewijs = publiceer(
        KennisartikelFactory(
            live=False,
            titel="Rijbewijs verlengen",
            tekst="Verleng uw rijbewijs op tijd.",
            kosten_en_betaalmethoden="De gemeente bepaalt het tarief.",
            desk_memo="Zeldzaamwoord: alleen voor het klantcontactcentrum.",
            trefwoorden=["rijbewijs"],
        )
    )
    eigen = AanvullingFactory.build(gemeente=dijkstad, kennisartikel=rijbewijs, titel="")
    eigen.secties.add(SectieAanpassing(sectie="kosten_en_betaalmethoden", modus="vervangen", tekst="Een rijbewijs kost € 52,40."))
    publiceer(eigen)
    grofvuil = publiceer(
        KennisartikelFactory(
            live=False, titel="Grofvuil ophalen", tekst="Grote spullen halen wij op afspraak op.", trefwoorden=[]
        )
    )
    generieke_vac = publiceer(
        VraagAntwoordFactory(gemeente=None, vraag="Hoe lang is een rijbewijs geldig?", antwoord="Tien jaar.")
    )
    eigen_vac = publiceer(
        VraagAntwoordFactory(
            gemeente=dijkstad, vraag="Waar verleng ik mijn rijbewijs in Dijkstad?", toelichting="Geheimpje: loket 3."
        )
    )
    vreemd = publiceer(VraagAntwoordFactory(gemeente=bosrijk, vraag="Waar verleng ik mijn rijbewijs in Bosrijk?"))
    oud = publiceer(
        VraagAntwoordFactory(gemeente=dijkstad, vraag="Rijbewijs verlengen bij het oude loket?", status=VacStatus.NON_ACTIEF)
    )
    return {
        "rijbewijs": rijbewijs,
        "grofvuil": grofvuil,
        "generieke_vac": generieke_vac,
        "eigen_vac": eigen_vac,
        "vreemd": vreemd,
        "oud": oud,
    }


def _uuids(uitslag) -> list[str]:
    return [t.uuid for t in uitslag.treffers]


def test_eigen_gemeente_eerst_nooit_een_andere_of_non_actief(achterkant, inhoud):
    herbouw()
    uitslag = zoek(Zoekvraag("rijbewijs verlengen", "dijkstad", facetten=True))
    gevonden = _uuids(uitslag)
    assert str(inhoud["vreemd"].pk) not in gevonden, "nooit inhoud van een andere gemeente"
    assert str(inhoud["oud"].pk) not in gevonden, "nooit een non-actieve VAC"
    assert gevonden[0] in {str(inhoud["eigen_vac"].pk), str(inhoud["rijbewijs"].pk)}, "eigen inhoud eerst"
    eigen = {t.uuid: t for t in uitslag.treffers}
    assert eigen[str(inhoud["eigen_vac"].pk)].gemeentelijk and not eigen[str(inhoud["generieke_vac"].pk)].gemeentelijk
    assert {w for w, _ in uitslag.facetten["soort"]} == {"kennisartikel", "vac"}
    alleen_vacs = zoek(Zoekvraag("rijbewijs", "dijkstad", soort="vac"))
    assert alleen_vacs.treffers and {t.soort for t in alleen_vacs.treffers} == {"vac"}


def test_facetten_alleen_als_erom_gevraagd_wordt(achterkant, inhoud):
    herbouw()
    zonder = zoek(Zoekvraag("rijbewijs verlengen", "dijkstad"))
    assert zonder.treffers and zonder.facetten == {naam: [] for naam in FACETTEN}, "dezelfde vorm, geen tellingen"
    met = zoek(Zoekvraag("rijbewijs verlengen", "dijkstad", facetten=True))
    assert dict(met.facetten["soort"]) == {"kennisartikel": 1, "vac": 2}
    assert _uuids(met) == _uuids(zonder), "de facetten veranderen de uitslag niet"


def test_sectie_en_fragment_hetzelfde_met_en_zonder_betekenis(alleen_opensearch, inhoud):
    """With the semantic side on, the shown results get their section and marks in a second request (after the
    fusion); they must be exactly what the word-based search alone gives them."""
    herbouw()
    for tekst, intern in (("wat kost rijbewijs 52,40", False), ("zeldzaamwoord rijbewijs", True), ("grofvuil", False)):
        alleen_opensearch.KENNISBANK_SEMANTISCH = False
        woorden = {t.uuid: t for t in zoek(Zoekvraag(tekst, "dijkstad", intern=intern)).treffers}
        alleen_opensearch.KENNISBANK_SEMANTISCH = True
        samen = {t.uuid: t for t in zoek(Zoekvraag(tekst, "dijkstad", intern=intern)).treffers}
        assert woorden
        for sleutel, t in woorden.items():
            if sleutel in samen:
                assert (samen[sleutel].sectie, samen[sleutel].fragment) == (t.sectie, t.fragment)
                if not trefwoordvraag(tekst):  # a product's name: the word side alone pushes the article's score
                    assert samen[sleutel].score == t.score
    (eerste, *_) = zoek(Zoekvraag("wat kost rijbewijs 52,40", "dijkstad", soort="kennisartikel")).treffers
    assert eerste.sectie == "kostenEnBetaalmethoden" and "<mark>52,40</mark>" in eerste.fragment


def test_interne_velden_alleen_voor_intern(achterkant, inhoud, settings):
    herbouw()
    settings.KENNISBANK_SEMANTISCH = False  # the word-based side: does a public search match on deskMemo?
    assert zoek(Zoekvraag("zeldzaamwoord", "dijkstad")).treffers == [], "een publieke zoekvraag vindt niets op deskMemo"
    assert _uuids(zoek(Zoekvraag("zeldzaamwoord", "dijkstad", intern=True))) == [str(inhoud["rijbewijs"].pk)]
    settings.KENNISBANK_SEMANTISCH = True  # the semantic side embeds public text only
    for tekst in ("rijbewijs dijkstad loket", "geheimpje loket", "zeldzaamwoord klantcontactcentrum"):
        for t in zoek(Zoekvraag(tekst, "dijkstad")).treffers:
            assert "Geheimpje" not in t.fragment and "Zeldzaamwoord" not in t.fragment


def test_fusie_het_enige_document_met_het_woord_wint_en_anders_beslist_de_betekenis():
    from contenthub.kennisbank.zoeken import fuseer

    betekenis = {f"d{i}": 0.85 - i * 0.001 for i in range(50)}
    assert fuseer({"d40": 12.0}, betekenis)[0] == "d40", "één duidelijke BM25-treffer tussen 50 kandidaten"
    vlak = {f"d{i}": 3.0 + (i % 3) * 0.01 for i in range(50)}
    assert fuseer(vlak, betekenis)[:3] == ["d0", "d1", "d2"], "vlakke BM25-scores: de betekenis beslist"
    assert fuseer({}, {}) == [] and fuseer({"a": 1.0}, {}) == ["a"]


def test_een_productnaam_zet_het_kennisartikel_voor_de_vac_die_de_naam_herhaalt():
    """An agent who types a product's name wants its article (every VAC's answer is in its tabs); a question, or a
    VAC that is clearly the better answer, keeps the VAC first."""
    from contenthub.kennisbank.zoeken import fuseer, trefwoordvraag

    for tekst in ("toeristenbelasting", "grofvuill", "strandhuisje vergunning", "ID-kaart aanvragen", "id-kaart kwijt melden"):
        assert trefwoordvraag(tekst), tekst
    for tekst in ("hoe lang paspoort", "rijbewijs geldig?", "paspoort wanneer geldig", "mijn paspoort kwijt", "", " ..."):
        assert not trefwoordvraag(tekst), tekst

    betekenis = {f"d{i}vac": 0.80 - i * 0.002 for i in range(40)}
    betekenis |= {"avac": 0.86, "bkennisartikel": 0.855}
    woorden = {"avac": 9.0, "bkennisartikel": 8.8, "d1vac": 1.0}
    assert fuseer(woorden, betekenis)[:2] == ["avac", "bkennisartikel"]
    assert fuseer(woorden, betekenis, producten_voor=True)[:2] == ["bkennisartikel", "avac"]
    duidelijk = woorden | {"avac": 30.0}
    assert fuseer(duidelijk, betekenis | {"avac": 0.95}, producten_voor=True)[0] == "avac", "een duidelijke VAC blijft"


def test_beide_zoekdiensten_geven_een_productnaam_het_kennisartikel_voor(achterkant, inhoud, monkeypatch):
    """The product push is decided per query, on both backends (the API, the chatbot and the KCC page use them)."""
    from contenthub.kennisbank import zoeken

    gevraagd = []
    echt = zoeken.fuseer

    def fuseer(*args, producten_voor=False, **kwargs):
        gevraagd.append(producten_voor)
        return echt(*args, producten_voor=producten_voor, **kwargs)

    herbouw()
    monkeypatch.setattr(zoeken, "fuseer", fuseer)
    assert str(inhoud["rijbewijs"].pk) in _uuids(zoek(Zoekvraag("rijbewijs verlengen", "dijkstad")))
    assert _uuids(zoek(Zoekvraag("hoe verleng ik mijn rijbewijs?", "dijkstad")))
    assert gevraagd == [True, False]


@pytest.mark.django_db
def test_basisthesaurus_in_de_database_is_het_bestand_en_zonder_alledaagse_woorden():
    """A hub's base thesaurus is what the file says after its migrations: a correction to the file without a
    migration would reach new hubs only. Words that in a citizen's sentence mostly mean something else pull no group
    in ("kapot" is their own broken thing, "weg" is away, "huis" is where something is)."""
    from contenthub.kennisbank import thesaurus

    regels = {regel.split("#", 1)[0].strip() for regel in thesaurus.basisregels()}
    assert set(Synoniemgroep.objects.filter(bron="basis").values_list("termen", flat=True)) == regels
    huidige = thesaurus.huidige()
    for zin in (
        "mijn magnetron is kapot, waar kan ik hem kwijt",
        "die boom moet weg",
        "ik woon in een klein huis",
    ):
        uitbreidingen = huidige.uitbreidingen(zin)
        for term in ("melding", "straat", "woning"):
            assert term not in uitbreidingen, (zin, uitbreidingen)
    assert "omgevingsvergunning" in huidige.uitbreidingen("ik wil een schuurtje bouwen")
    assert "straat" in huidige.uitbreidingen("gat in de rijbaan")


def test_de_betekenis_komt_alleen_uit_publieke_tekst():
    from contenthub.kennisbank.inbedding import semantische_tekst

    doc = {"titel": "Rijbewijs", "tekst": "Openbaar.", "intern": {"desk_memo": "Geheim"}, "kort_antwoord": "Kort."}
    assert "Geheim" not in semantische_tekst(doc) and "Openbaar" in semantische_tekst(doc)


def test_citizen_words_via_betekenis(alleen_opensearch, inhoud):
    """A question in a citizen's own words, without any word of the product, finds it through the embeddings."""
    herbouw()
    assert str(inhoud["grofvuil"].pk) in _uuids(zoek(Zoekvraag("mijn oude bank en kast moeten weg", "dijkstad", limiet=3)))


def test_sectie_van_de_treffer(achterkant, inhoud):
    herbouw()
    (eerste, *_) = zoek(Zoekvraag("wat kost rijbewijs 52,40", "dijkstad", soort="kennisartikel")).treffers
    assert eerste.uuid == str(inhoud["rijbewijs"].pk) and eerste.sectie == "kostenEnBetaalmethoden"
    assert "<mark>" in eerste.fragment


def test_thesaurus_meteen_live_zonder_herbouw(achterkant, inhoud, settings):
    herbouw()
    settings.KENNISBANK_SEMANTISCH = False  # the thesaurus works on the word-based side
    assert str(inhoud["grofvuil"].pk) not in _uuids(zoek(Zoekvraag("ophaaldienst voor mijn bliepbloep", "dijkstad")))
    groep = Synoniemgroep.objects.create(termen="bliepbloep\ngrote spullen")
    uitslag = zoek(Zoekvraag("ophaaldienst voor mijn bliepbloep", "dijkstad"))
    assert str(inhoud["grofvuil"].pk) in _uuids(uitslag) and "grote spullen" in uitslag.uitbreidingen
    groep.actief = False
    groep.save()
    assert str(inhoud["grofvuil"].pk) not in _uuids(zoek(Zoekvraag("ophaaldienst voor mijn bliepbloep", "dijkstad")))


def test_een_synoniemgroep_telt_een_keer(achterkant, dijkstad, settings):
    """A thesaurus group's terms are alternatives for one concept: a document naming three of them does not outrank
    the one that names the agent's own word (they used to add up)."""
    eigen = publiceer(
        VraagAntwoordFactory(gemeente=dijkstad, vraag="Een kliko aanvragen bij de gemeente", antwoord="Via het formulier.")
    )
    opsomming = publiceer(
        VraagAntwoordFactory(gemeente=dijkstad, vraag="Container, afvalbak, minicontainer", antwoord="Via het formulier.")
    )
    for onderwerp in ("paspoort", "rijbewijs", "parkeervergunning", "bijstand"):
        publiceer(VraagAntwoordFactory(gemeente=dijkstad, vraag=f"Hoe regel ik mijn {onderwerp}?", antwoord="Zo."))
    Synoniemgroep.objects.create(termen="kliko\ncontainer\nafvalbak\nminicontainer")
    herbouw()
    settings.KENNISBANK_SEMANTISCH = False  # the thesaurus works on the word-based side
    uitslag = zoek(Zoekvraag("kliko", "dijkstad"))
    assert _uuids(uitslag)[:2] == [str(eigen.pk), str(opsomming.pk)], "het eigen woord eerst, de synoniemen daarna"
    assert {"container", "afvalbak", "minicontainer"} <= set(uitslag.uitbreidingen)


def test_suggesties(achterkant, inhoud):
    herbouw()
    assert "Rijbewijs verlengen" in zoeker().suggesties("rijbew", "dijkstad")
    assert not any("Bosrijk" in s for s in zoeker().suggesties("waar verleng", "dijkstad"))


def test_typefouten_en_samenstellingen(alleen_opensearch, inhoud):
    herbouw()
    alleen_opensearch.KENNISBANK_SEMANTISCH = False  # the word-based side's own tolerance
    assert isinstance(zoeker(), OpenSearchZoeker)
    assert _uuids(zoek(Zoekvraag("rijbewjis verlegen", "dijkstad")))[:2].count(str(inhoud["rijbewijs"].pk)) == 1
    assert _uuids(zoek(Zoekvraag("grof vuil", "dijkstad")))[0] == str(inhoud["grofvuil"].pk)
    assert _uuids(zoek(Zoekvraag("grofvuilophalen", "dijkstad")))[0] == str(inhoud["grofvuil"].pk)


def test_herbouw_zonder_onderbreking(alleen_opensearch, inhoud, dijkstad):
    eerste = herbouw()
    mislukt, gezocht = [], [0]
    klaar = threading.Event()

    def zoek_door():
        from django.db import connection

        try:
            while not klaar.is_set():
                try:
                    if not zoek(Zoekvraag("rijbewijs", "dijkstad")).treffers:
                        mislukt.append("leeg")
                except Exception as exc:  # noqa: BLE001 - every failure counts
                    mislukt.append(repr(exc))
                gezocht[0] += 1
        finally:
            connection.close()

    draad = threading.Thread(target=zoek_door)
    draad.start()
    try:
        tweede = herbouw()
        tweede_keer = herbouw()
    finally:
        klaar.set()
        draad.join()
    assert mislukt == [] and gezocht[0] > 0
    assert tweede.vorige == (eerste.index,) and tweede_keer.vorige == (tweede.index,)
    client = OpenSearchZoeker(settings.OPENSEARCH_URL, settings.KENNISBANK_ALIAS).client
    assert not client.indices.exists(index=eerste.index), "de oude index is opgeruimd"


def test_herbouw_en_nachtelijke_taak_voegen_segmenten_samen(alleen_opensearch, inhoud, dijkstad):
    """Every segment costs every search: a rebuild swaps in a merged index, the nightly task merges what publishing
    added since, and the same search finds the same answers before and after."""
    from io import StringIO

    from django.core.management import call_command

    from contenthub.kennisbank.tasks import samenvoegen
    from publishers.kennisbank import KennisbankPublisher

    uitkomst = herbouw()
    publisher = KennisbankPublisher(settings.OPENSEARCH_URL, alias=settings.KENNISBANK_ALIAS)
    assert publisher.segmenten(uitkomst.index) == 1
    instellingen = publisher.client.indices.get_settings(index=uitkomst.index)[uitkomst.index]["settings"]["index"]
    assert instellingen["merge"]["policy"]["segments_per_tier"] == "2"

    # publishing writes documents one at a time; so that the node's own merging cannot beat the task to it here,
    # this index allows many segments per tier
    publisher.client.indices.put_settings(
        index=uitkomst.index,
        body={"index.merge.policy.segments_per_tier": 50, "index.merge.policy.max_merge_at_once": 50},
    )
    vooraf = _uuids(zoek(Zoekvraag("rijbewijs verlengen", "dijkstad")))
    doc_id = f"dijkstad:kennisartikel:{inhoud['rijbewijs'].pk}"
    for _ in range(3):
        bron = publisher.client.get(index=settings.KENNISBANK_ALIAS, id=doc_id)["_source"]
        publisher.client.index(index=settings.KENNISBANK_ALIAS, id=doc_id, body=bron, refresh=True)
    segmenten = publisher.segmenten()
    assert segmenten > 1

    assert samenvoegen() == {"voor": segmenten, "na": 1}
    assert publisher.segmenten() == 1
    instellingen = publisher.client.indices.get_settings(index=uitkomst.index)[uitkomst.index]["settings"]["index"]
    assert instellingen["merge"]["policy"]["segments_per_tier"] == "2", "een oudere index krijgt de instelling ook"
    assert _uuids(zoek(Zoekvraag("rijbewijs verlengen", "dijkstad"))) == vooraf
    assert samenvoegen() == {"voor": 1, "na": 1}, "niets te doen: geen verzoek aan de node"

    uit = StringIO()
    call_command("kennisbank", "samenvoegen", stdout=uit)
    assert "1 segment(en) → 1" in uit.getvalue()


def _segmentnamen(client, index: str) -> dict[str, int]:
    antwoord = client.indices.segments(index=index)["indices"][index]["shards"]["0"][0]["segments"]
    return {naam: segment["num_docs"] for naam, segment in antwoord.items()}


def test_bijhouden_overdag_voegt_alleen_de_kleine_segmenten_samen(alleen_opensearch, inhoud, dijkstad):
    """Between two nightly merges the day's writes leave small segments, each costing every search: every few
    minutes they become one beside the large segment, which is not rewritten (that is the nightly merge's work)."""
    from contenthub.celery import app
    from contenthub.kennisbank.tasks import samenvoegen
    from publishers.kennisbank import KennisbankPublisher

    uitkomst = herbouw()
    publisher = KennisbankPublisher(settings.OPENSEARCH_URL, alias=settings.KENNISBANK_ALIAS)
    publisher.client.indices.put_settings(
        index=uitkomst.index,
        body={"index.merge.policy.segments_per_tier": 50, "index.merge.policy.max_merge_at_once": 50},
    )
    [groot] = _segmentnamen(publisher.client, uitkomst.index)
    vooraf = _uuids(zoek(Zoekvraag("rijbewijs verlengen", "dijkstad")))
    for sleutel in ("rijbewijs", "grofvuil", "rijbewijs"):
        doc_id = f"dijkstad:kennisartikel:{inhoud[sleutel].pk}"
        bron = publisher.client.get(index=settings.KENNISBANK_ALIAS, id=doc_id)["_source"]
        publisher.client.index(index=settings.KENNISBANK_ALIAS, id=doc_id, body=bron, refresh=True)
    segmenten = publisher.segmenten()
    assert segmenten > 2

    assert samenvoegen(tot=2) == {"voor": segmenten, "na": 2}
    na = _segmentnamen(publisher.client, uitkomst.index)
    assert groot in na, "het grote segment blijft zoals het was"
    assert publisher.client.count(index=settings.KENNISBANK_ALIAS)["count"] == uitkomst.documenten, "niets kwijt"
    assert _uuids(zoek(Zoekvraag("rijbewijs verlengen", "dijkstad"))) == vooraf
    assert samenvoegen(tot=2) == {"voor": 2, "na": 2}, "niets te doen"

    bijhouden = app.conf.beat_schedule["kennisbank-bijhouden"]
    assert bijhouden["task"] == "contenthub.kennisbank.tasks.samenvoegen" and bijhouden["kwargs"] == {"tot": 2}
    assert bijhouden["schedule"] == settings.KENNISBANK_BIJHOUDEN_SECONDEN


def test_nachtelijke_samenvoeging_terwijl_een_herbouw_de_index_weghaalt(alleen_opensearch, inhoud, monkeypatch):
    """A rebuild can swap the alias and delete the old index while the nightly merge is about to merge it: the
    task ends quietly (the new index was merged by the rebuild) instead of failing every such night."""
    from contenthub.kennisbank.tasks import samenvoegen
    from publishers.kennisbank import KennisbankPublisher

    uitkomst = herbouw()
    origineel = KennisbankPublisher.segmenten

    def en_dan_weg(self, index=None):
        aantal = origineel(self, index)
        self.client.indices.delete(index=uitkomst.index)  # as the rebuild does after its swap
        return aantal + 1

    monkeypatch.setattr(KennisbankPublisher, "segmenten", en_dan_weg)
    assert samenvoegen() == {"voor": 0, "na": 0}


def test_nachtelijke_samenvoeging_zonder_kennisbank(settings, eigen_kennisbank):
    from django.core.management import CommandError, call_command

    from contenthub.kennisbank.tasks import samenvoegen

    eigen_kennisbank("leeg")
    assert samenvoegen() == {"voor": 0, "na": 0}, "nog niets gepubliceerd: geen index, niets te doen"
    settings.OPENSEARCH_URL = ""
    assert samenvoegen() == {"voor": 0, "na": 0}
    with pytest.raises(CommandError, match="zonder OPENSEARCH_URL"):
        call_command("kennisbank", "samenvoegen")


def test_bijhouden_met_een_onbereikbare_node_waarschuwt_en_de_nacht_faalt(settings, caplog):
    """The daytime run comes again in minutes: a node that does not answer is a warning, not an error every ten
    minutes; the nightly merge does fail, so that someone notices."""
    from opensearchpy.exceptions import ConnectionError as GeenVerbinding

    from contenthub.kennisbank.tasks import samenvoegen

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        poort = s.getsockname()[1]  # closed again when the test connects: nothing listens there
    settings.OPENSEARCH_URL = f"http://127.0.0.1:{poort}"
    with caplog.at_level("WARNING", logger="contenthub.kennisbank.tasks"):
        assert samenvoegen(tot=2) == {"voor": 0, "na": 0}
    assert "OpenSearch antwoordde niet" in caplog.text
    with pytest.raises(GeenVerbinding):
        samenvoegen()


def test_ingebedde_kennisbank_verbetert_typefouten_tegen_eigen_woorden(settings, inhoud):
    """Without OpenSearch there is no fuzzy matching: a typo in the one word that matters found nothing at all. It
    is corrected against the gemeente's own words, under the same rule as OpenSearch's term suggester."""
    from contenthub.kennisbank.zoeken import _database_kennisbank

    settings.OPENSEARCH_URL = ""
    herbouw()
    goed = _uuids(zoek(Zoekvraag("rijbewijs", "dijkstad")))
    assert str(inhoud["rijbewijs"].pk) in goed and _uuids(zoek(Zoekvraag("rijbewjis", "dijkstad"))) == goed
    assert _uuids(zoek(Zoekvraag("Grofvuul ophalen?", "dijkstad")))[:1] == [str(inhoud["grofvuil"].pk)]

    spelling = _database_kennisbank("dijkstad").spelling()
    assert spelling.verbeter("Mijn rijbewjis, verlopen!") == "Mijn rijbewijs, verlopen!"
    # words it does not know but that are no typo of one it knows stay: short ones never change (one edit in
    # a word of four to six letters is another word: "zoon", "wagen"), nor ones far from every known word
    assert spelling.verbeter("mijn zoon wil een wagen") == "mijn zoon wil een wagen"
    assert spelling.verbeter("schoonouders logeren") == "schoonouders logeren"


def test_database_zoeker_zonder_opensearch(settings, inhoud):
    settings.OPENSEARCH_URL = ""
    assert isinstance(zoeker(), DatabaseZoeker)


def test_api_zoeken_alleen_kennisbanksleutels_en_intern_met_scope(achterkant, client, inhoud, dijkstad, bosrijk, settings):
    from contenthub.api.sleutels import maak_sleutel

    herbouw()

    def get(pad, **scopes):
        _, geheim = maak_sleutel(naam="kcc", gemeenten=[dijkstad], **scopes)
        return client.get(f"/api/v1/kennisbank/{pad}", HTTP_AUTHORIZATION=f"Bearer {geheim}")

    assert get("zoeken?q=rijbewijs&gemeente=dijkstad", kanaal="website").status_code == 403
    assert get("zoeken?q=rijbewijs&gemeente=bosrijk", kanaal="kennisbank").status_code == 404
    r = get("zoeken?q=rijbewijs%20verlengen&gemeente=dijkstad", kanaal="kennisbank")
    assert r.status_code == 200 and r["ETag"]
    body = r.json()
    assert body["results"][0]["uuid"] in {str(inhoud["eigen_vac"].pk), str(inhoud["rijbewijs"].pk)}
    assert str(inhoud["vreemd"].pk) not in {t["uuid"] for t in body["results"]}
    assert {"soort", "levensgebeurtenis", "doelgroep", "afdeling"} <= set(body["facetten"])
    settings.KENNISBANK_SEMANTISCH = False  # the word-based side: does a public key match on deskMemo?
    assert get("zoeken?q=zeldzaamwoord&gemeente=dijkstad", kanaal="kennisbank").json()["results"] == []
    intern = get("zoeken?q=zeldzaamwoord&gemeente=dijkstad", kanaal="kennisbank", intern=True).json()["results"]
    assert [t["uuid"] for t in intern] == [str(inhoud["rijbewijs"].pk)]
    assert get("zoeken?q=&gemeente=dijkstad", kanaal="kennisbank").status_code == 400
    assert "Rijbewijs verlengen" in get("suggesties?q=rijb&gemeente=dijkstad", kanaal="kennisbank").json()


def test_thesaurus_in_wagtail(admin_client):
    r = admin_client.get("/admin/snippets/kennisbank/synoniemgroep/?q=paspoort")
    assert r.status_code == 200 and "reispas" in r.content.decode()
    r = admin_client.post(
        "/admin/snippets/kennisbank/synoniemgroep/add/", {"termen": "alleen één", "bron": "redactie", "actief": "on"}
    )
    assert r.status_code == 200 and "minstens twee termen" in r.content.decode()


def test_herbouw_van_de_database_houdt_grafstenen_en_volgnummers(settings, dijkstad):
    from wagtail.actions.unpublish import UnpublishAction

    from contenthub.kennisbank.models import KennisbankDocument

    settings.OPENSEARCH_URL = ""
    vac = publiceer(VraagAntwoordFactory(gemeente=dijkstad, vraag="Mag mijn hond los in het park?"))
    herbouw()
    KennisbankDocument.objects.filter(item_uuid=vac.pk).update(volgnummer=99)  # as a delivery would have set it
    herbouw()
    doc = KennisbankDocument.objects.get(item_uuid=vac.pk)
    assert doc.inhoud["vraag"] == vac.vraag and doc.volgnummer == 99, "een herbouw zet een volgnummer nooit terug"
    UnpublishAction(vac).execute(skip_permission_checks=True)
    herbouw()
    doc.refresh_from_db()
    assert doc.inhoud is None and doc.volgnummer == 99, "een ingetrokken item blijft een grafsteen met zijn volgnummer"


def test_zoekgewicht_van_de_redactie(achterkant, dijkstad, settings):
    """An editor's search weight lifts an item above an equally good one, on the word side and in the fusion."""
    eerste = publiceer(VraagAntwoordFactory(gemeente=None, vraag="Waar meld ik een kapotte lantaarnpaal?"))
    tweede = publiceer(VraagAntwoordFactory(gemeente=None, vraag="Waar meld ik een kapotte lantaarnpaal op straat?"))
    for onderwerp in ("paspoort", "rijbewijs", "hondenbelasting", "grofvuil", "verhuizing", "parkeervergunning", "bijstand"):
        publiceer(VraagAntwoordFactory(gemeente=None, vraag=f"Hoe regel ik mijn {onderwerp}?", antwoord=f"Over {onderwerp}."))
    herbouw()
    voor = _uuids(zoek(Zoekvraag("kapotte lantaarnpaal melden", "dijkstad")))
    assert set(voor[:2]) == {str(eerste.pk), str(tweede.pk)}
    achter = tweede if voor[0] == str(eerste.pk) else eerste
    achter.zoekgewicht = 2.0
    publiceer(achter)
    herbouw()
    assert _uuids(zoek(Zoekvraag("kapotte lantaarnpaal melden", "dijkstad")))[0] == str(achter.pk)
    settings.KENNISBANK_SEMANTISCH = False  # the word side alone too
    assert _uuids(zoek(Zoekvraag("kapotte lantaarnpaal melden", "dijkstad")))[0] == str(achter.pk)


def test_thesaurus_voorstellen_uit_trefwoorden(dijkstad):
    """Editors' trefwoorden seed the thesaurus: one-word terms of a product become a proposed group (inactive until
    an editor switches it on), phrases stay out, and running it again adds nothing."""
    from io import StringIO

    from django.core.management import call_command

    publiceer(
        KennisartikelFactory(
            live=False,
            titel="Identiteitskaart aanvragen",
            upn_label="Identiteitskaart",
            trefwoorden=["ID-kaart", "idkaart", "identiteitsbewijs", "ID kaart verlopen"],
        )
    )
    uit = StringIO()
    call_command("kennisbank", "thesaurus-voorstellen", stdout=uit)
    groep = Synoniemgroep.objects.get(bron="trefwoorden")
    assert set(groep.termenlijst()) == {"ID-kaart", "idkaart", "identiteitsbewijs", "Identiteitskaart"}
    assert not groep.actief and "1 synoniemgroep" in uit.getvalue()
    call_command("kennisbank", "thesaurus-voorstellen", stdout=StringIO())
    assert Synoniemgroep.objects.filter(bron="trefwoorden").count() == 1


def test_een_generieke_wijziging_kost_een_inbedding_ook_als_elke_gemeente_eigen_kosten_heeft(settings):
    """Gemeenten replace or supplement sections (their own fees): the word search finds that text, but the embedding
    of what the article is about leaves it out, so a generiek change costs one embedding per changed text for all of
    them, not one per gemeente."""
    from contenthub.kennisbank.models import Inbedding, KennisbankDocument
    from tests.factories import GemeenteFactory

    settings.OPENSEARCH_URL, settings.KENNISBANK_SEMANTISCH = "", True
    artikel = publiceer(
        KennisartikelFactory(
            live=False,
            titel="Paspoort aanvragen",
            tekst="Met een paspoort reist u.",
            kosten_en_betaalmethoden="Landelijk tarief.",
        )
    )
    gemeenten = [GemeenteFactory(slug=f"waaier-{i}", code=f"gm97{i:02d}") for i in range(4)]
    for i, gemeente in enumerate(gemeenten):
        aanvulling = AanvullingFactory.build(gemeente=gemeente, kennisartikel=artikel, titel="")
        modus = "aanvullen" if i == 0 else "vervangen"
        aanvulling.secties.add(
            SectieAanpassing(sectie="kosten_en_betaalmethoden", modus=modus, tekst=f"In waaier {i}: € 8{i},70.")
        )
        publiceer(aanvulling)
    herbouw()
    docs = {d.gemeente: d.inhoud for d in KennisbankDocument.objects.filter(item_uuid=artikel.pk)}
    kosten = {g: next(s for s in d["secties"] if s["sleutel"] == "kostenEnBetaalmethoden") for g, d in docs.items()}
    assert all(kosten[g.slug].get("eigen") for g in gemeenten), "de eigen kosten van elke gemeente zijn gemarkeerd"
    assert all("eigen" not in s for d in docs.values() for s in d["secties"] if s["sleutel"] != "kostenEnBetaalmethoden")
    assert len({d["inbedding"] for d in docs.values()}) == 1, "alle gemeenten delen één inbedding"
    assert str(artikel.pk) in _uuids(zoek(Zoekvraag("€ 82,70", "waaier-2"))), "de woorden vinden de eigen kosten wel"

    voor = Inbedding.objects.count()
    concept = artikel.get_latest_revision_as_object()
    concept.tekst = "Met een paspoort reist u binnen en buiten Europa."
    publiceer(concept)
    herbouw()
    # the gist and the changed section: one embedding per changed text for all gemeenten, not one per gemeente
    assert Inbedding.objects.count() - voor == 2


def test_de_beste_sectie_telt_naast_de_kern(settings):
    """An article whose one section answers the question scores above one whose gist is only a little closer;
    each article's own best section counts, never another's; documents without sections keep their gist."""
    import numpy as np

    from contenthub.kennisbank import inbedding
    from contenthub.kennisbank.zoeken import SECTIES, Vectoren

    def tekst(*vectoren):
        return inbedding.als_tekst(np.asarray(np.concatenate(vectoren), dtype=np.float16).tobytes())

    e = np.eye(inbedding.DIMENSIES, dtype=np.float32)
    docs = [
        {"soort": "kennisartikel", "uuid": "a", "inbedding": tekst(e[1]), "inbedding_secties": tekst(e[2], e[0])},
        {"soort": "vac", "uuid": "b", "inbedding": tekst(0.3 * e[0] + 0.95 * e[3])},
        {"soort": "kennisartikel", "uuid": "c", "inbedding": tekst(e[4]), "inbedding_secties": tekst(e[5])},
    ]
    scores = Vectoren(None, docs).scores(e[0])
    # the first: gist 0, best section 1; the second: no sections, its gist; the third: neither
    assert scores[0] == pytest.approx(SECTIES) and scores[1] == pytest.approx(0.3, abs=1e-3) and scores[2] == 0.0
    assert scores[0] > scores[1], "de sectie die de vraag beantwoordt wint van een kern die er iets dichter bij ligt"

    settings.KENNISBANK_SEMANTISCH = True
    artikel = {
        "titel": "Rijbewijs verlengen",
        "secties": [
            {"sleutel": "tekst", "titel": "Tekst", "tekst": "Verleng uw rijbewijs."},
            {"sleutel": "kostenEnBetaalmethoden", "titel": "Kosten", "tekst": "In Dijkstad € 52,40.", "eigen": True},
            {"sleutel": "uitersteTermijn", "titel": "Uiterste termijn", "tekst": "Tot de vervaldatum."},
        ],
    }
    assert inbedding.sectie_teksten(artikel) == [
        "Rijbewijs verlengen. Tekst: Verleng uw rijbewijs.",
        "Rijbewijs verlengen. Uiterste termijn: Tot de vervaldatum.",
    ], "de eigen kosten van de gemeente blijven erbuiten"
    vac = {"titel": "Mag mijn hond los?", "vraag": "Mag mijn hond los?", "antwoord": "Nee.", "tekst": "Nee."}
    assert inbedding.sectie_teksten(vac) == ["Mag mijn hond los? Nee."]
    inbedding.voeg_toe([artikel, vac, {"titel": "Zonder antwoord", "vraag": "Zonder antwoord"}])
    assert len(inbedding.uit_tekst(artikel["inbedding_secties"])) == 2 * inbedding.DIMENSIES
    assert len(inbedding.uit_tekst(vac["inbedding_secties"])) == inbedding.DIMENSIES


def test_een_proces_houdt_de_vectoren_van_een_begrensd_aantal_gemeenten(alleen_opensearch, inhoud):
    """An API process serves every gemeente: it keeps only the most recently searched gemeenten's vectors."""
    from contenthub.kennisbank import zoeken

    herbouw()
    alleen_opensearch.KENNISBANK_VECTOREN_GEMEENTEN = 1
    zoeken._vectoren.clear()
    eerst = _uuids(zoek(Zoekvraag("mijn oude bank en kast moeten weg", "dijkstad")))
    zoek(Zoekvraag("rijbewijs", "bosrijk"))
    assert [g for _, g in zoeken._vectoren] == ["bosrijk"], "de minst recent gezochte gemeente valt eruit"
    assert _uuids(zoek(Zoekvraag("mijn oude bank en kast moeten weg", "dijkstad"))) == eerst, "opnieuw gelezen, zelfde antwoord"
    assert [g for _, g in zoeken._vectoren] == ["dijkstad"]


def test_ingebedde_kennisbank_bereidt_een_gemeente_eenmaal_per_versie_voor(dijkstad, settings):
    """The embedded kennisbank reads and stems a gemeente's documents once per content version, not per search; a
    rebuild or a delivery is seen by the next search."""
    from wagtail.actions.unpublish import UnpublishAction

    settings.OPENSEARCH_URL = ""
    settings.KENNISBANK_SEMANTISCH = False
    fiets = publiceer(VraagAntwoordFactory(gemeente=dijkstad, vraag="Waar laat ik mijn oude fiets?"))
    herbouw()
    assert _uuids(zoek(Zoekvraag("fiets", "dijkstad"))) == [str(fiets.pk)]
    with CaptureQueriesContext(connection) as queries:
        assert _uuids(zoek(Zoekvraag("oude fiets", "dijkstad"))) == [str(fiets.pk)]
    gelezen = [q["sql"] for q in queries.captured_queries if '"inhoud"' in q["sql"]]
    assert not gelezen, f"de documenten opnieuw gelezen: {gelezen}"
    bank = publiceer(VraagAntwoordFactory(gemeente=dijkstad, vraag="Waar laat ik mijn oude bank?"))
    herbouw()
    assert str(bank.pk) in _uuids(zoek(Zoekvraag("oude bank", "dijkstad")))
    UnpublishAction(fiets).execute(skip_permission_checks=True)
    herbouw()
    assert str(fiets.pk) not in _uuids(zoek(Zoekvraag("oude fiets", "dijkstad"))), "een intrekking telt meteen"


def test_een_herbouw_laat_de_vectoren_opnieuw_lezen(alleen_opensearch, inhoud):
    """A rebuild can change documents and keep their volgnummers: the index behind the alias is part of the version
    a process checks its vectors against."""
    from contenthub.kennisbank import zoeken

    herbouw()
    zoek(Zoekvraag("mijn oude bank en kast moeten weg", "dijkstad"))
    voor = zoeken._vectoren[(alleen_opensearch.KENNISBANK_ALIAS, "dijkstad")]
    zoek(Zoekvraag("grofvuil", "dijkstad"))
    assert zoeken._vectoren[(alleen_opensearch.KENNISBANK_ALIAS, "dijkstad")] is voor, "ongewijzigd: niet opnieuw gelezen"
    herbouw()
    zoek(Zoekvraag("grofvuil", "dijkstad"))
    na = zoeken._vectoren[(alleen_opensearch.KENNISBANK_ALIAS, "dijkstad")]
    assert na is not voor and na.sleutel != voor.sleutel


def test_een_schrijver_met_een_oudere_klok_telt_binnen_een_minuut(dijkstad, settings, monkeypatch):
    """A write the version misses (its clock lies before a write that committed earlier) is read within
    VERS_SECONDEN: the prepared copy is never used longer."""
    from contenthub.kennisbank import zoeken
    from contenthub.kennisbank.models import KennisbankDocument

    settings.OPENSEARCH_URL = ""
    settings.KENNISBANK_SEMANTISCH = False
    fiets = publiceer(VraagAntwoordFactory(gemeente=dijkstad, vraag="Waar laat ik mijn oude fiets?"))
    herbouw()
    assert _uuids(zoek(Zoekvraag("fiets", "dijkstad"))) == [str(fiets.pk)]
    rij = KennisbankDocument.objects.get(item_uuid=fiets.pk)
    # as that writer would: other content, the same count, volgnummer and time of change
    KennisbankDocument.objects.filter(pk=rij.pk).update(inhoud=rij.inhoud | {"vraag": "Waar laat ik mijn oude step?"})
    assert _uuids(zoek(Zoekvraag("step", "dijkstad"))) == [], "binnen de termijn: de voorbereide kopie"
    monkeypatch.setattr(zoeken, "VERS_SECONDEN", 0.0)
    assert _uuids(zoek(Zoekvraag("step", "dijkstad"))) == [str(fiets.pk)]


def test_de_betekeniskant_zoekt_met_de_verbeterde_woorden(alleen_opensearch, inhoud):
    """A typo in the one word that matters is corrected before the query is embedded (the word side is fuzzy anyway),
    and the question is embedded once: with the corrected words only."""
    from contenthub.kennisbank import inbedding

    herbouw()
    inbedding._vragen.clear()
    zoek(Zoekvraag("rijbewjis verlengen", "dijkstad"))
    assert list(inbedding._vragen) == ["rijbewijs verlengen"]


def test_de_vraag_wordt_ingebed_terwijl_de_woordvraag_loopt_op_een_kern(alleen_opensearch, inhoud, monkeypatch):
    """The query's embedding runs beside the word query, not after it, and on one OpenMP thread (leaving the other
    core to OpenSearch): the word query here only goes on once the embedding is done, which in the old order
    (embedding after the words) never happens."""
    from contenthub.kennisbank import inbedding, zoeken

    herbouw()
    inbedding._vragen.clear()
    origineel = zoeken.OpenSearchZoeker._woordvraag

    def woordvraag(self, *args, **kwargs):
        for _ in range(1000):
            if "wie haalt mijn oude koelkast op" in inbedding._vragen:
                break
            time.sleep(0.01)
        else:
            pytest.fail("de vraag werd niet naast de woordvraag ingebed")
        return origineel(self, *args, **kwargs)

    monkeypatch.setattr(zoeken.OpenSearchZoeker, "_woordvraag", woordvraag)
    assert zoek(Zoekvraag("wie haalt mijn oude koelkast op", "dijkstad")).treffers
    assert inbedding._gomp() is not None, "de OpenMP-bibliotheek van het model is gevonden"
    assert inbedding._vraagdraad.submit(inbedding._gomp().omp_get_max_threads).result() == inbedding.VRAAG_DRADEN == 1


def test_een_geforkt_proces_kan_nog_inbedden_en_zoeken():
    """A prefork worker forked after its parent searched has the query executor and the search's pool without their
    threads."""
    import multiprocessing

    from contenthub.kennisbank import inbedding, zoeken

    inbedding.vraag("paspoort aanvragen")  # the query thread now runs in this process
    assert [zoeken._standen.submit(int, "7").result() for _ in range(8)] == [7] * 8  # and the search's pool
    context = multiprocessing.get_context("fork")
    with context.Pool(1) as pool:
        vorm = pool.apply_async(_in_een_ander_proces).get(timeout=120)
    assert vorm == ((inbedding.DIMENSIES,), 7)


def _in_een_ander_proces() -> tuple[tuple[int, ...], int]:
    from contenthub.kennisbank import inbedding, zoeken

    return inbedding.vraag("rijbewijs verlengen in een ander proces").shape, zoeken._standen.submit(int, "7").result()


def test_onzin_vindt_alleen_wat_in_betekenis_het_dichtst_bij_ligt(achterkant, inhoud):
    """The semantic side always returns the nearest documents, even for nonsense: the search still says it found
    nothing it stands behind (``zonder_antwoord``), so the editors' zero-result figures and report stay true."""
    herbouw()
    onzin = zoek(Zoekvraag("qqqq xyzzy", "dijkstad", intern=True))
    assert onzin.treffers, "the semantic side still gives the nearest in meaning"
    assert onzin.woordtreffers == 0 and onzin.zonder_antwoord
    assert onzin.totaal == len(onzin.treffers), "they count, the same way on both backends"
    gevonden = zoek(Zoekvraag("rijbewijs verlengen", "dijkstad", intern=True))
    assert gevonden.treffers and gevonden.woordtreffers and not gevonden.zonder_antwoord


def test_stopwoorden_alleen_zijn_geen_woordtreffer_en_worden_niet_gemarkeerd(achterkant, inhoud):
    """ "de", "op" and "het" are in nearly every text: sharing only them with the query is no word match, on either
    backend (the embedded kennisbank still scores with them; no facet counts them), and a fragment marks the words that
    matched, not them."""
    herbouw()
    alleen_stopwoorden = zoek(Zoekvraag("qqqq op de het", "dijkstad", intern=True, facetten=True))
    assert alleen_stopwoorden.woordtreffers == 0 and alleen_stopwoorden.zonder_antwoord
    assert alleen_stopwoorden.totaal == len(alleen_stopwoorden.treffers)
    assert not any(alleen_stopwoorden.facetten.values()), "the facets count word matches only, on both backends"
    verlengen = zoek(Zoekvraag("rijbewijs op tijd verlengen", "dijkstad", intern=True))
    fragment = next(t.fragment for t in verlengen.treffers if t.uuid == str(inhoud["rijbewijs"].pk))
    assert "<mark>tijd</mark>" in fragment and "<mark>op</mark>" not in fragment.lower()


def test_doelgroep_inwoners_houdt_wat_voor_inwoners_en_bedrijven_is(achterkant, dijkstad):
    """``doelgroep=eu-burger`` keeps an item for "inwoners en bedrijven", as the delivery API does."""
    beide = publiceer(
        VraagAntwoordFactory(gemeente=dijkstad, vraag="Hoe vraag ik een standplaats aan?", doelgroep="eu-burger-bedrijf")
    )
    bedrijf = publiceer(
        VraagAntwoordFactory(
            gemeente=dijkstad, vraag="Hoe vraag ik een standplaats voor mijn bedrijf aan?", doelgroep="eu-bedrijf"
        )
    )
    herbouw()
    inwoners = _uuids(zoek(Zoekvraag("standplaats", "dijkstad", doelgroep="eu-burger")))
    assert str(beide.pk) in inwoners and str(bedrijf.pk) not in inwoners
    bedrijven = _uuids(zoek(Zoekvraag("standplaats", "dijkstad", doelgroep="eu-bedrijf")))
    assert {str(beide.pk), str(bedrijf.pk)} <= set(bedrijven)
    assert _uuids(zoek(Zoekvraag("standplaats", "dijkstad", doelgroep="eu-burger-bedrijf"))) == [str(beide.pk)]


def test_fusie_de_eigen_inhoud_van_de_gemeente_wint_een_gelijke_stand():
    """Where the semantic side decides, the gemeente's own item goes before an equally close generiek one; a
    clearly closer generiek answer still wins."""
    from contenthub.kennisbank.zoeken import fuseer

    betekenis = {f"d{i}vac": 0.80 for i in range(20)} | {"generiekvac": 0.85, "eigenvac": 0.849}
    assert fuseer({}, betekenis)[0] == "generiekvac"
    assert fuseer({}, betekenis, eigen={"eigenvac"})[0] == "eigenvac", "a near tie goes to the gemeente's own"
    assert fuseer({}, betekenis | {"generiekvac": 0.90}, eigen={"eigenvac"})[0] == "generiekvac"


def test_een_heel_lange_vraag_wordt_ingekort_in_plaats_van_te_falen(alleen_opensearch, inhoud):
    """Every word costs the word query clauses per field, compound part and typo variant; OpenSearch refuses more
    than 1 024 (and says so with a 500). A long question of compound words is asked again with fewer words."""
    herbouw()
    samengesteld = ["rijbewijsverlenging", "grofvuilophaalafspraak", "parkeervergunningaanvraag", "belastingkwijtschelding"]
    tekst = " ".join(f"{samengesteld[i % 4]}{i}" for i in range(30))[:500]
    zoeker_ = OpenSearchZoeker(settings.OPENSEARCH_URL, settings.KENNISBANK_ALIAS)
    _, gesteld = zoeker_._woordvraag(Zoekvraag(tekst, "dijkstad"), [], 50, details=False)
    assert len(gesteld.tekst) < len(tekst), "OpenSearch weigerde de hele vraag; de hub vroeg het opnieuw, korter"
    uitslag = zoek(Zoekvraag(tekst + " rijbewijs", "dijkstad", intern=True))
    assert uitslag.treffers, "een antwoord, geen 'kennisbank niet bereikbaar'"
    herhaald = " ".join(["rijbewijsverlengingsaanvraag"] * 17)  # one word, repeated: asked once
    _, gesteld = zoeker_._woordvraag(Zoekvraag(herhaald, "dijkstad"), [], 50, details=False)
    assert gesteld.tekst in (herhaald, "rijbewijsverlengingsaanvraag")
    assert zoek(Zoekvraag(herhaald, "dijkstad")).treffers


@pytest.mark.parametrize("voorrang", [1.0, 2.0])
def test_zonder_betekenis_zet_een_productnaam_het_kennisartikel_ook_voor(achterkant, inhoud, settings, monkeypatch, voorrang):
    """Semantic retrieval off: the word side alone pushes the kennisartikel for a product's name, as the fusion does
    (with the push at 1.0, i.e. without it, the gemeente's own VAC that repeats the name comes first)."""
    from contenthub.kennisbank import zoeken

    settings.KENNISBANK_SEMANTISCH = False
    monkeypatch.setattr(zoeken, "PRODUCTVOORRANG", voorrang)
    publiceer(VraagAntwoordFactory(gemeente=inhoud["eigen_vac"].gemeente, vraag="Wat kost grofvuil ophalen in Dijkstad?"))
    herbouw()
    eerste = _uuids(zoek(Zoekvraag("grofvuil ophalen", "dijkstad")))[0]
    artikel = str(inhoud["grofvuil"].pk)
    assert (eerste == artikel) == (voorrang > 1), eerste
    assert _uuids(zoek(Zoekvraag("hoe verleng ik mijn rijbewijs?", "dijkstad")))


def test_zekerheid_met_alleen_woorden_blijft_tussen_nul_en_een():
    """Without the semantic side the word margin decides; a result far below the best (or with no word score) is
    simply unsure, never an overflow."""
    from contenthub.kennisbank.zoeken import zekerheid

    woorden = {"aartikel": 40.0, "bvac": 10.0, "cvac": 1e-9, "dvac": 0.0}
    assert zekerheid("aartikel", woorden, {}) > 0.9, "a clear word winner"
    assert all(0.0 <= zekerheid(k, woorden, {}) < 0.5 for k in ("bvac", "cvac", "dvac"))
    assert zekerheid("aartikel", {"aartikel": 10.0, "bvac": 9.5}, {}) < 0.5, "two nearly equal: not sure"


def test_zekerheid_met_alleen_woorden_hangt_niet_af_van_de_limiet(achterkant, inhoud, settings):
    settings.KENNISBANK_SEMANTISCH = False
    herbouw()
    een = zoek(Zoekvraag("rijbewijs", "dijkstad", limiet=1)).treffers
    tien = zoek(Zoekvraag("rijbewijs", "dijkstad", limiet=10)).treffers
    assert len(een) == 1 and len(tien) > 1 and een[0].uuid == tien[0].uuid
    assert een[0].zekerheid == tien[0].zekerheid, "the margin over the best other one, not over what is returned"


def test_een_lange_vraag_zonder_spaties_wordt_beantwoord(achterkant, client, inhoud, dijkstad):
    """A question in a script without spaces (Chinese, Japanese, Thai) is one "word" of many terms: halving its
    words cannot shorten it for OpenSearch's clause limit, so its characters are halved instead; no 503."""
    herbouw()
    tekst = ("驾驶执照怎么续期" * 40)[:150]
    assert zoek(Zoekvraag(tekst, "dijkstad")).treffers
    _, geheim = maak_sleutel(naam="bot", kanaal="chatbot", gemeenten=[dijkstad])
    antwoord = client.post(
        "/api/v1/chatbot/antwoord",
        json.dumps({"gemeente": "dijkstad", "vraag": tekst}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {geheim}",
    )
    assert antwoord.status_code == 200, antwoord.content


def test_alleen_stopwoorden_is_op_beide_geen_woordtreffer_en_telt_in_geen_facet(achterkant, inhoud):
    """The compound and word-part fields keep stop words ("ik", "mijn" in a VAC's title): a query of only stop words
    still matches there on OpenSearch, but that is no word match, as on the database kennisbank (and the question
    belongs in the editors' report of questions without an answer). A question's content words still count."""
    herbouw()
    for tekst in ("ik", "mijn", "hoe is een"):
        uitslag = zoek(Zoekvraag(tekst, "dijkstad", facetten=True))
        assert uitslag.woordtreffers == 0 and uitslag.zonder_antwoord, tekst
        assert uitslag.totaal == len(uitslag.treffers), tekst
        assert not any(uitslag.facetten.values()), tekst
    gevonden = zoek(Zoekvraag("hoe zit het met mijn rijbewijs?", "dijkstad", facetten=True))
    assert gevonden.woordtreffers and not gevonden.zonder_antwoord and any(gevonden.facetten.values())


def test_een_ampersand_staat_een_keer_geescaped_in_het_fragment(achterkant, dijkstad):
    """The searchable text is the HTML's text with its entities decoded: the fragment escapes it once for display
    (it showed "Tom &amp;amp; Jerry", and "amp" was a searchable word)."""
    publiceer(KennisartikelFactory(live=False, titel="Kaartjes", tekst="Tom & Jerry zijn vrienden.", trefwoorden=[]))
    herbouw()
    (treffer,) = [t for t in zoek(Zoekvraag("jerry", "dijkstad")).treffers if t.titel == "Kaartjes"]
    assert "Tom &amp; <mark>Jerry</mark>" in treffer.fragment, treffer.fragment
    assert zoek(Zoekvraag("amp", "dijkstad")).woordtreffers == 0


def test_interne_velden_als_tekst_doorzocht_niet_als_html(achterkant, dijkstad):
    """deskMemo and toelichting are searched as text: their tags and link targets match nothing, and a fragment
    from them shows no escaped tags."""
    publiceer(
        KennisartikelFactory(
            live=False,
            titel="Hondenbelasting",
            tekst="Betaal voor uw hond.",
            trefwoorden=[],
            desk_memo="**Let op**: zie [het memo](https://intern.example/memo).",
        )
    )
    herbouw()
    assert zoek(Zoekvraag("strong href noopener", "dijkstad", intern=True)).woordtreffers == 0
    treffers = zoek(Zoekvraag("memo let op", "dijkstad", intern=True)).treffers
    assert treffers and all("&lt;" not in t.fragment for t in treffers), [t.fragment for t in treffers]


def test_een_typefout_na_een_emoji_wordt_ook_verbeterd(achterkant, inhoud):
    """OpenSearch counts a suggestion's offset in UTF-16 units, where an emoji is two: the correction still lands
    on the word, and the corrected question is what is embedded."""
    from contenthub.kennisbank import inbedding

    herbouw()
    inbedding._vragen.clear()
    zoek(Zoekvraag("🚗 rijbewjis verlengen", "dijkstad"))
    assert list(inbedding._vragen) == ["🚗 rijbewijs verlengen"]


def test_api_zoekvraag_van_alleen_spaties_houdt_de_facetten(achterkant, client, inhoud, dijkstad):
    """A query of only spaces passes the API's minimum length: its answer has the same shape as every other."""
    herbouw()
    _, geheim = maak_sleutel(naam="kcc", kanaal="kennisbank", gemeenten=[dijkstad])
    body = client.get(
        "/api/v1/kennisbank/zoeken", {"q": " ", "gemeente": "dijkstad"}, HTTP_AUTHORIZATION=f"Bearer {geheim}"
    ).json()
    assert set(body["facetten"]) == set(FACETTEN), body
