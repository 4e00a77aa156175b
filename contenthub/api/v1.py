"""Delivery API v1 (``/api/v1``): composed content per gemeente for channel consumers, read-only.

Every composed read goes through the bulk resolver (``samengesteld_bulk`` / ``vacs_per_gemeente``), so a list
page costs a constant number of queries whatever its size. Records are the published exchange shapes (a
kennisartikel validates against the PDC-kennisartikel objecttype, a VAC against the VAC objecttype), wrapped in
an envelope with the hub's own facts (laag, per-field herkomst, fingerprint). What a key may see decides the
body, and the body decides the ``ETag``: the *intern* and the public view of one item differ.

Errors are problem details (RFC 9457, ``application/problem+json``) with Dutch wording.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from typing import Any, Literal
from uuid import UUID

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from contenthub.api.models import ApiSleutel
from contenthub.api.sleutels import controleer
from contenthub.content.models import Kennisartikel, PersoonlijkSjabloon
from contenthub.content.resolver import samengesteld_bulk, vacs_per_gemeente
from contenthub.core.enums import Levensgebeurtenis
from contenthub.core.markdown import markdown_naar_html
from contenthub.core.models import Gemeente
from contenthub.uitwisseling import omzetten
from contenthub.uitwisseling.exporteren import kennisartikel_record, vac_record

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
        sleutel = controleer(token)
        if sleutel is not None:
            beperk(sleutel)
            request.sleutel = sleutel
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


api = NinjaAPI(
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


@api.exception_handler(NinjaValidationError)
def _ongeldig(request, exc: NinjaValidationError):
    fouten = [
        {"veld": ".".join(str(d) for d in fout.get("loc", ()) if d not in ("query", "path")), "melding": fout.get("msg", "")}
        for fout in exc.errors
    ]
    namen = ", ".join(f["veld"] for f in fouten) or "verzoek"
    return probleem_antwoord(request, 400, "Ongeldige invoer", f"Controleer: {namen}.", fouten=fouten)


@api.exception_handler(HttpError)
def _http(request, exc: HttpError):
    return probleem_antwoord(request, exc.status_code, str(exc) or "Fout")


# --- bodies, ETag and cursors ----------------------------------------------------------------------------


def json_antwoord(request: HttpRequest, data: Any) -> HttpResponse:
    """JSON with the ETag of exactly this body (what this key may see); 304 when the client has it already."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True, default=str).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:40] + '"'
    kop = {"ETag": etag, "Cache-Control": "private, no-cache", "Vary": "Authorization"}
    if etag in [e.strip() for e in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/json")
    for naam, waarde in kop.items():
        response[naam] = waarde
    return response


def _cursor_lezen(cursor: str | None) -> str:
    if not cursor:
        return ""
    try:
        return base64.b64decode(cursor.encode() + b"=" * (-len(cursor) % 4), altchars=b"-_", validate=True).decode()
    except (ValueError, UnicodeDecodeError):
        raise Probleem(400, "Ongeldige cursor", "Gebruik de cursor uit 'next' van de vorige pagina.") from None


def _cursor(waarde: str) -> str:
    return base64.urlsafe_b64encode(waarde.encode()).decode().rstrip("=")


def pagina(request: HttpRequest, items: list[tuple[str, dict]], cursor: str | None, limit: int) -> HttpResponse:
    """Cursor pagination over items sorted by key, at most ``limit`` items and about API_PAGINA_MAX_BYTES bytes."""
    na = _cursor_lezen(cursor)
    items = sorted((i for i in items if i[0] > na), key=lambda i: i[0])
    resultaten, grootte = [], 0
    for sleutel, item in items[:limit]:
        grootte += len(json.dumps(item, ensure_ascii=False, default=str))
        if resultaten and grootte > settings.API_PAGINA_MAX_BYTES:
            break
        resultaten.append((sleutel, item))
    volgende = None
    if len(resultaten) < len(items):
        query = request.GET.copy()
        query["cursor"] = _cursor(resultaten[-1][0])
        volgende = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return json_antwoord(request, {"results": [i for _, i in resultaten], "next": volgende})


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
    velden = s.antwoord.velden
    if not sleutel.intern:
        for vertaling in record.get("vertalingen", []):
            vertaling.pop("deskMemo", None)
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
        "_filter": {
            "doelgroep": velden.get("doelgroep", ""),
            "levensgebeurtenissen": list(velden.get("levensgebeurtenissen", [])),
            "upl": velden.get("upn_uri", ""),
        },
    }


def _past(artikel: dict, f: ArtikelFilters) -> bool:
    kenmerken = artikel["_filter"]
    if f.doelgroep and kenmerken["doelgroep"] not in (f.doelgroep, "eu-burger-bedrijf"):
        return False
    if f.levensgebeurtenis and f.levensgebeurtenis not in kenmerken["levensgebeurtenissen"]:
        return False
    if f.upl and kenmerken["upl"] != f.upl:
        return False
    if f.laag and artikel["laag"] != f.laag:
        return False
    if f.gewijzigd_sinds:
        gewijzigd = artikel["record"]["vertalingen"][0].get("datumWijziging")
        sinds = f.gewijzigd_sinds if f.gewijzigd_sinds.tzinfo else f.gewijzigd_sinds.replace(tzinfo=dt.UTC)
        if not gewijzigd or dt.datetime.fromisoformat(gewijzigd.replace("Z", "+00:00")) < sinds:
            return False
    return True


def _vac(vac, gemeente: Gemeente, sleutel: ApiSleutel) -> dict:
    record = vac_record(vac)
    if not sleutel.intern:
        record.pop("toelichting", None)
    return {
        "uuid": str(vac.uuid),
        "gemeente": gemeente.slug,
        "laag": "generiek" if vac.gemeente_id is None else "gemeentelijk",
        "record": record,
    }


# --- endpoints --------------------------------------------------------------------------------------------


@api.get("/gemeenten", response={200: list[GemeenteOut], **FOUTEN}, summary="Gemeenten die deze sleutel mag lezen")
def gemeenten(request):
    return json_antwoord(
        request,
        [
            {
                "slug": g.slug,
                "naam": g.naam,
                "code": g.code,
                "telefoon": g.telefoon,
                "email": g.email,
                "adres": g.adres,
                "openingstijden": markdown_naar_html(g.openingstijden),
            }
            for g in sorted(request.sleutel.gemeenten.all(), key=lambda g: g.slug)
        ],
    )


@api.get("/levensgebeurtenissen", response={200: list[Keuze], **FOUTEN}, summary="Levensgebeurtenissen (filterwaarden)")
def levensgebeurtenissen(request):
    return json_antwoord(request, [{"code": c, "label": str(label)} for c, label in Levensgebeurtenis.choices])


@api.get(
    "/gemeenten/{slug}/kennisartikelen",
    response={200: KennisartikelPagina, 304: None, **FOUTEN},
    summary="Kennisartikelen zoals deze gemeente ze toont",
)
def kennisartikelen(request, slug: str, filters: Query[ArtikelFilters], cursor: str | None = None, limit: int = LIMIET):
    gemeente = gemeente_van(request, slug)
    items = []
    for s in samengesteld_bulk([gemeente]):
        artikel = _artikel(s, request.sleutel)
        if _past(artikel, filters):
            del artikel["_filter"]
            artikel["record"] = _velden(artikel["record"], filters.fields)
            items.append((artikel["uuid"], artikel))
    return pagina(request, items, cursor, limit)


@api.get(
    "/gemeenten/{slug}/kennisartikelen/{uuid}",
    response={200: KennisartikelOut, 304: None, **FOUTEN},
    summary="Eén kennisartikel zoals deze gemeente het toont",
)
def kennisartikel(request, slug: str, uuid: UUID, fields: str | None = None):
    gemeente = gemeente_van(request, slug)
    generiek = Kennisartikel.objects.filter(uuid=uuid, live=True)
    for s in samengesteld_bulk([gemeente], generiek):
        if s.uuid == uuid:
            artikel = _artikel(s, request.sleutel)
            del artikel["_filter"]
            artikel["record"] = _velden(artikel["record"], fields)
            return json_antwoord(request, artikel)
    raise Probleem(404, "Kennisartikel niet gevonden", f"Gemeente '{slug}' toont geen kennisartikel {uuid}.")


@api.get(
    "/gemeenten/{slug}/vacs",
    response={200: VacPagina, 304: None, **FOUTEN},
    summary="Vraag-antwoordcombinaties van deze gemeente (eigen en niet-vervangen generieke, alleen actief)",
)
def vacs(request, slug: str, cursor: str | None = None, limit: int = LIMIET, fields: str | None = None):
    gemeente = gemeente_van(request, slug)
    items = []
    for vac in vacs_per_gemeente([gemeente])[gemeente.slug]:
        item = _vac(vac, gemeente, request.sleutel)
        item["record"] = _velden(item["record"], fields)
        items.append((item["uuid"], item))
    return pagina(request, items, cursor, limit)


@api.get(
    "/gemeenten/{slug}/vacs/{uuid}",
    response={200: VacOut, 304: None, **FOUTEN},
    summary="Eén vraag-antwoordcombinatie zoals deze gemeente haar toont",
)
def vac(request, slug: str, uuid: UUID, fields: str | None = None):
    gemeente = gemeente_van(request, slug)
    for v in vacs_per_gemeente([gemeente], [uuid])[gemeente.slug]:
        if v.uuid == uuid:
            item = _vac(v, gemeente, request.sleutel)
            item["record"] = _velden(item["record"], fields)
            return json_antwoord(request, item)
    raise Probleem(404, "VAC niet gevonden", f"Gemeente '{slug}' toont geen (actieve) VAC {uuid}.")


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
