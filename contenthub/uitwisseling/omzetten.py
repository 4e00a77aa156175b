"""Model instances ↔ exchange records.

``*_naar_json`` renders what an item holds as its exchange record; ``vul_*`` fills a (possibly unsaved)
model instance from a validated shape. The importer compares the record of the stored item with the
record of an instance filled from the file, so "unchanged" means: the export would not change.

Fields of the published schemas that the hub does not edit (``url``, ``publicatieDatum``,
``verantwoordelijkeOrganisatie``, ``afdelingId``, other translations, unknown extras) are kept in
``bronvelden`` and merged back under the hub's own fields by :func:`samenvoegen`.
"""

from __future__ import annotations

import datetime
import re
from typing import Any
from uuid import UUID

from django.conf import settings

from contenthub.content.models import (
    GemeentelijkeAanvulling,
    Kennisartikel,
    Locatie,
    PersoonlijkSjabloon,
    SectieAanpassing,
    VraagAntwoord,
)
from contenthub.content.secties import SECTIES
from contenthub.core.models import Gemeente
from contenthub.uitwisseling.vormen import (
    OVERLAY_SECTIES,
    GemeenteVorm,
    KennisartikelVorm,
    OverlayVorm,
    SjabloonVorm,
    VacVorm,
)

JSON_NAAR_VELD = {s.json: s.veld for s in SECTIES}
VELD_NAAR_JSON = {s.veld: s.json for s in SECTIES}

# Removes a key from the merged record (the hub leaves an optional field out).
WEGLATEN: Any = object()

# How items of a list are matched between the source record and the hub's record.
LIJST_IDENTITEIT = {
    "afdelingen": ("afdelingNaam", "afdelingnaam"),
    "trefwoorden": ("trefwoord",),
    "gerelateerdeVACs": ("VAC",),
    "gerelateerdeProducten": ("product",),
    "vertalingen": ("taal",),
}

# Keys the hub owns; they are not kept in bronvelden (the hub's value always wins).
KENNISARTIKEL_EIGEN = frozenset(
    {
        "uuid",
        "upnUri",
        "upnLabel",
        "doelgroep",
        "levensgebeurtenissen",
        "eigenaar",
        "herzieningsdatum",
        "gepubliceerd",
        "spoed",
        "delen",
    }
)
VERTALING_EIGEN = frozenset({"titel", *VELD_NAAR_JSON.values(), "deskMemo", "datumWijziging"})
VAC_EIGEN = frozenset(
    {
        "uuid",
        "vraag",
        "alternatieveVragen",
        "antwoord",
        "kortAntwoord",
        "status",
        "doelgroep",
        "toelichting",
        "gemeente",
        "vervangt",
        "eigenaar",
        "herzieningsdatum",
        "gepubliceerd",
        "spoed",
        "delen",
    }
)
_UUID_AAN_EINDE = re.compile(r"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/?$")


# --- merging ---------------------------------------------------------------------------------------


def _identiteit(item: Any, sleutels: tuple[str, ...]) -> Any:
    if isinstance(item, dict):
        return next((item[s] for s in sleutels if s in item), None)
    return None


def _lijsten(naam: str, basis: list, eigen: list) -> list:
    sleutels = LIJST_IDENTITEIT[naam]
    bron: dict[Any, dict] = {}
    for item in basis:
        if isinstance(item, dict):
            bron.setdefault(_identiteit(item, sleutels), item)

    def een(item):
        gevonden = bron.get(_identiteit(item, sleutels))
        return samenvoegen(gevonden, item) if isinstance(gevonden, dict) and isinstance(item, dict) else item

    if naam != "vertalingen":  # the hub's list decides which items exist (an editor may remove one)
        return [een(item) for item in eigen]
    # Translations the hub does not edit are kept where they were.
    eigen_per_taal = {_identiteit(i, sleutels): i for i in eigen}
    uit = [een(eigen_per_taal.pop(_identiteit(i, sleutels))) if _identiteit(i, sleutels) in eigen_per_taal else i for i in basis]
    return uit + [een(i) for i in eigen_per_taal.values()]


def samenvoegen(basis: dict, eigen: dict) -> dict:
    """``basis`` with ``eigen`` laid over it: nested objects merge, identified list items merge, the rest is replaced."""
    uit = dict(basis)
    for sleutel, waarde in eigen.items():
        if waarde is WEGLATEN:
            uit.pop(sleutel, None)
            continue
        oud = uit.get(sleutel)
        if isinstance(waarde, dict) and isinstance(oud, dict):
            uit[sleutel] = samenvoegen(oud, waarde)
        elif isinstance(waarde, list) and isinstance(oud, list) and sleutel in LIJST_IDENTITEIT:
            uit[sleutel] = _lijsten(sleutel, oud, waarde)
        else:
            uit[sleutel] = waarde
    return uit


def geordend(data: dict, volgorde: list[str]) -> dict:
    return {**{k: data[k] for k in volgorde if k in data}, **{k: v for k, v in data.items() if k not in volgorde}}


# --- small helpers -----------------------------------------------------------------------------------


def publieke_url(pad: str) -> str:
    return settings.PUBLIEKE_URL.rstrip("/") + "/" + pad.lstrip("/")


def vac_url(uuid: Any) -> str:
    return publieke_url(f"api/v1/vacs/{uuid}")


def datum(waarde: datetime.date | None) -> str | None:
    return waarde.isoformat() if waarde else None


def datumtijd(waarde: datetime.datetime | None) -> str | None:
    """UTC with a Z, the spelling the published records use (and pydantic's)."""
    if waarde is None:
        return None
    utc = waarde.astimezone(datetime.UTC) if waarde.tzinfo else waarde.replace(tzinfo=datetime.UTC)
    tekst = utc.isoformat()
    return tekst.removesuffix("+00:00") + "Z"


def _metadata(obj) -> dict[str, Any]:
    return {
        "eigenaar": obj.eigenaar or WEGLATEN,
        "herzieningsdatum": datum(obj.herzieningsdatum) or WEGLATEN,
        # Only when set, so exports of items without them stay as they were.
        "spoed": True if getattr(obj, "spoed", False) else WEGLATEN,
        "delen": True if getattr(obj, "delen", False) else WEGLATEN,
    }


def landelijke_organisatie() -> dict[str, Any]:
    return {
        "url": publieke_url("api/v1/organisaties/landelijke-redactie"),
        "owmsIdentifier": settings.LANDELIJKE_ORGANISATIE_OWMS,
        "owmsPrefLabel": settings.LANDELIJKE_ORGANISATIE_NAAM,
        "owmsEndDate": "9999-12-31T00:00:00Z",
    }


def gemeente_organisatie(gemeente: Gemeente) -> dict[str, Any]:
    """verantwoordelijkeOrganisatie for a gemeente; OWMS has no end date for a living gemeente, the schema wants one."""
    return {
        "url": publieke_url(f"api/v1/gemeenten/{gemeente.slug}"),
        "owmsIdentifier": gemeente.owms,
        "owmsPrefLabel": gemeente.naam.removeprefix("Gemeente ").strip(),
        "owmsEndDate": "9999-12-31T00:00:00Z",
    }


def bron_kennisartikel(ruw: dict) -> dict:
    """What of a source record the hub keeps beside its own fields (see module docstring)."""
    bron = {k: v for k, v in ruw.items() if k not in KENNISARTIKEL_EIGEN}
    vertalingen = []
    for vertaling in ruw.get("vertalingen") or []:
        if isinstance(vertaling, dict) and vertaling.get("taal") == "nl":
            vertaling = {k: v for k, v in vertaling.items() if k not in VERTALING_EIGEN}
        vertalingen.append(vertaling)
    bron["vertalingen"] = vertalingen
    return bron


def bron_vac(ruw: dict) -> dict:
    return {k: v for k, v in ruw.items() if k not in VAC_EIGEN}


# --- kennisartikel -------------------------------------------------------------------------------


def nl_vertaling(k: Kennisartikel) -> dict[str, Any]:
    vertaling: dict[str, Any] = {"taal": "nl", "titel": k.titel}
    vertaling.update({s.json: getattr(k, s.veld) for s in SECTIES})
    vertaling.update(
        deskMemo=k.desk_memo,
        trefwoorden=[{"trefwoord": t} for t in k.trefwoorden],
        datumWijziging=datumtijd(k.datum_wijziging or k.last_published_at or k.aangemaakt_op),
    )
    return vertaling


KENNISARTIKEL_VOLGORDE = [
    "url",
    "uuid",
    "upnUri",
    "upnLabel",
    "publicatieDatum",
    "productAanwezig",
    "productValtOnder",
    "verantwoordelijkeOrganisatie",
    "locaties",
    "doelgroep",
    "afdelingen",
    "levensgebeurtenissen",
    "vertalingen",
    "beschikbareTalen",
]


def kennisartikel_naar_json(k: Kennisartikel) -> dict[str, Any]:
    standaard = {
        "url": publieke_url(f"api/v1/kennisartikelen/{k.uuid}"),
        "publicatieDatum": datum(k.first_published_at.date()) if k.first_published_at else None,
        "productAanwezig": True,
        "productValtOnder": None,
        "verantwoordelijkeOrganisatie": landelijke_organisatie(),
        "locaties": None,
        "afdelingen": [],
        "beschikbareTalen": ["nl"],
    }
    eigen = {
        "uuid": str(k.uuid),
        "upnUri": k.upn_uri,
        "upnLabel": k.upn_label,
        "doelgroep": k.doelgroep,
        "levensgebeurtenissen": list(k.levensgebeurtenissen),
        "vertalingen": [nl_vertaling(k)],
        **_metadata(k),
    }
    data = samenvoegen(samenvoegen(standaard, k.bronvelden or {}), eigen)
    return geordend(data, KENNISARTIKEL_VOLGORDE)


def vul_kennisartikel(k: Kennisartikel, v: KennisartikelVorm, ruw: dict) -> None:
    vertaling = v.nl
    k.upn_uri, k.upn_label, k.doelgroep = v.upnUri, v.upnLabel, v.doelgroep
    k.levensgebeurtenissen = list(v.levensgebeurtenissen)
    k.taal, k.titel = "nl", vertaling.titel
    for s in SECTIES:
        setattr(k, s.veld, getattr(vertaling, s.json))
    k.desk_memo = vertaling.deskMemo
    k.trefwoorden = [t.trefwoord for t in vertaling.trefwoorden]
    k.datum_wijziging = vertaling.datumWijziging
    k.bronvelden = bron_kennisartikel(ruw)
    k.eigenaar, k.herzieningsdatum = v.eigenaar, v.herzieningsdatum
    k.spoed, k.delen = v.spoed, v.delen


# --- gemeentelijke aanvulling ------------------------------------------------------------------------


def aanvulling_naar_json(a: GemeentelijkeAanvulling, upn_uri_generiek: str | None = None) -> dict[str, Any]:
    if upn_uri_generiek is None and a.kennisartikel_id:
        upn_uri_generiek = a.kennisartikel.upn_uri
    data: dict[str, Any] = {
        "uuid": str(a.uuid),
        "upnUri": a.upn_uri or upn_uri_generiek or "",
        "generiekUuid": str(a.kennisartikel_id) if a.kennisartikel_id else None,
        "titel": a.titel or None,
    }
    vast = {sleutel: "" for sleutel in OVERLAY_SECTIES}
    extra = []
    for sectie in a.secties.all():
        sleutel = next(
            (k for k, (json, modus) in OVERLAY_SECTIES.items() if (JSON_NAAR_VELD[json], modus) == (sectie.sectie, sectie.modus)),
            None,
        )
        if sleutel and not vast[sleutel]:
            vast[sleutel] = sectie.tekst
        else:
            extra.append({"sectie": VELD_NAAR_JSON[sectie.sectie], "modus": sectie.modus, "tekst": sectie.tekst})
    data.update(vast)
    data.update(
        locaties=[{"naam": loc.naam, "adres": loc.adres, "openingstijden": loc.openingstijden} for loc in a.locaties.all()],
        aangewezenKanaal=a.aangewezen_kanaal,
        deskMemo=a.desk_memo,
        trefwoorden=[{"trefwoord": t} for t in a.trefwoorden],
        levensgebeurtenissen=list(a.levensgebeurtenissen),
        datumWijziging=datum(a.datum_wijziging),
    )
    if extra:
        data["secties"] = extra
    if a.upn_label:
        data["upnLabel"] = a.upn_label
    if a.doelgroep:
        data["doelgroep"] = a.doelgroep
    data.update({k: v for k, v in _metadata(a).items() if v is not WEGLATEN})
    return data


def vul_aanvulling(a: GemeentelijkeAanvulling, v: OverlayVorm, gemeente: Gemeente, upn_uri_generiek: str | None) -> None:
    """Fill from an overlay. Children keep their JSON path, so a validation error can name the overlay key."""
    a.gemeente = gemeente
    a.kennisartikel_id = v.generiekUuid
    a.upn_uri = "" if v.generiekUuid and v.upnUri == upn_uri_generiek else v.upnUri
    a.upn_label = v.upnLabel
    a.doelgroep = v.doelgroep or ""
    a.titel = v.titel or ""
    secties, paden = [], []
    for pad, sectie, modus, tekst in v.sectie_aanpassingen():
        secties.append(SectieAanpassing(sectie=JSON_NAAR_VELD[sectie], modus=modus, tekst=tekst, sort_order=len(secties)))
        paden.append(pad if pad in OVERLAY_SECTIES else f"{pad}.tekst")
    a.secties = secties
    # Explicit sort_order: without it the rows come back from the database in no defined order.
    a.locaties = [
        Locatie(naam=loc.naam, adres=loc.adres, openingstijden=loc.openingstijden, sort_order=volgorde)
        for volgorde, loc in enumerate(v.locaties)
    ]
    a._json_paden = {id(kind): pad for kind, pad in zip(secties, paden, strict=True)}
    a._json_paden.update({id(loc): f"locaties[{j}]" for j, loc in enumerate(a.locaties.all())})
    a.aangewezen_kanaal, a.desk_memo = v.aangewezenKanaal, v.deskMemo
    a.trefwoorden = [t.trefwoord for t in v.trefwoorden]
    a.levensgebeurtenissen = list(v.levensgebeurtenissen)
    a.datum_wijziging = v.datumWijziging
    a.eigenaar, a.herzieningsdatum = v.eigenaar, v.herzieningsdatum
    a.spoed, a.delen = v.spoed, v.delen


# --- VAC ---------------------------------------------------------------------------------------------

VAC_VOLGORDE = [
    "uuid",
    "vraag",
    "alternatieveVragen",
    "antwoord",
    "kortAntwoord",
    "status",
    "doelgroep",
    "toelichting",
    "afdelingen",
    "trefwoorden",
    "gerelateerdeVACs",
    "gerelateerdeProducten",
    "gemeente",
]


def _gerelateerde_vac(waarde: str) -> str:
    return waarde if "://" in waarde else vac_url(waarde)


def vac_naar_json(v: VraagAntwoord, gemeente_slug: str | None = None) -> dict[str, Any]:
    bron = v.bronvelden or {}
    if gemeente_slug is None and v.gemeente_id:
        gemeente_slug = v.gemeente.slug
    gerelateerd = [{"VAC": _gerelateerde_vac(u)} for u in v.gerelateerde_vacs]
    eigen = {
        "uuid": str(v.uuid),
        "vraag": v.vraag,
        "alternatieveVragen": list(v.alternatieve_vragen),
        "antwoord": v.antwoord,
        "kortAntwoord": v.kort_antwoord or WEGLATEN,
        "status": v.status,
        "doelgroep": v.doelgroep,
        "toelichting": v.toelichting,
        "afdelingen": [{"afdelingNaam": a} for a in v.afdelingen],
        "trefwoorden": [{"trefwoord": t} for t in v.trefwoorden],
        "gerelateerdeVACs": gerelateerd if gerelateerd or "gerelateerdeVACs" in bron else WEGLATEN,
        "gerelateerdeProducten": [{"product": p} for p in v.gerelateerde_producten],
        "gemeente": gemeente_slug,
        "vervangt": str(v.vervangt_id) if v.vervangt_id else WEGLATEN,
        **_metadata(v),
    }
    return geordend(samenvoegen(bron, eigen), VAC_VOLGORDE)


def vac_verwijzing(uri: str, bekende_vacs: set[UUID]) -> str:
    """A related VAC as the hub stores it: the uuid when the URI ends in a VAC the hub knows, else the URI itself."""
    gevonden = _UUID_AAN_EINDE.search(uri)
    if gevonden and UUID(gevonden.group(1)) in bekende_vacs:
        return str(UUID(gevonden.group(1)))
    return uri


def vul_vac(obj: VraagAntwoord, v: VacVorm, ruw: dict, gemeenten: dict[str, Gemeente], bekende_vacs: set[UUID]) -> None:
    obj.vraag, obj.alternatieve_vragen = v.vraag, list(v.alternatieveVragen)
    obj.antwoord, obj.kort_antwoord, obj.toelichting = v.antwoord, v.kortAntwoord, v.toelichting
    obj.status, obj.doelgroep = v.status, v.doelgroep
    obj.afdelingen = [a.afdelingNaam for a in v.afdelingen]
    obj.trefwoorden = [t.trefwoord for t in v.trefwoorden]
    obj.gerelateerde_producten = [p.product for p in v.gerelateerdeProducten]
    obj.gerelateerde_vacs = [vac_verwijzing(g.VAC, bekende_vacs) for g in v.gerelateerdeVACs]
    obj.gemeente = gemeenten[v.gemeente] if v.gemeente else None
    obj.vervangt_id = v.vervangt
    obj.bronvelden = bron_vac(ruw)
    obj.eigenaar, obj.herzieningsdatum = v.eigenaar, v.herzieningsdatum
    obj.spoed, obj.delen = v.spoed, v.delen


# --- sjabloon and gemeente --------------------------------------------------------------------------


def sjabloon_naar_json(s: PersoonlijkSjabloon) -> dict[str, Any]:
    data = {
        "uuid": str(s.uuid),
        "naam": s.naam,
        "kanalen": list(s.kanalen),
        "vereistBetrouwbaarheidsniveau": s.vereist_betrouwbaarheidsniveau,
        "bron": s.bron,
        "sjabloon": s.sjabloon,
        "gerelateerdProduct": s.gerelateerd_product,
        "voorbeeldData": s.voorbeelddata,
    }
    data.update({k: v for k, v in _metadata(s).items() if v is not WEGLATEN})
    return data


def vul_sjabloon(s: PersoonlijkSjabloon, v: SjabloonVorm) -> None:
    s.naam, s.sjabloon, s.bron = v.naam, v.sjabloon, v.bron
    s.kanalen = list(v.kanalen)
    s.vereist_betrouwbaarheidsniveau = v.vereistBetrouwbaarheidsniveau
    s.gerelateerd_product = v.gerelateerdProduct
    s.voorbeelddata = v.voorbeeldData
    s.eigenaar, s.herzieningsdatum = v.eigenaar, v.herzieningsdatum


def gemeente_naar_json(g: Gemeente) -> dict[str, Any]:
    data = {
        "slug": g.slug,
        "naam": g.naam,
        "code": g.code,
        "inwoners": g.inwoners,
        "contact": {"telefoon": g.telefoon, "email": g.email, "adres": g.adres, "openingstijden": g.openingstijden},
        "kanalen": list(g.kanalen),
    }
    if g.owms_identifier:
        data["owmsIdentifier"] = g.owms_identifier
    return data


def vul_gemeente(g: Gemeente, v: GemeenteVorm) -> None:
    g.naam, g.code, g.inwoners = v.naam, v.code, v.inwoners
    g.owms_identifier = v.owmsIdentifier
    g.telefoon, g.email = v.contact.telefoon, v.contact.email
    g.adres, g.openingstijden = v.contact.adres, v.contact.openingstijden
    g.kanalen = list(v.kanalen)
