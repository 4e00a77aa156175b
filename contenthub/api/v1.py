"""Delivery API v1 (``/api/v1``): composed content per gemeente for channel consumers, read-only.

Every composed read goes through the bulk resolver (``samengesteld_bulk`` / ``vacs_per_gemeente``), via the
per-process catalogue of ``catalogus`` that one version query per request keeps current: a list page costs a
constant number of queries whatever its size, and the composition is not redone for every read.

Records are the published exchange shapes (a kennisartikel validates against the PDC-kennisartikel objecttype,
a VAC against the VAC objecttype), wrapped in an envelope with the hub's own facts (laag, per-field herkomst,
fingerprint). What a key may see decides the body, and the body decides the ``ETag``: the *intern* and the
public view of one item differ.

Errors are problem details (RFC 9457, ``application/problem+json``) with Dutch wording.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any, Literal
from uuid import UUID

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from contenthub.api.catalogus import Catalogus, catalogus
from contenthub.api.models import ApiSleutel
from contenthub.api.sleutels import aanmelden
from contenthub.content.models import Kennisartikel, PersoonlijkSjabloon
from contenthub.content.resolver import samengesteld_bulk, vacs_per_gemeente
from contenthub.core.enums import Levensgebeurtenis
from contenthub.core.markdown import markdown_naar_html
from contenthub.core.models import Gemeente
from contenthub.uitwisseling import omzetten
from contenthub.uitwisseling.exporteren import datum_wijziging, kennisartikel_record, vac_record, zonder_intern

PROBLEEM = "application/problem+json"


# --- problems (RFC 9457) ----------------------------------------------------------------------------------


class Probleem(Exception):
    def __init__(self, status: int, titel: str, detail: str = "", *, headers: dict[str, str] | None = None, **extra):
        super().__init__(detail or titel)
        self.status, self.titel, self.detail, self.headers, self.extra = status, titel, detail, headers or {}, extra


def probleem_antwoord(request: HttpRequest, status: int, titel: str, detail: str = "", headers=None, **extra) -> HttpResponse:
    body = {"type": "about:blank", "title": titel, "status": status, "detail": detail, "instance": request.path, **extra}
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEEM)
    for naam, waarde in (headers or {}).items():
        response[naam] = waarde
    return response


class ProbleemSchema(Schema):
    type: str = Field("about:blank", description="URI van het soort probleem.")
    title: str = Field(..., description="Korte omschrijving, in het Nederlands.")
    status: int
    detail: str = ""
    instance: str = Field("", description="Het pad van het verzoek.")


# --- authentication, scopes and rate limit ----------------------------------------------------------------


class Sleutel(HttpBearer):
    """``Authorization: Bearer <key>``; the key's scopes travel with the request."""

    openapi_description = "API-sleutel van het kanaal (contenthub apikey create)."

    def authenticate(self, request: HttpRequest, token: str) -> ApiSleutel | None:
        sleutel, stand = aanmelden(token)
        if sleutel is not None:
            beperk(sleutel)
            request.sleutel, request.stand = sleutel, stand
        return sleutel


def beperk(sleutel: ApiSleutel) -> None:
    """Fixed window per key and minute in the shared cache (Redis in production): 429 with Retry-After."""
    import time

    limiet = settings.API_LIMIET_PER_MINUUT
    if limiet <= 0:
        return
    nu = time.time()
    venster = f"api-limiet:{sleutel.pk}:{int(nu // 60)}"
    cache.add(venster, 0, 120)
    try:
        aantal = cache.incr(venster)
    except ValueError:  # expired between add and incr
        cache.set(venster, 1, 120)
        aantal = 1
    if aantal > limiet:
        wacht = max(1, int(60 - nu % 60))
        raise Probleem(
            429,
            "Te veel verzoeken",
            f"Deze sleutel mag {limiet} verzoeken per minuut doen. Probeer het over {wacht} s opnieuw.",
            headers={"Retry-After": str(wacht)},
        )


class LeveringsApi(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Errors are problem details: document them as ``application/problem+json``, as they are served."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operaties in schema["paths"].values():
            for operatie in operaties.values():
                for status, antwoord in operatie.get("responses", {}).items():
                    if str(status).startswith(("4", "5")) and "application/json" in antwoord.get("content", {}):
                        antwoord["content"] = {PROBLEEM: antwoord["content"]["application/json"]}
        return schema


api = LeveringsApi(
    title="Contenthub leverings-API",
    version="1.0.0",
    description=(
        "Samengestelde inhoud per gemeente voor kanalen: kennisartikelen (PDC-objecttype) en vraag-antwoordcombinaties "
        "(VAC-objecttype), met per veld de herkomst (generiek, aangevuld, vervangen, gemeente) en een fingerprint. "
        "Authenticatie met `Authorization: Bearer <sleutel>`. Fouten zijn problem details (RFC 9457)."
    ),
    urls_namespace="api-v1",
    openapi_url="/schema/",
    docs_url="/docs/",
    auth=Sleutel(),
)


@api.exception_handler(Probleem)
def _probleem(request, exc: Probleem):
    return probleem_antwoord(request, exc.status, exc.titel, exc.detail, exc.headers, **exc.extra)


@api.exception_handler(AuthenticationError)
def _niet_aangemeld(request, exc):
    return probleem_antwoord(
        request,
        401,
        "Niet aangemeld",
        "Geef een geldige API-sleutel mee als 'Authorization: Bearer <sleutel>'.",
        {"WWW-Authenticate": 'Bearer realm="contenthub"'},
    )


def _veld(loc) -> str:
    """The field as the client wrote it: ``vraag``, not django-ninja's ``body.<parameter>.vraag``."""
    delen = [str(d) for d in loc]
    if delen[:1] == ["body"]:
        delen = delen[2:] or ["body"]  # the body's parameter name is ours; without a field it is the body itself
    return ".".join(d for d in delen if d not in ("query", "path"))


@api.exception_handler(NinjaValidationError)
def _ongeldig(request, exc: NinjaValidationError):
    fouten = [{"veld": _veld(fout.get("loc", ())), "melding": fout.get("msg", "")} for fout in exc.errors]
    namen = ", ".join(f["veld"] for f in fouten if f["veld"]) or "verzoek"
    return probleem_antwoord(request, 400, "Ongeldige invoer", f"Controleer: {namen}.", fouten=fouten)


@api.exception_handler(RequestDataTooBig)
def _te_groot(request, exc):
    return probleem_antwoord(
        request, 413, "Verzoek te groot", f"De body mag hoogstens {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes zijn."
    )


@api.exception_handler(HttpError)
def _http(request, exc: HttpError):
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        return probleem_antwoord(request, 400, "Ongeldige invoer", "De body is geen geldige JSON.")
    return probleem_antwoord(request, exc.status_code, str(exc) or "Fout")


# --- bodies, ETag and cursors ----------------------------------------------------------------------------


def als_json(data: Any) -> str:
    """The one serialisation of every body and of every cached record: compact, sorted keys, UTF-8 text."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True, default=str)


def json_antwoord(request: HttpRequest, data: Any, *, tekst: str | None = None, klaar: tuple | None = None) -> HttpResponse:
    """JSON with the ETag of exactly this body (what this key may see); 304 when the client has it already.

    ``tekst``: the body already serialised (by :func:`als_json`, or assembled from such fragments); ``klaar``:
    (body bytes, ETag) from :func:`lichaam`, e.g. cached."""
    body, etag = klaar or lichaam(als_json(data) if tekst is None else tekst)
    kop = {"ETag": etag, "Cache-Control": "private, no-cache", "Vary": "Authorization"}
    # only a GET (or HEAD) has a representation to revalidate; a POST (the chatbot's question) is answered anew
    if request.method in ("GET", "HEAD") and etag in [e.strip() for e in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/json")
    for naam, waarde in kop.items():
        response[naam] = waarde
    return response


def lichaam(tekst: str) -> tuple[bytes, str]:
    body = tekst.encode()
    return body, '"' + hashlib.sha256(body).hexdigest()[:40] + '"'


def _cursor_lezen(cursor: str | None, salt: str = "lijst"):
    """Cursors are signed (django.core.signing): a client can keep them, not forge or alter them."""
    if not cursor:
        return ""
    try:
        return signing.loads(cursor, salt=f"contenthub.api.{salt}")
    except signing.BadSignature:
        raise Probleem(400, "Ongeldige cursor", "Gebruik de cursor uit het vorige antwoord, ongewijzigd.") from None


def _cursor(waarde, salt: str = "lijst") -> str:
    return signing.dumps(waarde, salt=f"contenthub.api.{salt}", compress=True)


def pagina(request: HttpRequest, items: list[tuple[str, Any]], cursor: str | None, limit: int, maak, cat=None) -> HttpResponse:
    """Cursor pagination over items sorted by key, at most ``limit`` items and about API_PAGINA_MAX_BYTES bytes.

    ``maak`` turns a selected item into its JSON text (:func:`als_json`, usually cached per content version):
    only the page's items are rendered, whatever the catalogue, and the body is assembled from those texts.
    With ``cat`` (the catalogue the items come from) the finished page is kept with it: channels poll the same
    addresses, and a repeat costs a dictionary lookup until the content changes (at most PAGINA_CACHE pages per
    catalogue, so odd query strings cannot fill the memory)."""
    if cat is None:
        return json_antwoord(request, None, klaar=_pagina(request, items, cursor, limit, maak))
    sleutel = ("pagina", request.get_host(), request.get_full_path(), request.sleutel.intern)
    klaar = cat.record(sleutel, lambda: _pagina(request, items, cursor, limit, maak), maximum=PAGINA_CACHE)
    return json_antwoord(request, None, klaar=klaar)


PAGINA_CACHE = 256


def _pagina(request: HttpRequest, items: list[tuple[str, Any]], cursor: str | None, limit: int, maak) -> tuple[bytes, str]:
    na = _cursor_lezen(cursor)
    items = sorted((i for i in items if i[0] > na), key=lambda i: i[0])
    resultaten, grootte = [], 0
    for sleutel, bron in items[:limit]:
        tekst = maak(bron)
        grootte += len(tekst)
        if resultaten and grootte > settings.API_PAGINA_MAX_BYTES:
            break
        resultaten.append((sleutel, tekst))
    volgende = None
    if len(resultaten) < len(items):
        query = request.GET.copy()
        query["cursor"] = _cursor(resultaten[-1][0])
        volgende = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return lichaam(f'{{"next":{als_json(volgende)},"results":[{",".join(t for _, t in resultaten)}]}}')


# --- scope ------------------------------------------------------------------------------------------------


def gemeente_van(request: HttpRequest, slug: str) -> Gemeente:
    """The gemeente if the key may read it; 404 otherwise (a key learns nothing about gemeenten it cannot read)."""
    for g in request.sleutel.gemeenten.all():
        if g.slug == slug:
            return g
    raise Probleem(404, "Gemeente niet gevonden", f"Deze sleutel kan geen inhoud van gemeente '{slug}' lezen.")


def _velden(record: dict, fields: str | None) -> dict:
    if not fields:
        return record
    gekozen = {f.strip() for f in fields.split(",") if f.strip()}
    return {k: v for k, v in record.items() if k in gekozen}


# --- schemas ----------------------------------------------------------------------------------------------


class GemeenteOut(Schema):
    slug: str
    naam: str
    code: str = Field(..., description="CBS-gemeentecode, bijv. gm0363.")
    telefoon: str
    email: str
    adres: str
    openingstijden: str = Field(..., description="Openingstijden als veilige HTML.")


class KennisartikelOut(Schema):
    uuid: UUID
    gemeente: str
    laag: Literal["generiek", "gemeentelijk"] = Field(..., description="generiek: zonder aanvulling van de gemeente.")
    lokaal: bool = Field(..., description="Een product dat alleen deze gemeente heeft.")
    fingerprint: str = Field(..., description="Fingerprint van de samengestelde inhoud (zonder interne velden voor publiek).")
    herkomst: dict[str, str] = Field(..., description="Per veld: generiek, aangevuld, vervangen of gemeente.")
    record: dict[str, Any] = Field(..., description="Het kennisartikel volgens het gepubliceerde PDC-objecttype.")


class VacOut(Schema):
    uuid: UUID
    gemeente: str
    laag: Literal["generiek", "gemeentelijk"]
    record: dict[str, Any] = Field(..., description="De VAC volgens het gepubliceerde VAC-objecttype (HTML-teksten).")


class KennisartikelPagina(Schema):
    results: list[KennisartikelOut]
    next: str | None = Field(None, description="Adres van de volgende pagina; leeg op de laatste.")


class VacPagina(Schema):
    results: list[VacOut]
    next: str | None = None


class Keuze(Schema):
    code: str
    label: str


class SjabloonOut(Schema):
    uuid: UUID
    record: dict[str, Any] = Field(..., description="Het persoonlijk sjabloon met slots; de hub vult het nooit zelf.")


FOUTEN = {400: ProbleemSchema, 401: ProbleemSchema, 404: ProbleemSchema, 429: ProbleemSchema}
LIMIET = Query(100, ge=1, le=1000, description="Aantal per pagina (hoogstens 1000).")


class ArtikelFilters(Schema):
    doelgroep: Literal["eu-burger", "eu-bedrijf", "eu-burger-bedrijf"] | None = None
    levensgebeurtenis: str | None = Field(None, description="Code, zie /levensgebeurtenissen.")
    upl: str | None = Field(None, description="UPL-URI (upnUri) van het product.")
    laag: Literal["generiek", "gemeentelijk"] | None = None
    gewijzigd_sinds: dt.datetime | None = Field(None, description="Alleen wat sindsdien is gewijzigd (datumWijziging).")
    fields: str | None = Field(None, description="Alleen deze velden van het record, komma-gescheiden.")


# --- composition ------------------------------------------------------------------------------------------


def _artikel(s, sleutel: ApiSleutel) -> dict:
    record = kennisartikel_record(s)
    if not sleutel.intern:
        zonder_intern("kennisartikel", record)
    herkomst = dict(s.antwoord.herkomst)
    if not sleutel.intern:
        herkomst.pop("desk_memo", None)
    return {
        "uuid": str(s.uuid),
        "gemeente": s.gemeente.slug,
        "laag": "generiek" if s.aanvulling is None else "gemeentelijk",
        "lokaal": s.is_lokaal,
        "fingerprint": s.antwoord.fingerprint if sleutel.intern else s.antwoord.publieke_fingerprint,
        "herkomst": herkomst,
        "record": record,
    }


def _past(s, f: ArtikelFilters) -> bool:
    """Filters on the composition itself, before any record is rendered."""
    velden = s.antwoord.velden
    if f.doelgroep and velden.get("doelgroep", "") not in (f.doelgroep, "eu-burger-bedrijf"):
        return False
    if f.levensgebeurtenis and f.levensgebeurtenis not in velden.get("levensgebeurtenissen", ()):
        return False
    if f.upl and velden.get("upn_uri", "") != f.upl:
        return False
    if f.laag and ("generiek" if s.aanvulling is None else "gemeentelijk") != f.laag:
        return False
    if f.gewijzigd_sinds:
        gewijzigd = datum_wijziging(s)
        sinds = f.gewijzigd_sinds if f.gewijzigd_sinds.tzinfo else f.gewijzigd_sinds.replace(tzinfo=dt.UTC)
        if gewijzigd is None or gewijzigd < sinds:
            return False
    return True


def _vac(vac, gemeente: Gemeente, sleutel: ApiSleutel) -> dict:
    record = vac_record(vac)
    if not sleutel.intern:
        zonder_intern("vac", record)
    return {
        "uuid": str(vac.uuid),
        "gemeente": gemeente.slug,
        "laag": "generiek" if vac.gemeente_id is None else "gemeentelijk",
        "record": record,
    }


# --- endpoints --------------------------------------------------------------------------------------------


@api.get("/gemeenten", response={200: list[GemeenteOut], **FOUTEN}, summary="Gemeenten die deze sleutel mag lezen")
def gemeenten(request):
    return json_antwoord(request, [_gemeente_json(g) for g in sorted(request.sleutel.gemeenten.all(), key=lambda g: g.slug)])


def _gemeente_json(g: Gemeente) -> dict:
    return {
        "slug": g.slug,
        "naam": g.naam,
        "code": g.code,
        "telefoon": g.telefoon,
        "email": g.email,
        "adres": g.adres,
        "openingstijden": markdown_naar_html(g.openingstijden),
    }


@api.get("/gemeenten/{slug}", response={200: GemeenteOut, 304: None, **FOUTEN}, summary="Eén gemeente met contactgegevens")
def gemeente(request, slug: str):
    return json_antwoord(request, _gemeente_json(gemeente_van(request, slug)))


@api.get("/levensgebeurtenissen", response={200: list[Keuze], **FOUTEN}, summary="Levensgebeurtenissen (filterwaarden)")
def levensgebeurtenissen(request):
    return json_antwoord(request, [{"code": c, "label": str(label)} for c, label in Levensgebeurtenis.choices])


@api.get(
    "/gemeenten/{slug}/kennisartikelen",
    response={200: KennisartikelPagina, 304: None, **FOUTEN},
    summary="Kennisartikelen zoals deze gemeente ze toont",
)
def kennisartikelen(request, slug: str, filters: Query[ArtikelFilters], cursor: str | None = None, limit: int = LIMIET):
    cat = catalogus(gemeente_van(request, slug), request.stand)
    items = [(u, s) for u, s in cat.artikelen().items() if _past(s, filters)]
    return pagina(request, items, cursor, limit, lambda s: _als_tekst(_artikel_uit, cat, s, request.sleutel, filters.fields), cat)


def _artikel_uit(cat: Catalogus, s, sleutel: ApiSleutel, fields: str | None) -> dict:
    """The key's view of a composed kennisartikel, rendered once per content version and view."""
    artikel = cat.record(("artikel", s.uuid, sleutel.intern), lambda: _artikel(s, sleutel))
    return {**artikel, "record": _velden(artikel["record"], fields)} if fields else artikel


def _als_tekst(uit, cat: Catalogus, bron, sleutel: ApiSleutel, fields: str | None) -> str:
    """The JSON text of ``uit(…)``; without ``fields``, serialised once per content version and view."""
    if fields:
        return als_json(uit(cat, bron, sleutel, fields))
    return cat.record((uit.__name__, "json", bron.uuid, sleutel.intern), lambda: als_json(uit(cat, bron, sleutel, None)))


@api.get(
    "/gemeenten/{slug}/kennisartikelen/{uuid}",
    response={200: KennisartikelOut, 304: None, **FOUTEN},
    summary="Eén kennisartikel zoals deze gemeente het toont",
)
def kennisartikel(request, slug: str, uuid: UUID, fields: str | None = None):
    cat = catalogus(gemeente_van(request, slug), request.stand)
    s = cat.artikelen().get(str(uuid))
    if s is None:
        raise Probleem(404, "Kennisartikel niet gevonden", f"Gemeente '{slug}' toont geen kennisartikel {uuid}.")
    return json_antwoord(request, _artikel_uit(cat, s, request.sleutel, fields))


@api.get(
    "/gemeenten/{slug}/vacs",
    response={200: VacPagina, 304: None, **FOUTEN},
    summary="Vraag-antwoordcombinaties van deze gemeente (eigen en niet-vervangen generieke, alleen actief)",
)
def vacs(request, slug: str, cursor: str | None = None, limit: int = LIMIET, fields: str | None = None):
    cat = catalogus(gemeente_van(request, slug), request.stand)
    return pagina(
        request, list(cat.vacs().items()), cursor, limit, lambda v: _als_tekst(_vac_uit, cat, v, request.sleutel, fields), cat
    )


def _vac_uit(cat: Catalogus, v, sleutel: ApiSleutel, fields: str | None) -> dict:
    item = cat.record(("vac", v.uuid, sleutel.intern), lambda: _vac(v, cat.gemeente, sleutel))
    return {**item, "record": _velden(item["record"], fields)} if fields else item


@api.get(
    "/gemeenten/{slug}/vacs/{uuid}",
    response={200: VacOut, 304: None, **FOUTEN},
    summary="Eén vraag-antwoordcombinatie zoals deze gemeente haar toont",
)
def vac(request, slug: str, uuid: UUID, fields: str | None = None):
    cat = catalogus(gemeente_van(request, slug), request.stand)
    v = cat.vacs().get(str(uuid))
    if v is None:
        raise Probleem(404, "VAC niet gevonden", f"Gemeente '{slug}' toont geen (actieve) VAC {uuid}.")
    return json_antwoord(request, _vac_uit(cat, v, request.sleutel, fields))


@api.get(
    "/sjablonen",
    response={200: list[SjabloonOut], 304: None, 403: ProbleemSchema, **FOUTEN},
    summary="Persoonlijke sjablonen voor dit kanaal (alleen sleutels met scope persoonlijk)",
)
def sjablonen(request):
    sleutel = request.sleutel
    if not sleutel.persoonlijk:
        raise Probleem(403, "Geen toegang", "Deze sleutel heeft geen scope 'persoonlijk'.")
    kanaal = "kcc" if sleutel.kanaal == "kennisbank" else sleutel.kanaal
    uit = [
        {"uuid": str(s.uuid), "record": omzetten.sjabloon_naar_json(s)}
        for s in PersoonlijkSjabloon.objects.filter(live=True).order_by("uuid")
        if kanaal in (s.kanalen or []) and sleutel.mag_niveau(s.vereist_betrouwbaarheidsniveau)
    ]
    return json_antwoord(request, uit)


# --- delta sync -------------------------------------------------------------------------------------------


class SyncItem(Schema):
    soort: Literal["kennisartikel", "vac"]
    uuid: UUID
    gemeente: str
    verwijderd: bool = Field(..., description="Niet (meer) zichtbaar voor deze sleutel: verwijder het bij u.")
    item: KennisartikelOut | VacOut | None = Field(None, description="Het item zoals nu samengesteld; leeg als verwijderd.")


class SyncPagina(Schema):
    results: list[SyncItem]
    next: str | None = Field(None, description="Er is nu meer: haal deze pagina direct op.")
    cursor: str = Field(..., description="Bewaar deze; vraag later met ?cursor= wat er sindsdien veranderde.")


def _sync_cursor(data: dict) -> str:
    return _cursor(data, salt="sync")


def _sync_lees(cursor: str, soort: str | None) -> dict:
    data = _cursor_lezen(cursor, salt="sync")
    if not (isinstance(data, dict) and isinstance(data.get("tot"), int) and isinstance(data.get("t"), int)):
        raise Probleem(400, "Ongeldige cursor", "Gebruik de cursor uit het vorige sync-antwoord.")
    if data.get("soort") != soort:
        raise Probleem(
            400,
            "Cursor hoort bij een ander filter",
            f"Deze cursor is gemaakt met soort={data.get('soort') or '(alles)'}; gebruik dezelfde soort, anders mist u "
            "wijzigingen. Houd per soort een eigen cursor bij.",
        )
    if data["t"] < dt.datetime.now(dt.UTC).timestamp() - settings.API_SYNC_DAGEN * 86400:
        raise Probleem(
            410,
            "Cursor verlopen",
            f"Het wijzigingslog gaat {settings.API_SYNC_DAGEN} dagen terug. Begin opnieuw met een sync zonder cursor.",
        )
    return data


def _sync_antwoord(request, items: list[dict], volgende: dict | None, bewaar: dict, soort: str | None) -> HttpResponse:
    """``cursor`` is what to keep: while there is more (``next``) it resumes right there, so a client that stops
    in the middle of a first sync and keeps the cursor goes on where it was, never past what it has not seen."""
    nu = int(dt.datetime.now(dt.UTC).timestamp())
    next_url = None
    bewaren = _sync_cursor(bewaar | {"t": nu, "soort": soort})
    if volgende is not None:
        bewaren = _sync_cursor(volgende | {"t": nu, "soort": soort})
        query = request.GET.copy()
        query["cursor"] = bewaren
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return json_antwoord(request, {"results": items, "next": next_url, "cursor": bewaren})


def _verwijderd(soort: str, uuid, gemeente: str) -> dict:
    return {"soort": soort, "uuid": str(uuid), "gemeente": gemeente, "verwijderd": True, "item": None}


def _aanwezig(soort: str, item: dict) -> dict:
    return {"soort": soort, "uuid": item["uuid"], "gemeente": item["gemeente"], "verwijderd": False, "item": item}


def _samengesteld(sleutel, gemeenten, artikel_uuids, vac_uuids, alles: set) -> dict[tuple, tuple[str, dict]]:
    """(gemeente pk, soort, uuid) → composed item, for the given uuids (and everything of gemeenten in ``alles``)."""
    uit: dict[tuple, tuple[str, dict]] = {}
    if artikel_uuids or alles:
        generiek = Kennisartikel.objects.filter(live=True) if alles else Kennisartikel.objects.filter(uuid__in=artikel_uuids)
        for s in samengesteld_bulk(gemeenten, generiek):
            if s.gemeente.pk in alles or s.uuid in artikel_uuids:
                artikel = _artikel(s, sleutel)
                uit[(s.gemeente.pk, "kennisartikel", s.uuid)] = ("kennisartikel", artikel)
    if vac_uuids or alles:
        per_slug = {g.slug: g for g in gemeenten}
        for slug, lijst in vacs_per_gemeente(gemeenten, None if alles else vac_uuids).items():
            g = per_slug[slug]
            for v in lijst:
                if g.pk in alles or v.uuid in vac_uuids:
                    uit[(g.pk, "vac", v.uuid)] = ("vac", _vac(v, g, sleutel))
    return uit


def _volledig(request, sleutel, data: dict, soort: str | None, limit: int) -> HttpResponse:
    """One page of the first sync: everything the key sees, gemeente by gemeente and soort by soort, composing only
    what this page holds. A page is filled across phases, so gemeenten or soorten without items cost no empty pages;
    a phase can still give fewer items than candidates (a generiek VAC the gemeente replaced is not shown)."""
    gemeenten = sorted(sleutel.gemeenten.all(), key=lambda g: g.slug)
    fasen = [f for f in ("kennisartikel", "vac") if soort in (None, f)]
    if not gemeenten:
        return _sync_antwoord(request, [], None, {"tot": data["tot"]}, soort)
    volgorde = [(g, f) for g in gemeenten for f in fasen]
    plek = data.get("plek") or [gemeenten[0].slug, fasen[0], ""]
    i = next((n for n, (g, f) in enumerate(volgorde) if (g.slug, f) == (plek[0], plek[1])), None)
    if i is None:
        raise Probleem(400, "Ongeldige cursor", "Gebruik de cursor uit het vorige sync-antwoord.")
    na, resultaten, volgende = plek[2], [], None
    while True:
        g, fase = volgorde[i]
        ruimte = limit - len(resultaten)
        kandidaten, items = _fase(sleutel, g, fase, na, ruimte)
        resultaten += [_aanwezig(s, item) for _, (s, item) in sorted(items.items(), key=lambda x: str(x[0][2]))]
        if len(kandidaten) == ruimte:  # maybe more in this phase: continue right after the last candidate
            volgende = {"tot": data["tot"], "plek": [g.slug, fase, kandidaten[-1]]}
            break
        i, na = i + 1, ""
        if i == len(volgorde):
            break  # everything listed: the client keeps the delta cursor
        if len(resultaten) >= limit:
            volgende = {"tot": data["tot"], "plek": [volgorde[i][0].slug, volgorde[i][1], ""]}
            break
    return _sync_antwoord(request, resultaten, volgende, {"tot": data["tot"]}, soort)


def _fase(sleutel, g: Gemeente, fase: str, na: str, limit: int) -> tuple[list[str], dict]:
    """Up to ``limit`` candidate uuids after ``na`` in one phase, and what of them the gemeente shows, composed."""
    from django.db.models import Q

    from contenthub.content.models import GemeentelijkeAanvulling, VraagAntwoord
    from contenthub.core.enums import VacStatus

    def na_plek(qs):
        return (qs.filter(uuid__gt=na) if na else qs).order_by("uuid").values_list("uuid", flat=True)[:limit]

    if fase == "kennisartikel":
        generiek = na_plek(Kennisartikel.objects.filter(live=True))
        lokaal = na_plek(GemeentelijkeAanvulling.objects.filter(gemeente=g, kennisartikel__isnull=True, live=True))
        kandidaten = sorted(str(u) for u in [*generiek, *lokaal])[:limit]
        return kandidaten, _samengesteld(sleutel, [g], {UUID(u) for u in kandidaten}, set(), set())
    actief = VraagAntwoord.objects.filter(Q(gemeente=g) | Q(gemeente__isnull=True), live=True, status=VacStatus.ACTIEF)
    kandidaten = [str(u) for u in na_plek(actief)]
    return kandidaten, _samengesteld(sleutel, [g], set(), {UUID(u) for u in kandidaten}, set())


@api.get(
    "/sync",
    response={200: SyncPagina, 304: None, 410: ProbleemSchema, **FOUTEN},
    summary="Delta-sync: alles (eerste keer) en daarna wat veranderde, verwijderingen inbegrepen",
)
def sync(
    request,
    cursor: str | None = None,
    soort: Literal["kennisartikel", "vac"] | None = None,
    limit: int = Query(500, ge=1, le=1000, description="Aantal items (eerste sync) of wijzigingen (daarna) per pagina."),
):
    """Without a cursor: everything this key sees, page by page (``next``), then a ``cursor``. With that cursor:
    what changed since, withdrawals and deletions included (``verwijderd``), whatever ``soort`` is asked. The
    cost follows the number of changes, not the size of the catalogue."""
    from django.db.models import Max, Q

    from contenthub.publicatie.models import Wijziging

    sleutel = request.sleutel
    if cursor is None:
        tot = Wijziging.objects.aggregate(m=Max("id"))["m"] or 0
        return _volledig(request, sleutel, {"tot": tot}, soort, limit)
    data = _sync_lees(cursor, soort)
    if "plek" in data:
        return _volledig(request, sleutel, data, soort, limit)
    gemeenten = list(sleutel.gemeenten.all())
    rijen = list(
        Wijziging.objects.filter(id__gt=data["tot"])
        .filter(Q(gemeente_uuid__in=[g.pk for g in gemeenten]) | Q(gemeente_uuid__isnull=True))
        .order_by("id")
        .values_list("id", "gemeente_uuid", "soort", "item_uuid")[:limit]
    )
    if not rijen:
        return _sync_antwoord(request, [], None, {"tot": data["tot"]}, soort)
    gevraagd: set[tuple] = set()
    alles: set = set()
    for _, gemeente, s, uuid in rijen:
        voor = [gemeente] if gemeente else [g.pk for g in gemeenten]
        if s == "gemeente":
            alles.add(gemeente)
        elif soort in (None, s):
            gevraagd |= {(g, s, uuid) for g in voor}
    artikelen = {u for _, s, u in gevraagd if s == "kennisartikel"}
    vac_uuids = {u for _, s, u in gevraagd if s == "vac"}
    nu = _samengesteld(sleutel, gemeenten, artikelen, vac_uuids, alles)
    slugs = {g.pk: g.slug for g in gemeenten}
    resultaten = []
    for sleutel_ in sorted(gevraagd | {k for k in nu if k[0] in alles}, key=lambda k: (slugs[k[0]], k[1], str(k[2]))):
        if soort not in (None, sleutel_[1]):
            continue
        gevonden = nu.get(sleutel_)
        g, s, uuid = sleutel_
        resultaten.append(_aanwezig(s, gevonden[1]) if gevonden else _verwijderd(s, uuid, slugs[g]))
    laatste = rijen[-1][0]
    volgende = {"tot": laatste} if len(rijen) == limit else None
    return _sync_antwoord(request, resultaten, volgende, {"tot": laatste}, soort)


# --- kennisbank search --------------------------------------------------------------------------------------


class TrefferOut(Schema):
    uuid: UUID
    soort: Literal["kennisartikel", "vac"]
    titel: str
    fragment: str = Field(..., description="Veilige HTML: het gevonden stuk tekst met <mark> om de zoekwoorden.")
    sectie: str = Field("", description="Sectie van het kennisartikel waar de treffer staat, bijv. kostenEnBetaalmethoden.")
    sectie_titel: str = ""
    gemeentelijk: bool = Field(..., description="Eigen inhoud van de gemeente (aanvulling, lokaal product of eigen VAC).")
    url: str = Field(..., description="Pagina op de website van de gemeente.")
    kort_antwoord: str = ""
    score: float
    zekerheid: float = Field(..., description="0–1: hoe zeker de zoekdienst is dat dit de vraag beantwoordt.")


class Facetwaarde(Schema):
    waarde: str
    aantal: int


class ZoekUitslag(Schema):
    results: list[TrefferOut]
    totaal: int
    facetten: dict[str, list[Facetwaarde]]
    uitbreidingen: list[str] = Field(..., description="Termen uit de thesaurus die de zoekvraag aanvulden.")
    zonder_antwoord: bool = Field(
        False,
        description="Waar als geen resultaat de woorden bevat en de zoekdienst van geen enkel resultaat zeker is "
        "(zekerheid onder CHATBOT_MIN_ZEKERHEID): de resultaten liggen dan alleen in betekenis het dichtst bij.",
    )


class ZoekFilters(Schema):
    q: str = Field(..., min_length=1, max_length=300, description="Wat de medewerker typt (de woorden van de inwoner).")
    gemeente: str = Field(..., description="Slug van de gemeente van de medewerker.")
    soort: Literal["kennisartikel", "vac"] | None = None
    levensgebeurtenis: str | None = None
    doelgroep: str | None = None
    afdeling: str | None = None
    limit: int = Field(10, ge=1, le=50)


def _kennisbank_sleutel(request) -> None:
    if request.sleutel.kanaal != "kennisbank":
        raise Probleem(403, "Geen toegang", "Zoeken in de kennisbank kan alleen met een sleutel van het kanaal 'kennisbank'.")


@api.get(
    "/kennisbank/zoeken",
    response={200: ZoekUitslag, 304: None, 403: ProbleemSchema, 503: ProbleemSchema, **FOUTEN},
    summary="Zoeken in de KCC-kennisbank van een gemeente (sleutels van het kanaal kennisbank)",
)
def kennisbank_zoeken(request, filters: Query[ZoekFilters]):
    """Ranked results for the agent's gemeente: its own content first, then generiek, never another gemeente's.
    Interne velden (deskMemo, toelichting) tellen en verschijnen alleen voor sleutels met scope *intern*."""
    from contenthub.kennisbank.zoeken import ZoekerOnbereikbaar, Zoekvraag, zoek

    _kennisbank_sleutel(request)
    gemeente = gemeente_van(request, filters.gemeente)
    vraag = Zoekvraag(
        tekst=filters.q,
        gemeente=gemeente.slug,
        intern=request.sleutel.intern,
        soort=filters.soort,
        levensgebeurtenis=filters.levensgebeurtenis,
        doelgroep=filters.doelgroep,
        afdeling=filters.afdeling,
        limiet=filters.limit,
        facetten=True,
    )
    try:
        uitslag = zoek(vraag)
    except ZoekerOnbereikbaar as exc:
        raise Probleem(503, "Kennisbank niet bereikbaar", str(exc), headers={"Retry-After": "5"}) from exc
    return json_antwoord(
        request,
        {
            "results": [t.__dict__ for t in uitslag.treffers],
            "totaal": uitslag.totaal,
            "facetten": {n: [{"waarde": w, "aantal": a} for w, a in f] for n, f in uitslag.facetten.items()},
            "uitbreidingen": uitslag.uitbreidingen,
            "zonder_antwoord": uitslag.zonder_antwoord,
        },
    )


@api.get(
    "/kennisbank/suggesties",
    response={200: list[str], 304: None, 403: ProbleemSchema, 503: ProbleemSchema, **FOUTEN},
    summary="Aanvullen terwijl de medewerker typt: titels die zo beginnen",
)
def kennisbank_suggesties(request, q: str = Query(..., min_length=1, max_length=100), gemeente: str = Query(...)):
    from contenthub.kennisbank.zoeken import ZoekerOnbereikbaar, zoeker

    _kennisbank_sleutel(request)
    slug = gemeente_van(request, gemeente).slug
    try:
        return json_antwoord(request, zoeker().suggesties(q, slug))
    except ZoekerOnbereikbaar as exc:
        raise Probleem(503, "Kennisbank niet bereikbaar", str(exc), headers={"Retry-After": "5"}) from exc


# --- chatbot answer ------------------------------------------------------------------------------------------


class ChatbotVraag(Schema):
    vraag: str = Field(..., min_length=1, max_length=500, description="De vraag van de inwoner, zoals getypt.")
    gemeente: str = Field(..., description="Slug van de gemeente van het gesprek.")
    getoond: list[UUID] = Field(default_factory=list, max_length=50, description="Antwoorden die al getoond zijn (uuid's).")


class ChatbotAntwoordItem(Schema):
    soort: Literal["kennisartikel", "vac"]
    uuid: UUID
    titel: str
    tekst: str = Field(..., description="Het antwoord zoals de chatbot het ook uit zijn bundel geeft, met de link.")
    url: str


class Contact(Schema):
    naam: str
    telefoon: str
    email: str


class Overdracht(Schema):
    reden: str
    tekst: str = Field(..., description="Wat de bot zegt bij de overdracht: het aangewezen kanaal en het KCC.")
    aangewezen_kanaal: str = ""
    contact: Contact
    vraag: str
    getoond: list[UUID]


class ChatbotAntwoord(Schema):
    antwoord: ChatbotAntwoordItem | None
    zekerheid: float
    overdracht: Overdracht | None = Field(None, description="Gevuld als de bot moet overdragen aan een medewerker.")
    alternatieven: list[ChatbotAntwoordItem]


@api.post(
    "/chatbot/antwoord",
    response={200: ChatbotAntwoord, 403: ProbleemSchema, 413: ProbleemSchema, 503: ProbleemSchema, **FOUTEN},
    summary="Het beste antwoord op een vraag aan de chatbot, of een overdracht (sleutels van het kanaal chatbot)",
)
def chatbot_antwoord(request, vraag: ChatbotVraag):
    """The same search service as the kennisbank (public fields only: an agent's search also weighs the intern
    fields, so where those decide, the agent can see another first answer). The answer text is the one the chatbot
    bundle carries for that item (one composition through the bulk resolver). Answers already shown (``getoond``)
    are skipped, so the next best comes. Below CHATBOT_MIN_ZEKERHEID, or when nothing is left, a hand-off naming
    the KCC contact and, when the best candidate is at least half that sure, its product's aangewezen kanaal;
    carrying the question and the answers already shown. Never intern fields."""
    from contenthub.kennisbank.zoeken import ZoekerOnbereikbaar, Zoekvraag, zoek
    from contenthub.publicatie.samenstellen import gemeente_gegevens, items_van
    from publishers.chatbot import contactwegen, fragment

    if request.sleutel.kanaal != "chatbot":
        raise Probleem(403, "Geen toegang", "Dit antwoord kan alleen met een sleutel van het kanaal 'chatbot'.")
    gemeente = gemeente_van(request, vraag.gemeente)
    try:
        # enough to still have three once the ones already shown are left out
        limiet = 3 + len(vraag.getoond)
        treffers = zoek(Zoekvraag(tekst=vraag.vraag, gemeente=gemeente.slug, intern=False, limiet=limiet)).treffers
    except ZoekerOnbereikbaar as exc:
        raise Probleem(503, "Kennisbank niet bereikbaar", str(exc), headers={"Retry-After": "5"}) from exc
    getoond = {str(u) for u in vraag.getoond}
    treffers = [t for t in treffers if t.uuid not in getoond][:3]
    items = items_van(gemeente, [(t.soort, t.uuid) for t in treffers])
    fragmenten = [(t, fragment(items[(t.soort, t.uuid)])) for t in treffers if (t.soort, t.uuid) in items]

    def als_antwoord(f: dict) -> dict:
        naam = f"utter_{f['intent']}"
        return {
            "soort": f["soort"],
            "uuid": f["uuid"],
            "titel": f["titel"],
            "tekst": f["antwoorden"][naam][0]["text"],
            "url": f["url"],
        }

    zeker = fragmenten[0][0].zekerheid if fragmenten else 0.0
    antwoord = als_antwoord(fragmenten[0][1]) if fragmenten else None
    overdracht = None
    if not fragmenten or zeker < settings.CHATBOT_MIN_ZEKERHEID:
        gegevens = gemeente_gegevens(gemeente)
        # The best candidate's own hand-off text names its product's aangewezen kanaal: only when it is at least
        # half as sure as an answer needs; for "qqqq" the nearest item's channel would send the citizen astray.
        eerste = fragmenten[0][1] if fragmenten and zeker >= settings.CHATBOT_MIN_ZEKERHEID / 2 else None
        reden = "Het beste antwoord is niet zeker genoeg." if eerste else "Geen passend antwoord gevonden."
        if eerste is None:  # not even a "bedoelt u misschien": the nearest items to nonsense mean nothing
            antwoord, fragmenten = None, []
        tekst = (
            eerste["antwoorden"][f"utter_{eerste['intent']}_overdracht"][0]["text"]
            if eerste
            else f"Ik verbind u door met een medewerker van {gegevens.naam}. "
            + (contactwegen(gegevens) or f"Neem contact op met {gegevens.naam}.")
        )
        overdracht = {
            "reden": reden,
            "tekst": tekst,
            "aangewezen_kanaal": _aangewezen_kanaal(items.get((fragmenten[0][0].soort, fragmenten[0][0].uuid))) if eerste else "",
            "contact": {"naam": gegevens.naam, "telefoon": gegevens.telefoon, "email": gegevens.email},
            "vraag": vraag.vraag,
            "getoond": [str(u) for u in vraag.getoond],
        }
    return json_antwoord(
        request,
        {
            "antwoord": antwoord,
            "zekerheid": zeker,
            "overdracht": overdracht,
            "alternatieven": [als_antwoord(f) for _, f in fragmenten[1:]],
        },
    )


def _aangewezen_kanaal(item) -> str:
    """A product names the channel to apply through; a VAC has none of its own."""
    from publishers.payload import Product

    return item.aangewezen_kanaal if isinstance(item, Product) else ""
