"""The kennisbank search service: one interface, on OpenSearch or (embedded default) on the database.

Both serve what the kennisbank publisher wrote: per gemeente, the composed items that gemeente shows (its own
aanvullingen, local products and VACs, plus the generiek ones), only actief VACs. So a search is filtered on the
agent's gemeente and can never return another gemeente's content; the gemeente's own items rank first.

Intern fields (deskMemo, toelichting) are searched, returned and highlighted only for ``intern`` searches (KCC
roles and API keys with *intern*): a public search neither matches on them nor shows them in a fragment.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings

from contenthub.kennisbank import thesaurus

MARKERING = ("<mark>", "</mark>")
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

    def filters(self) -> dict[str, str]:
        return {veld: waarde for naam, veld in FACETTEN.items() if (waarde := getattr(self, naam))}


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


@dataclass
class Uitslag:
    treffers: list[Treffer]
    totaal: int
    facetten: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    uitbreidingen: list[str] = field(default_factory=list)  # thesaurus terms the search added


class Zoeker(Protocol):
    def zoek(self, vraag: Zoekvraag) -> Uitslag: ...

    def suggesties(self, tekst: str, gemeente: str, limiet: int = 5) -> list[str]: ...


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


# --- OpenSearch ----------------------------------------------------------------------------------------------

KORT = ["titel^6", "vraag^5", "alternatieve_vragen^4", "trefwoorden^4", "kort_antwoord^2", "antwoord^1", "tekst^1"]
SAMEN = ["titel.samen^3", "vraag.samen^2", "alternatieve_vragen.samen^2", "trefwoorden.samen^2"]
DELEN = ["titel.delen^1", "vraag.delen^0.6", "alternatieve_vragen.delen^0.6", "trefwoorden.delen^1"]
INTERN = ["intern.desk_memo^0.5", "intern.toelichting^0.5"]
PUBLIEKE_HIGHLIGHT = ["titel", "vraag", "kort_antwoord", "antwoord", "alternatieve_vragen"]

_clients: dict[str, Any] = {}


def _client(url: str):
    from opensearchpy import OpenSearch

    if url not in _clients:
        _clients[url] = OpenSearch(hosts=[url], timeout=5, max_retries=1, retry_on_timeout=True)
    return _clients[url]


def _tekstvraag(tekst: str, intern: bool, boost: float = 1.0) -> list[dict]:
    """The clauses for one phrasing: Dutch fields (fuzzy), compounds, word parts, and the sections (nested)."""
    velden = KORT + (INTERN if intern else [])
    return [
        {
            "multi_match": {
                "query": tekst,
                "fields": velden,
                "type": "best_fields",
                "tie_breaker": 0.3,
                "fuzziness": "AUTO",
                "prefix_length": 1,
                "minimum_should_match": "1<60%",
                "boost": boost,
            }
        },
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


def opensearch_query(vraag: Zoekvraag, uitbreidingen: list[str]) -> dict[str, Any]:
    """The whole search request body (also used by the latency benchmark)."""
    should = _tekstvraag(vraag.tekst, vraag.intern)
    should.append(
        {
            "nested": {
                "path": "secties",
                "score_mode": "max",
                "query": {"match": {"secties.tekst": {"query": vraag.tekst, "fuzziness": "AUTO", "prefix_length": 1}}},
                "inner_hits": {
                    "size": 1,
                    "_source": ["secties.sleutel", "secties.titel"],
                    "highlight": {
                        "pre_tags": [MARKERING[0]],
                        "post_tags": [MARKERING[1]],
                        "encoder": "html",
                        "fields": {"secties.tekst": {"fragment_size": 160, "number_of_fragments": 1}},
                    },
                },
            }
        }
    )
    for term in uitbreidingen:
        should += _tekstvraag(term, vraag.intern, boost=0.6)
    filters: list[dict] = [{"term": {"gemeente": vraag.gemeente}}]
    filters += [{"term": {veld: waarde}} for veld, waarde in vraag.filters().items()]
    highlight_velden = PUBLIEKE_HIGHLIGHT + (["intern.desk_memo", "intern.toelichting"] if vraag.intern else [])
    return {
        "size": vraag.limiet,
        "track_total_hits": True,
        "_source": {"excludes": ["secties", "tekst", "antwoord"] + ([] if vraag.intern else ["intern"])},
        "query": {
            "bool": {
                "must": [{"bool": {"should": should, "minimum_should_match": 1}}],
                # the agent's gemeente first: its own aanvulling, local product or VAC above the generiek one
                "should": [{"term": {"generiek": {"value": False, "boost": 2.0}}}],
                "filter": filters,
            }
        },
        "highlight": {
            "pre_tags": [MARKERING[0]],
            "post_tags": [MARKERING[1]],
            "encoder": "html",
            "fragment_size": 160,
            "number_of_fragments": 1,
            "fields": {veld: {} for veld in highlight_velden},
        },
        "aggs": {naam: {"terms": {"field": veld, "size": 20}} for naam, veld in FACETTEN.items()},
    }


class OpenSearchZoeker:
    def __init__(self, url: str, alias: str):
        self.client, self.alias = _client(url), alias

    def zoek(self, vraag: Zoekvraag) -> Uitslag:
        uitbreidingen = thesaurus.huidige().uitbreidingen(vraag.tekst) if vraag.tekst.strip() else []
        if not vraag.tekst.strip():
            return Uitslag([], 0)
        antwoord = self._zoek(opensearch_query(vraag, uitbreidingen))
        treffers = [self._treffer(hit, vraag.intern) for hit in antwoord["hits"]["hits"]]
        facetten = {
            naam: [(b["key"], b["doc_count"]) for b in antwoord.get("aggregations", {}).get(naam, {}).get("buckets", [])]
            for naam in FACETTEN
        }
        return Uitslag(treffers, antwoord["hits"]["total"]["value"], facetten, uitbreidingen)

    def _zoek(self, body: dict) -> dict:
        from opensearchpy.exceptions import ConnectionError, ConnectionTimeout, NotFoundError, TransportError

        try:
            return self.client.search(index=self.alias, body=body)
        except NotFoundError:
            return {"hits": {"hits": [], "total": {"value": 0}}}  # no kennisbank yet: nothing published, nothing found
        except (ConnectionError, ConnectionTimeout) as exc:
            raise ZoekerOnbereikbaar(f"OpenSearch antwoordt niet: {exc.__class__.__name__}") from exc
        except TransportError as exc:
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
        hits = self._zoek(body)["hits"]["hits"]
        return list(dict.fromkeys(h["_source"]["titel"] for h in hits))


# --- database (embedded default) -------------------------------------------------------------------------------

GEWICHTEN = {"titel": 6.0, "vraag": 5.0, "alternatieve_vragen": 4.0, "trefwoorden": 4.0, "kort_antwoord": 2.0, "tekst": 1.0}


class DatabaseZoeker:
    """The same interface on the kennisbank table: stems, weights per field and the thesaurus, scored in Python.

    Lower quality than OpenSearch (no fuzziness beyond stems, no compounds), and it reads the gemeente's documents
    for every search: meant for the embedded default and small hubs."""

    def zoek(self, vraag: Zoekvraag) -> Uitslag:
        from contenthub.kennisbank.models import KennisbankDocument

        if not vraag.tekst.strip():
            return Uitslag([], 0)
        uitbreidingen = thesaurus.huidige().uitbreidingen(vraag.tekst)
        gezocht = {s: 1.0 for s in thesaurus.stammen(vraag.tekst)}
        for term in uitbreidingen:
            for s in thesaurus.stammen(term):
                gezocht.setdefault(s, 0.6)
        kandidaten = []
        documenten = KennisbankDocument.objects.filter(gemeente=vraag.gemeente, inhoud__isnull=False).values_list(
            "inhoud", flat=True
        )
        for doc in documenten:
            if any(waarde not in _als_lijst(doc.get(veld)) for veld, waarde in vraag.filters().items()):
                continue
            score, sectie = _score(doc, gezocht, vraag.intern)
            if score > 0:
                kandidaten.append((score * (1.3 if not doc.get("generiek", True) else 1.0), doc, sectie))
        kandidaten.sort(key=lambda k: -k[0])
        treffers = [_db_treffer(doc, score, sectie, gezocht) for score, doc, sectie in kandidaten[: vraag.limiet]]
        facetten: dict[str, dict[str, int]] = {naam: {} for naam in FACETTEN}
        for _, doc, _ in kandidaten:
            for naam, veld in FACETTEN.items():
                for waarde in _als_lijst(doc.get(veld)):
                    facetten[naam][waarde] = facetten[naam].get(waarde, 0) + 1
        return Uitslag(
            treffers,
            len(kandidaten),
            {n: sorted(f.items(), key=lambda x: -x[1]) for n, f in facetten.items()},
            uitbreidingen,
        )

    def suggesties(self, tekst: str, gemeente: str, limiet: int = 5) -> list[str]:
        from contenthub.kennisbank.models import KennisbankDocument

        begin = " ".join(thesaurus.woorden(tekst))
        if not begin:
            return []
        titels = KennisbankDocument.objects.filter(gemeente=gemeente, inhoud__isnull=False).values_list(
            "inhoud__titel", flat=True
        )
        return [t for t in titels if " ".join(thesaurus.woorden(t or "")).startswith(begin)][:limiet]


def _als_lijst(waarde) -> list[str]:
    if waarde is None or waarde == "":
        return []
    return [str(w) for w in waarde] if isinstance(waarde, list | tuple) else [str(waarde)]


def _score(doc: dict, gezocht: dict[str, float], intern: bool) -> tuple[float, dict | None]:
    score = 0.0
    for veld, gewicht in GEWICHTEN.items():
        stammen = set()
        for waarde in _als_lijst(doc.get(veld)):
            stammen |= set(thesaurus.stammen(waarde))
        score += gewicht * sum(w for s, w in gezocht.items() if s in stammen)
    if intern:
        for waarde in (doc.get("intern") or {}).values():
            score += 0.5 * sum(w for s, w in gezocht.items() if s in set(thesaurus.stammen(waarde or "")))
    beste, beste_score = None, 0.0
    for sectie in doc.get("secties") or []:
        s_score = sum(w for s, w in gezocht.items() if s in set(thesaurus.stammen(sectie.get("tekst", ""))))
        if s_score > beste_score:
            beste, beste_score = sectie, s_score
    return score + beste_score, beste


def _db_treffer(doc: dict, score: float, sectie: dict | None, gezocht: dict[str, float]) -> Treffer:
    tekst = (sectie or {}).get("tekst") or doc.get("antwoord") or doc.get("kort_antwoord") or ""
    return Treffer(
        soort=doc["soort"],
        uuid=doc["uuid"],
        titel=doc.get("titel", ""),
        fragment=_markeer(tekst[:400], gezocht),
        sectie=(sectie or {}).get("sleutel", "") if doc["soort"] == "kennisartikel" else "",
        sectie_titel=(sectie or {}).get("titel", "") if doc["soort"] == "kennisartikel" else "",
        gemeentelijk=not doc.get("generiek", True),
        url=doc.get("url", ""),
        kort_antwoord=doc.get("kort_antwoord", ""),
        score=score,
    )


def _markeer(tekst: str, gezocht: dict[str, float]) -> str:
    """Escape, then mark the words whose stem was searched for."""
    delen = re.split(r"(\w+)", tekst)
    uit = []
    for deel in delen:
        veilig = html.escape(deel)
        if deel and re.fullmatch(r"\w+", deel) and thesaurus.stammen(deel) and thesaurus.stammen(deel)[0] in gezocht:
            veilig = f"{MARKERING[0]}{veilig}{MARKERING[1]}"
        uit.append(veilig)
    return "".join(uit)
