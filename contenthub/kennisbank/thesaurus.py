"""The kennisbank thesaurus, applied at search time by expanding the query in the application.

Why in the application and not as an OpenSearch ``synonym_graph`` filter: OpenSearch cannot reload search
analyzers, and closing an index to change them fails every search meanwhile (even through an alias). Expanding
the query here makes an edit in Wagtail count on the very next search, with nothing to rebuild or reopen.

Matching is on Dutch Snowball stems of ASCII-folded words, the same normalisation the index uses, so
"ID-kaarten" matches the term "ID-kaart" and "café" matches "cafe".
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import snowballstemmer

BASIS = Path(__file__).with_name("basisthesaurus.txt")
_stemmer = snowballstemmer.stemmer("dutch")
_stemmer_slot = threading.Lock()


# OpenSearch's ``_dutch_`` stop words (Lucene's copy of the Snowball list), which the index's Dutch analyzer drops.
# The embedded kennisbank scores with them (dropping them there cost citizens' questions recall: 0.70 → 0.64), but
# like OpenSearch it neither marks them in a fragment nor counts a document that shares only them with the query as
# a word match.
STOPWOORDEN = frozenset(
    """de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om hem dan zou of wat
    mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar naar heb hoe heeft hebben deze u want nog
    zal me zij nu ge geen omdat iets worden toch al waren veel meer doen toen moet ben zonder kan hun dus alles onder
    ja eens hier wie werd altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest
    andere""".split()
)


def woorden(tekst: str) -> list[str]:
    """Lowercase, accents removed, split on anything that is not a letter or digit."""
    zonder = unicodedata.normalize("NFKD", tekst.lower())
    zonder = "".join(c for c in zonder if not unicodedata.combining(c))
    return [w for w in re.split(r"[^a-z0-9]+", zonder) if w]


@lru_cache(maxsize=50_000)
def stam(woord: str) -> str:
    with _stemmer_slot:  # the Snowball stemmer object keeps state between calls
        return _stemmer.stemWord(woord)


def stammen(tekst: str) -> tuple[str, ...]:
    return tuple(stam(w) for w in woorden(tekst))


def inhoudsstammen(tekst: str) -> frozenset[str]:
    """The stems of the words that are not stop words (``STOPWOORDEN``)."""
    return frozenset(stam(w) for w in woorden(tekst) if w not in STOPWOORDEN)


def _bevat(reeks: tuple[str, ...], deel: tuple[str, ...]) -> bool:
    n = len(deel)
    return n > 0 and any(reeks[i : i + n] == deel for i in range(len(reeks) - n + 1))


@dataclass(frozen=True)
class Groep:
    bronnen: tuple[str, ...]  # terms that trigger the group
    doelen: tuple[str, ...]  # terms added to the query when a source term occurs


class Thesaurus:
    def __init__(self, groepen: list[Groep]):
        self.groepen = [(g, [stammen(t) for t in g.bronnen]) for g in groepen]

    def uitbreidingen(self, tekst: str, maximum: int = 12) -> list[str]:
        """Terms to search for besides the query itself: the other terms of every group a query phrase is in."""
        return [term for groep in self.uitbreidingsgroepen(tekst, maximum) for term in groep]

    def uitbreidingsgroepen(self, tekst: str, maximum: int = 12) -> list[list[str]]:
        """``uitbreidingen`` per group: the terms of one group are alternatives for the same concept, and the search
        counts the best of them once (a document that names three of them is not three times as relevant)."""
        vraag = stammen(tekst)
        uit: list[list[str]] = []
        gezien, aantal = {vraag}, 0
        for groep, bronnen in self.groepen:
            if any(_bevat(vraag, b) for b in bronnen):
                termen = []
                for term in groep.doelen:
                    s = stammen(term)
                    if s and s not in gezien and not _bevat(vraag, s) and aantal < maximum:
                        gezien.add(s)
                        termen.append(term)
                        aantal += 1
                if termen:
                    uit.append(termen)
        return uit


def lees_regel(regel: str) -> Groep | None:
    """``a, b, c`` (every term finds the others) or ``a, b => c, d`` (one way); None for comments and blanks."""
    regel = regel.split("#", 1)[0].strip()
    if not regel:
        return None
    if "=>" in regel:
        links, rechts = regel.split("=>", 1)
        bronnen = tuple(t.strip() for t in links.split(",") if t.strip())
        return Groep(bronnen, tuple(t.strip() for t in rechts.split(",") if t.strip()))
    termen = tuple(t.strip() for t in regel.split(",") if t.strip())
    return Groep(termen, termen) if len(termen) > 1 else None


def basisregels() -> list[str]:
    return [r for r in BASIS.read_text(encoding="utf-8").splitlines() if lees_regel(r)]


def groep_van(synoniemgroep) -> Groep:
    """``a, b => c`` in the text is one way from a and b; otherwise the *eenrichting* flag makes the first term the
    only source; otherwise every term finds the others."""
    tekst = re.sub(r"[\n;]+", ", ", synoniemgroep.termen)
    if "=>" in tekst:
        return lees_regel(tekst) or Groep((), ())
    termen = tuple(synoniemgroep.termenlijst())
    if synoniemgroep.eenrichting:
        return Groep(termen[:1], termen[1:])
    return Groep(termen, termen)


_cache: dict[str, tuple[tuple, Thesaurus]] = {}


def huidige() -> Thesaurus:
    """The thesaurus as editors left it: one small query (count and last change) decides whether to reread it."""
    from django.db.models import Count, Max, Q

    from contenthub.kennisbank.models import Synoniemgroep

    stand = Synoniemgroep.objects.aggregate(n=Count("id", filter=Q(actief=True)), t=Max("bijgewerkt_op"), alle=Count("id"))
    sleutel = (stand["n"], stand["t"], stand["alle"])
    bekend = _cache.get("thesaurus")
    if bekend is None or bekend[0] != sleutel:
        groepen = [groep_van(g) for g in Synoniemgroep.objects.filter(actief=True)]
        bekend = _cache["thesaurus"] = (sleutel, Thesaurus(groepen))
    return bekend[1]


def groepen_uit_trefwoorden(items) -> list[tuple[str, ...]]:
    """Synonym groups proposed by the trefwoorden editors already wrote: per item, its one-word trefwoorden and
    UPN label ("identiteitskaart, ID-kaart, idkaart, identiteitsbewijs"). Phrases ("paspoort verlengen") are
    phrasings, not synonyms, and stay out. A group needs two terms with different stems; a term set that is
    already a group (or part of one) is not proposed again."""
    uit: list[tuple[str, ...]] = []
    gezien: set[frozenset] = set()
    for item in items:
        termen: dict[tuple[str, ...], str] = {}
        for term in [getattr(item, "upn_label", "") or "", *(item.trefwoorden or [])]:
            term = term.strip()
            if term and len(term.split()) == 1 and stammen(term):
                termen.setdefault(stammen(term), term)
        if len(termen) >= 2:
            sleutel = frozenset(termen)
            if not any(sleutel <= g for g in gezien):
                gezien.add(sleutel)
                uit.append(tuple(sorted(termen.values(), key=str.lower)))
    return uit


def zaai_uit_trefwoorden(actief: bool = False) -> int:
    """Add the groups of ``groepen_uit_trefwoorden`` (live products: generiek kennisartikelen and local products)
    that the thesaurus lacks, as source 'Uit trefwoorden'. Inactive by default: trefwoorden mix synonyms
    ("ID-kaart") with related words ("gezondheidsverklaring" on the rijbewijs), so an editor switches on what
    holds. VACs are left out: their trefwoorden are topics ("paspoort, geldigheid"), not synonyms.
    Returns the number of groups added."""
    from contenthub.content.models import GemeentelijkeAanvulling, Kennisartikel
    from contenthub.kennisbank.models import Synoniemgroep

    items = [
        *Kennisartikel.objects.filter(live=True).only("upn_label", "trefwoorden"),
        *GemeentelijkeAanvulling.objects.filter(live=True, kennisartikel__isnull=True).only("upn_label", "trefwoorden"),
    ]
    bestaand = {frozenset(stammen(t) for t in g.termenlijst()) for g in Synoniemgroep.objects.all()}
    nieuw = []
    for groep in groepen_uit_trefwoorden(items):
        sleutel = frozenset(stammen(t) for t in groep)
        if not any(sleutel <= b for b in bestaand):
            bestaand.add(sleutel)
            nieuw.append(Synoniemgroep(termen="\n".join(groep), bron="trefwoorden", actief=actief))
    Synoniemgroep.objects.bulk_create(nieuw)
    return len(nieuw)
