"""Read-only Objecten API (2.7) feed: the hub as the kennisbank source that KISS reads unchanged.

``GET /objecten/api/v2/objects?type=<objecttype url>&page=&pageSize=`` and ``/objects/{uuid}`` in the shapes the
Objects API spec gives (``{count, next, previous, results}``; each object ``{url, uuid, type, record}``), with
``record.data`` exactly as ``export_corpus --objecten`` writes it: composed for the key's gemeente(n) through the
bulk resolver, HTML texts, only actief VACs, and ``deskMemo``/``toelichting`` only for keys with *intern*. A
withdrawn item is simply no longer composed, so it disappears from the feed at once. A gemeente points KISS's
``OBJECTEN_BASE_URL`` at ``https://<hub>/objecten`` with a key as ``Authorization: Token <key>``.
"""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from contenthub.api.catalogus import catalogi
from contenthub.api.models import ApiSleutel
from contenthub.api.sleutels import aanmelden
from contenthub.uitwisseling.exporteren import kennisartikel_record, objecten_object, startdatum, vac_record, zonder_intern

STANDAARD_PAGINA, MAX_PAGINA = 100, 500  # as the Objects API: default 100, maximum 500


def _fout(status: int, detail: str, **kop) -> JsonResponse:
    """Errors as the Objects API (Django REST framework) gives them: ``{"detail": …}``."""
    response = JsonResponse({"detail": detail}, status=status)
    for naam, waarde in kop.items():
        response[naam] = waarde
    return response


def _sleutel(request: HttpRequest) -> ApiSleutel | JsonResponse:
    from contenthub.api.v1 import Probleem, beperk

    soort, _, geheim = request.headers.get("Authorization", "").partition(" ")
    sleutel, stand = aanmelden(geheim.strip()) if soort in ("Token", "Bearer") else (None, None)
    if sleutel is None:
        return _fout(401, "Ongeldige of ontbrekende sleutel: gebruik 'Authorization: Token <sleutel>'.")
    request.stand = stand
    try:
        beperk(sleutel)
    except Probleem as exc:
        return _fout(429, exc.detail, **exc.headers)
    return sleutel


def _objecten(request: HttpRequest, sleutel: ApiSleutel, type_url: str | None) -> list[dict]:
    """Every object the key sees, from the per-process catalogues (records rendered once per content version)."""
    gemeenten = sorted(sleutel.gemeenten.all(), key=lambda g: g.slug)
    uit: list[dict] = []
    vandaag = timezone.localdate().isoformat()
    soorten = {"artikelen": type_url in (None, settings.OBJECTTYPE_KENNISARTIKEL_URL)}
    soorten["vacs"] = type_url in (None, settings.OBJECTTYPE_VAC_URL)
    for cat in catalogi(gemeenten, stand=request.stand, **soorten).values():
        if soorten["artikelen"]:
            for s in cat.artikelen().values():
                maak = partial(_kennisartikel_object, s, sleutel.intern, vandaag)
                uit.append(cat.record(("objecten", "kennisartikel", s.uuid, sleutel.intern, vandaag), maak))
        if soorten["vacs"]:
            for v in cat.vacs().values():
                maak = partial(_vac_object, cat.gemeente, v, sleutel.intern, vandaag)
                uit.append(cat.record(("objecten", "vac", v.uuid, sleutel.intern, vandaag), maak))
    uit = [{**obj, "url": request.build_absolute_uri(f"/objecten/api/v2/objects/{obj['uuid']}")} for obj in uit]
    uit.sort(key=lambda o: o["uuid"])
    return uit


def _kennisartikel_object(s, intern: bool, vandaag: str) -> dict:
    data = kennisartikel_record(s)
    if not intern:
        zonder_intern("kennisartikel", data)
    return _met_registratie(objecten_object(s.gemeente, "kennisartikel", data, startdatum(data)), vandaag)


def _vac_object(gemeente, vac, intern: bool, vandaag: str) -> dict:
    data = vac_record(vac)
    if not intern:
        zonder_intern("vac", data)
    start = vac.first_published_at.date() if vac.first_published_at else None
    return _met_registratie(objecten_object(gemeente, "vac", data, start), vandaag)


def _met_registratie(obj: dict, vandaag: str) -> dict:
    obj["record"] |= {
        "index": 1,
        "geometry": None,
        "endAt": None,
        "registrationAt": obj["record"].get("startAt") or vandaag,
        "correctionFor": None,  # never corrected: correctedBy (not nullable in the spec) is left out
    }
    return obj


def _geheel(waarde: str | None, standaard: int, naam: str) -> int | JsonResponse:
    if waarde in (None, ""):
        return standaard
    try:
        getal = int(waarde)
    except ValueError:
        return _fout(400, f"'{naam}' moet een geheel getal zijn.")
    return getal if getal >= 1 else _fout(400, f"'{naam}' moet 1 of groter zijn.")


@require_GET
def objecten(request: HttpRequest):
    sleutel = _sleutel(request)
    if isinstance(sleutel, JsonResponse):
        return sleutel
    pagina = _geheel(request.GET.get("page"), 1, "page")
    grootte = _geheel(request.GET.get("pageSize"), STANDAARD_PAGINA, "pageSize")
    for waarde in (pagina, grootte):
        if isinstance(waarde, JsonResponse):
            return waarde
    grootte = min(grootte, MAX_PAGINA)
    alles = _objecten(request, sleutel, request.GET.get("type") or None)
    begin = (pagina - 1) * grootte
    if begin and begin >= len(alles):
        return _fout(404, "Ongeldige pagina.")

    def adres(nummer: int) -> str:
        query = request.GET.copy()
        query["page"] = str(nummer)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return JsonResponse(
        {
            "count": len(alles),
            "next": adres(pagina + 1) if begin + grootte < len(alles) else None,
            "previous": adres(pagina - 1) if pagina > 1 else None,
            "results": alles[begin : begin + grootte],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def object_(request: HttpRequest, uuid):
    sleutel = _sleutel(request)
    if isinstance(sleutel, JsonResponse):
        return sleutel
    for obj in _objecten(request, sleutel, None):
        if obj["uuid"] == str(uuid):
            return JsonResponse(obj, json_dumps_params={"ensure_ascii": False})
    return _fout(404, "Niet gevonden.")
