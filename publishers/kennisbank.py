"""KCC kennisbank channel: documents in OpenSearch, per gemeente, including the KCC-internal fields.

Writes go through opensearch-py's DSL to an alias over a versioned index, so a rebuild fills a new
index and swaps the alias atomically (``maak_index`` / ``wissel_alias``). Every write uses the
delivery's ``volgnummer`` as OpenSearch's *external* version: the node itself refuses an older write,
so even a late retry can never put an older revision back. A tombstone deletes the document (with the
same versioning, so an older write arriving afterwards is refused too).

The search (Dutch analysis, ranking, the agent page) builds on this index in the kennisbank issue; here
the index must be complete, current and correct.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from typing import Any

from opensearchpy import (
    Binary,
    Boolean,
    Document,
    Float,
    Index,
    Keyword,
    Long,
    Nested,
    Object,
    OpenSearch,
    Text,
    analyzer,
    token_filter,
    tokenizer,
)
from opensearchpy.exceptions import ConflictError, ConnectionError, ConnectionTimeout, NotFoundError, RequestError, TransportError

from publishers.base import GEEN_STAND, Bestemming, Bevestiging, BlijvendeFout, Stand, TijdelijkeFout
from publishers.payload import Intrekking, Item, Product, Vac

_stopwoorden = token_filter("nederlandse_stopwoorden", type="stop", stopwords="_dutch_")
_stam = token_filter("nederlandse_stam", type="stemmer", language="dutch")

# Dutch text: lowercase, café = cafe, Dutch stop words and the Snowball Dutch stemmer.
nederlands = analyzer("nederlands", tokenizer="standard", filter=["lowercase", "asciifolding", _stopwoorden, _stam])
# Compounds written apart or together: adjacent words are also indexed joined ("grof vuil" → "grofvuil"), at index
# and at search time, so "grofvuil" finds "grof vuil" and the other way round.
samenstellingen = analyzer(
    "samenstellingen",
    tokenizer="standard",
    filter=[
        "lowercase",
        "asciifolding",
        token_filter("aaneen", type="shingle", min_shingle_size=2, max_shingle_size=2, output_unigrams=True, token_separator=""),
        _stam,
    ],
)
# Parts of words (4-grams) on the short fields: a compound's part ("kast" in "koelkast") and typos beyond fuzziness.
woorddelen = analyzer(
    "woorddelen",
    tokenizer=tokenizer("vierletters", type="ngram", min_gram=4, max_gram=4, token_chars=["letter", "digit"]),
    filter=["lowercase", "asciifolding"],
)


def _zoektekst(*, exact: bool = False, standaard: bool = False) -> Text:
    """A searchable text field: Dutch analysis, plus compounds and word parts (and the exact value for facets)."""
    velden = {"samen": Text(analyzer=samenstellingen), "delen": Text(analyzer=woorddelen)}
    if exact:
        velden["exact"] = Keyword()
    if standaard:
        velden["standaard"] = Text(analyzer="standard")
    return Text(analyzer=nederlands, fields=velden)


class KennisDocument(Document):
    """One item as one gemeente serves it; ``intern`` fields are for KCC roles only (filtered at search time)."""

    soort = Keyword()
    uuid = Keyword()
    gemeente = Keyword()
    generiek = Boolean()
    titel = _zoektekst(exact=True, standaard=True)
    vraag = _zoektekst()
    alternatieve_vragen = _zoektekst()
    kort_antwoord = Text(analyzer=nederlands)
    antwoord = Text(analyzer=nederlands)
    # All public text of the item in one flat field (the sections are nested); ``standaard`` without Dutch analysis
    # is what a plain search (KISS's) sees, for comparison in bench/relevance.py.
    tekst = Text(analyzer=nederlands, fields={"standaard": Text(analyzer="standard")})
    # ``eigen``: the gemeente supplemented or replaced this section of a generiek article (absent otherwise)
    secties = Nested(
        properties={"sleutel": Keyword(), "titel": Keyword(), "tekst": Text(analyzer=nederlands), "eigen": Boolean()}
    )
    intern = Object(properties={"desk_memo": Text(analyzer=nederlands), "toelichting": Text(analyzer=nederlands)})
    trefwoorden = _zoektekst(exact=True)
    levensgebeurtenissen = Keyword(multi=True)
    afdelingen = Keyword(multi=True)
    doelgroep = Keyword()
    upn_uri = Keyword()
    url = Keyword()
    fingerprint = Keyword()
    volgnummer = Long()
    # The editors' search weight (absent: 1.0, so the documents of items nobody weighed keep their fingerprint).
    gewicht = Float()
    # The embedding of the item's gist (float16, base64; see contenthub.kennisbank.inbedding): stored, not indexed.
    inbedding = Binary()
    # An article's sections' embeddings, one after the other (the same encoding): its best section counts too.
    inbedding_secties = Binary()


def document_id(gemeente: str, soort: str, uuid: Any) -> str:
    return f"{gemeente}:{soort}:{uuid}"


def _tekst(opmaak: str) -> str:
    """Searchable text without markup (the HTML stays in the payload for display), its entities decoded: "&amp;" is
    "&" to the analyzer, and every fragment escapes the text once more for display."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", opmaak))).strip()


def _sectie(sectie, *, eigen: bool) -> dict[str, Any]:
    """A section of a kennisbank document. ``eigen`` marks a generiek article's section that this gemeente
    supplemented or replaced (often the fees): the embedding of what the article is about leaves it out, so a
    generiek change costs one embedding for all gemeenten, not one per gemeente with its own fees (see
    ``contenthub.kennisbank.inbedding.semantische_tekst``). Only set when true, so other documents stay the same."""
    return {
        "sleutel": sectie.sleutel,
        "titel": sectie.titel,
        "tekst": _tekst(sectie.html),
        "html": sectie.html,
        **({"eigen": True} if eigen else {}),
    }


def kennisbank_document(item: Item) -> dict[str, Any]:
    """An item as a kennisbank document: the same for OpenSearch and the embedded database kennisbank."""
    basis = {
        "soort": item.soort,
        "uuid": str(item.uuid),
        "gemeente": item.gemeente.slug,
        "url": item.url,
        "trefwoorden": list(item.trefwoorden),
        **({"gewicht": item.zoekgewicht} if item.zoekgewicht != 1.0 else {}),
        "doelgroep": item.doelgroep,
    }
    if isinstance(item, Product):
        return basis | {
            "generiek": not item.lokaal,
            "titel": item.titel,
            "upn_uri": item.upn_uri,
            "levensgebeurtenissen": list(item.levensgebeurtenissen),
            "secties": [_sectie(s, eigen=not item.lokaal and s.herkomst != "generiek") for s in item.secties],
            "tekst": " ".join(_tekst(s.html) for s in item.secties),
            "intern": {"desk_memo": _tekst(item.desk_memo_html)},
        }
    assert isinstance(item, Vac)
    return basis | {
        "generiek": item.generiek,
        "titel": item.vraag,
        "vraag": item.vraag,
        "alternatieve_vragen": list(item.alternatieve_vragen),
        "kort_antwoord": item.kort_antwoord,
        "antwoord": _tekst(item.antwoord_html),
        "antwoord_html": item.antwoord_html,
        "tekst": _tekst(item.antwoord_html),
        "afdelingen": list(item.afdelingen),
        "upn_uri": "",
        "intern": {"toelichting": _tekst(item.toelichting_html)},
    }


# Merging for a kennisbank that is searched far more often than written: Lucene's default keeps about ten segments
# per size tier, and each of them costs every search (see ``voeg_samen``). Two per tier, and small segments (up to
# 50 MB) merged eagerly, keep it at a handful between the nightly merges: after 10 % of 100 000 documents were
# written again one at a time, 6 segments and a word query of 8 ms (p50) instead of 14 and 10 ms. The price is
# more merging on writes, which the publisher's writes (a few documents at a time) do not notice.
LEESINDEX = {
    "merge.policy.segments_per_tier": 2,
    "merge.policy.max_merge_at_once": 2,
    "merge.policy.floor_segment": "50mb",
}


class KennisbankPublisher:
    kanaal = "kennisbank"
    vereist_aansluiting = False

    def __init__(
        self,
        url: str,
        *,
        alias: str = "contenthub-kennisbank",
        timeout: float = 10.0,
        client: OpenSearch | None = None,
        verrijk: Callable[[list[dict[str, Any]]], None] | None = None,
    ):
        self.alias = alias
        self._verrijk = verrijk
        self._alias_gezien = False
        self.client = client or OpenSearch(hosts=[url], timeout=timeout, max_retries=0, retry_on_timeout=False)

    # --- index lifecycle ------------------------------------------------------------------------------

    def maak_index(self) -> str:
        """A new, empty versioned index with the kennisbank mapping; returns its name."""
        naam = f"{self.alias}-{dt.datetime.now(tz=dt.UTC):%Y%m%d%H%M%S%f}"
        index = Index(naam)
        index.settings(number_of_shards=1, number_of_replicas=0, **LEESINDEX)
        index.document(KennisDocument)
        index.create(using=self.client)
        return naam

    def voeg_samen(self, index: str | None = None, *, tot: int = 1, wachttijd: float | None = None) -> tuple[int, int]:
        """Merge ``index`` (default: the one behind the alias) into at most ``tot`` segments; returns the number of
        segments before and after. Nothing happens when it has that few already.

        A search costs per segment: every query word's fuzzy and word-part lookups walk each segment's term
        dictionary. At 100 000 documents the word query took 11 ms (p50) on the 18 segments a bulk load leaves and
        5 ms on one; after 10 % of the documents were written again, one at a time as the publisher writes, 10 ms
        on 14 segments (bench/search_latency.py). The rebuild merges before it swaps the alias, and a nightly task
        (``kennisbank-samenvoegen``) merges what a day of publishing added. Searches go on meanwhile.

        With ``tot=2`` Lucene leaves the largest segment as it is and merges only the others, the day's writes:
        milliseconds to a second instead of rewriting the whole index, so a task (``kennisbank-bijhouden``) can do
        it every few minutes during the day. Deleted documents stay in the large segment until the nightly merge.
        ``wachttijd``: how long to wait for the merge (default an hour: merging a national kennisbank takes minutes)."""
        index = index or self.alias
        voor = self.segmenten(index)
        if tot == 1:
            # an index made before these settings (they can change on a live index) keeps few segments from now on;
            # once a night is enough, not a cluster-state update every few minutes
            self.client.indices.put_settings(index=index, body={"index": LEESINDEX})
        if voor <= tot:
            return voor, voor
        # blocks until the merge is done: minutes for a national kennisbank, so no client timeout of seconds
        self.client.indices.forcemerge(index=index, max_num_segments=tot, request_timeout=wachttijd or 3600)
        self.client.indices.refresh(index=index)  # searches see the merged segment now, not at the next refresh
        return voor, self.segmenten(index)

    def segmenten(self, index: str | None = None) -> int:
        """The number of segments a search of ``index`` (default: the one behind the alias) goes through."""
        antwoord = self.client.indices.segments(index=index or self.alias)
        return sum(
            1
            for index_stand in antwoord["indices"].values()
            for kopieen in index_stand["shards"].values()
            for kopie in kopieen
            for segment in kopie["segments"].values()
            if segment.get("search", True)
        )

    def wissel_alias(self, naam: str) -> list[str]:
        """Point the alias at ``naam`` in one atomic action; returns the indices it pointed at before."""
        oud = (
            list(self.client.indices.get_alias(name=self.alias).keys())
            if self.client.indices.exists_alias(name=self.alias)
            else []
        )
        acties = [{"remove": {"index": i, "alias": self.alias}} for i in oud] + [{"add": {"index": naam, "alias": self.alias}}]
        self.client.indices.update_aliases(body={"actions": acties})
        return oud

    def zorg_voor_index(self) -> None:
        if not self.client.indices.exists_alias(name=self.alias):
            self.wissel_alias(self.maak_index())
        self._alias_gezien = True

    def _eerst_de_alias(self) -> None:
        """Before the first write of this process: a write to a missing alias would let OpenSearch create a plain
        index of that name with guessed mappings, and no alias could ever be made again."""
        if not self._alias_gezien:
            try:
                self.zorg_voor_index()
            except (ConnectionError, ConnectionTimeout) as exc:
                raise TijdelijkeFout(f"kennisbank niet bereikbaar: {exc}") from exc

    # --- the publisher protocol -------------------------------------------------------------------------

    def inhoud(self, item: Item) -> dict[str, Any] | None:
        return kennisbank_document(item)

    def verrijk(self, inhouden: list[dict[str, Any]]) -> None:
        """Add what the hub derives from the content itself (the embedding), after the fingerprint is taken."""
        if self._verrijk:
            self._verrijk(inhouden)

    def publiceer(
        self,
        item: Item,
        inhoud: dict[str, Any],
        fingerprint: str,
        volgnummer: int,
        bestemming: Bestemming,
        stand: Stand = GEEN_STAND,
    ) -> Bevestiging:
        self._eerst_de_alias()
        doc_id = document_id(item.gemeente.slug, item.soort, item.uuid)
        body = inhoud | {"fingerprint": fingerprint, "volgnummer": volgnummer}
        self._schrijf(
            lambda: self.client.index(
                index=self.alias,
                id=doc_id,
                body=body,
                version=volgnummer,
                version_type="external",
                params={"require_alias": "true"},
            ),
            doc_id,
        )
        return Bevestiging(fingerprint=fingerprint, volgnummer=volgnummer)

    def trek_in(self, intrekking: Intrekking, volgnummer: int, bestemming: Bestemming, stand: Stand = GEEN_STAND) -> Bevestiging:
        self._eerst_de_alias()
        doc_id = document_id(intrekking.gemeente, intrekking.soort, intrekking.uuid)
        try:
            self._schrijf(
                lambda: self.client.delete(index=self.alias, id=doc_id, version=volgnummer, version_type="external"), doc_id
            )
        except _NietGevonden:
            pass  # removing what is not there succeeds
        return Bevestiging(fingerprint=None, volgnummer=volgnummer)

    def _schrijf(self, actie, doc_id: str) -> None:
        try:
            actie()
        except ConflictError as exc:
            raise TijdelijkeFout(f"kennisbank heeft al een nieuwere versie van {doc_id}") from exc
        except NotFoundError as exc:
            if "index_not_found" in str(exc):
                self.zorg_voor_index()  # first delivery on a fresh node: create it, then try again
                raise TijdelijkeFout(f"kennisbankindex ontbrak en is aangemaakt ({doc_id})") from exc
            raise _NietGevonden from exc
        except (ConnectionError, ConnectionTimeout) as exc:
            raise TijdelijkeFout(f"kennisbank niet bereikbaar: {exc}") from exc
        except RequestError as exc:
            raise BlijvendeFout(f"kennisbank weigerde {doc_id}: {exc}") from exc
        except TransportError as exc:
            status = exc.status_code if isinstance(exc.status_code, int) else 0
            if status in (408, 409, 429) or status >= 500 or status == 0:
                raise TijdelijkeFout(f"kennisbank gaf {exc.status_code}: {exc}") from exc
            raise BlijvendeFout(f"kennisbank weigerde {doc_id}: {exc}") from exc

    def document(self, gemeente: str, soort: str, uuid: Any) -> dict | None:
        try:
            return self.client.get(index=self.alias, id=document_id(gemeente, soort, uuid))["_source"]
        except NotFoundError:
            return None


class _NietGevonden(Exception):
    pass
