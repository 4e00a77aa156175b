"""Exchange shapes: the published VAC and PDC-kennisartikel objecttypes, the Objecten API envelope,
and the hub's own shapes (gemeente, overlay, sjabloon).

The published shapes mirror ``../shared/schemas`` field for field, with the hub's own fields beside
them (the schemas allow extra properties). They stay free of Django so that the delivery API and the
SDK side can use the same definitions.

Two kinds of strictness, on purpose:

- published shapes (:class:`Gepubliceerd`) accept fields they do not know, because real records carry
  them; :func:`onbekende_velden` reports each as a warning (kept, exported unchanged) unless it is a
  near-miss of a known name (``kortantwoord``), which is an error that names the field meant;
- the hub's own shapes (:class:`Eigen`) refuse unknown fields: there is no outside producer whose
  extras we must keep, so an unknown key is a typo.
"""

from __future__ import annotations

import datetime
import difflib
import types
import typing
from typing import Annotated, Any, Literal, Union
from urllib.parse import unquote
from uuid import UUID

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

# --- vocabularies (mirrored from contenthub.core.enums; a test keeps them equal) --------------------

DoelgroepVac = Literal["eu-burger", "eu-bedrijf", "eu-burger-bedrijf"]
DoelgroepKennisartikel = Literal["eu-burger", "eu-bedrijf"]
VacStatus = Literal["actief", "non-actief", "te-verwijderen"]
Taal = Literal["nl", "en"]
Levensgebeurtenis = Literal[
    "verhuizen",
    "geboorte",
    "trouwen",
    "overlijden",
    "werk-verliezen",
    "reizen",
    "wonen",
    "ondernemen",
    "gezondheid-en-zorg",
    "geldzaken",
    "verkiezingen",
    "afval",
    "vervoer",
]
Kanaal = Literal["website", "kcc", "chatbot", "social", "whatsapp", "balie", "mijngemeente"]
Betrouwbaarheidsniveau = Literal["basis", "midden", "substantieel", "hoog"]
AanvullingModus = Literal["aanvullen", "vervangen"]

# SDG section keys of a vertaling, in schema order (the hub's model fields are in content.secties).
SECTIE_SLEUTELS = (
    "tekst",
    "procedureBeschrijving",
    "vereisten",
    "bewijs",
    "kostenEnBetaalmethoden",
    "uitersteTermijn",
    "bezwaarEnBeroep",
    "wtdBijGeenReactie",
    "notice",
    "contact",
)


def _leeg_als_null(waarde: Any) -> Any:
    """Sources send null for an empty optional text; the schemas say string. Read both as ''."""
    return "" if waarde is None else waarde


def _naar_utc(waarde: datetime.datetime) -> datetime.datetime:
    """One instant, one spelling: a re-import of '…+01:00' must compare equal to the stored UTC value."""
    if waarde.tzinfo is None:
        return waarde.replace(tzinfo=datetime.UTC)
    return waarde.astimezone(datetime.UTC)


Tekst = Annotated[str, BeforeValidator(_leeg_als_null)]


class Gepubliceerd(BaseModel):
    """A published objecttype shape: unknown fields are kept (see :func:`onbekende_velden`)."""

    model_config = ConfigDict(extra="allow")


class Eigen(BaseModel):
    """The hub's own shapes: an unknown key is refused (a typo must not silently drop content)."""

    model_config = ConfigDict(extra="forbid")


# --- published: VAC -----------------------------------------------------------------------------


class Trefwoord(Gepubliceerd):
    trefwoord: str = Field(min_length=1)


class VacAfdeling(Gepubliceerd):
    afdelingId: str | None = None
    afdelingNaam: str = Field(min_length=1)


class GerelateerdeVac(Gepubliceerd):
    VAC: str = Field(min_length=1)


class GerelateerdProduct(Gepubliceerd):
    product: str = Field(min_length=1)


class HubMetadata(BaseModel):
    """Fields every hub record may carry beside the published ones."""

    eigenaar: str = ""
    herzieningsdatum: datetime.date | None = None
    # False: the item was not live in the hub that exported it; an import keeps it a concept.
    gepubliceerd: bool = True
    # How the item travels to channels (urgent notice; also on social media).
    spoed: bool = False
    delen: bool = False


class VacVorm(HubMetadata, Gepubliceerd):
    # published schema
    vraag: str = Field(min_length=1, max_length=255)
    antwoord: str = Field(min_length=1)
    status: VacStatus
    doelgroep: DoelgroepVac
    toelichting: Tekst = ""
    afdelingen: list[VacAfdeling] = []
    trefwoorden: list[Trefwoord] = []
    gerelateerdeVACs: list[GerelateerdeVac] = []
    gerelateerdeProducten: list[GerelateerdProduct] = []
    # the hub's own
    uuid: UUID | None = None
    kortAntwoord: Tekst = Field(default="", max_length=280)
    alternatieveVragen: list[str] = []
    gemeente: str | None = None
    vervangt: UUID | None = None


# --- published: PDC kennisartikel ------------------------------------------------------------------


class VerantwoordelijkeOrganisatie(Gepubliceerd):
    url: str = Field(min_length=1)
    owmsIdentifier: str = Field(min_length=1)
    owmsPrefLabel: str | None = None
    owmsEndDate: datetime.datetime

    _utc = field_validator("owmsEndDate")(classmethod(lambda cls, v: _naar_utc(v)))


class KennisartikelAfdeling(Gepubliceerd):
    afdelingId: str | None = None
    afdelingnaam: str = Field(min_length=1)


class Vertaling(Gepubliceerd):
    taal: Taal
    titel: Tekst = ""
    tekst: Tekst = ""
    procedureBeschrijving: Tekst = ""
    vereisten: Tekst = ""
    bewijs: Tekst = ""
    kostenEnBetaalmethoden: Tekst = ""
    uitersteTermijn: Tekst = ""
    bezwaarEnBeroep: Tekst = ""
    wtdBijGeenReactie: Tekst = ""
    notice: Tekst = ""
    contact: Tekst = ""
    deskMemo: Tekst = ""
    trefwoorden: list[Trefwoord] = []
    datumWijziging: datetime.datetime

    _utc = field_validator("datumWijziging")(classmethod(lambda cls, v: _naar_utc(v)))


class KennisartikelVorm(HubMetadata, Gepubliceerd):
    # published schema
    url: str = Field(min_length=1)
    uuid: UUID
    upnUri: str = Field(min_length=1)
    publicatieDatum: datetime.date | None
    productAanwezig: bool | None
    productValtOnder: None
    verantwoordelijkeOrganisatie: VerantwoordelijkeOrganisatie
    locaties: None
    doelgroep: DoelgroepKennisartikel
    afdelingen: list[KennisartikelAfdeling] = []
    vertalingen: list[Vertaling] = Field(min_length=1)
    beschikbareTalen: list[str]
    # the hub's own
    upnLabel: str = ""
    levensgebeurtenissen: list[Levensgebeurtenis] = []

    @field_validator("vertalingen")
    @classmethod
    def nederlands_met_titel(cls, vertalingen: list[Vertaling]) -> list[Vertaling]:
        nl = [v for v in vertalingen if v.taal == "nl"]
        if not nl:
            raise ValueError("er is geen vertaling met taal 'nl'; de hub beheert de Nederlandse tekst")
        if len(nl) > 1:
            raise ValueError("er zijn meerdere vertalingen met taal 'nl'")
        if not nl[0].titel.strip():
            raise ValueError("de Nederlandse vertaling heeft geen titel")
        return vertalingen

    @model_validator(mode="after")
    def label_uit_uri(self) -> KennisartikelVorm:
        """PDC records carry no label; the UPL URI ends in one (…/terms/Verhuizing_binnen_Nederland)."""
        if not self.upnLabel:
            self.upnLabel = unquote(self.upnUri.rstrip("/").rsplit("/", 1)[-1]).replace("_", " ") or self.upnUri
        return self

    @property
    def nl_index(self) -> int:
        return next(i for i, v in enumerate(self.vertalingen) if v.taal == "nl")

    @property
    def nl(self) -> Vertaling:
        return self.vertalingen[self.nl_index]


# --- the hub's own shapes ------------------------------------------------------------------------


class Contact(Eigen):
    telefoon: str = ""
    email: str = ""
    adres: str = ""
    openingstijden: str = ""


class GemeenteVorm(Eigen):
    slug: str = Field(pattern=r"^[a-z0-9-]+$")
    naam: str = Field(min_length=1)
    code: str = Field(pattern=r"^gm\d{4}$")
    owmsIdentifier: str = ""
    inwoners: int | None = None
    contact: Contact = Contact()
    kanalen: list[Kanaal] = []


class LocatieVorm(Eigen):
    naam: str = Field(min_length=1)
    adres: str = ""
    openingstijden: str = ""


class EigenTrefwoord(Eigen):
    trefwoord: str = Field(min_length=1)


class ExtraSectie(Eigen):
    sectie: Literal[SECTIE_SLEUTELS]  # type: ignore[valid-type]
    modus: AanvullingModus
    tekst: str = Field(min_length=1)


# Overlay keys for the common section edits, and the section + mode each stands for.
OVERLAY_SECTIES: dict[str, tuple[str, str]] = {
    "specifiekeTekst": ("tekst", "aanvullen"),
    "kostenEnBetaalmethoden": ("kostenEnBetaalmethoden", "vervangen"),
    "procedureBeschrijving": ("procedureBeschrijving", "vervangen"),
}


class OverlayVorm(Eigen):
    uuid: UUID
    upnUri: str = Field(min_length=1)
    upnLabel: str = ""
    doelgroep: DoelgroepVac | None = None
    generiekUuid: UUID | None
    titel: str | None = None
    specifiekeTekst: str = ""
    kostenEnBetaalmethoden: str = ""
    procedureBeschrijving: str = ""
    secties: list[ExtraSectie] = []
    locaties: list[LocatieVorm] = []
    aangewezenKanaal: str = ""
    deskMemo: str = ""
    trefwoorden: list[EigenTrefwoord] = []
    levensgebeurtenissen: list[Levensgebeurtenis] = []
    datumWijziging: datetime.date | None = None
    eigenaar: str = ""
    herzieningsdatum: datetime.date | None = None
    gepubliceerd: bool = True
    spoed: bool = False
    delen: bool = False

    @field_validator("titel")
    @classmethod
    def leeg_is_geen_titel(cls, titel):
        return titel or None

    def sectie_aanpassingen(self) -> list[tuple[str, str, str, str]]:
        """(json path, section key, mode, text) of every section edit, fixed keys first."""
        uit = [(sleutel, sectie, modus, getattr(self, sleutel)) for sleutel, (sectie, modus) in OVERLAY_SECTIES.items()]
        uit = [t for t in uit if t[3]]
        uit += [(f"secties[{j}]", s.sectie, s.modus, s.tekst) for j, s in enumerate(self.secties)]
        return uit

    @model_validator(mode="after")
    def een_aanpassing_per_sectie(self) -> OverlayVorm:
        """The editor form refuses two edits of one section; an import must not store what the editor cannot open."""
        gezien: dict[str, str] = {}
        for pad, sectie, _modus, _tekst in self.sectie_aanpassingen():
            if sectie in gezien:
                raise ValueError(
                    f"{pad}: sectie '{sectie}' wordt al aangepast in {gezien[sectie]}; combineer de teksten in één aanpassing"
                )
            gezien[sectie] = pad
        return self


class SjabloonVorm(Eigen):
    uuid: UUID
    naam: str = Field(min_length=1)
    kanalen: list[Kanaal] = Field(min_length=1)
    vereistBetrouwbaarheidsniveau: Betrouwbaarheidsniveau
    bron: str = Field(min_length=1)
    sjabloon: str = Field(min_length=1)
    gerelateerdProduct: str = ""
    voorbeeldData: dict[str, Any] = {}
    eigenaar: str = ""
    herzieningsdatum: datetime.date | None = None
    gepubliceerd: bool = True


# --- Objecten API envelope (GET /api/v2/objects) ----------------------------------------------------


class ObjectRecord(BaseModel):
    model_config = ConfigDict(extra="allow")

    index: int | None = None
    typeVersion: int | None = None
    data: dict[str, Any]
    geometry: Any = None
    startAt: datetime.date | None = None
    endAt: datetime.date | None = None
    registrationAt: datetime.date | None = None
    correctionFor: int | None = None
    correctedBy: int | None = None


class ObjectenObject(BaseModel):
    model_config = ConfigDict(extra="allow")

    url: str | None = None
    uuid: UUID | None = None
    type: str = Field(min_length=1)
    record: ObjectRecord


def is_objecten_object(waarde: Any) -> bool:
    return isinstance(waarde, dict) and "record" in waarde and "type" in waarde


def is_objecten_pagina(waarde: Any) -> bool:
    return isinstance(waarde, dict) and "results" in waarde and isinstance(waarde.get("results"), list)


# --- unknown and near-miss fields ------------------------------------------------------------------


def _lijk_op(sleutel: str, bekend: typing.Iterable[str]) -> str | None:
    """The known name a key was probably meant to be: same letters in another case, or one or two typos."""
    bekend = list(bekend)
    for naam in bekend:
        if naam.lower() == sleutel.lower():
            return naam
    kandidaten = difflib.get_close_matches(sleutel.lower(), [n.lower() for n in bekend], n=1, cutoff=0.85)
    if kandidaten:
        return next(n for n in bekend if n.lower() == kandidaten[0])
    return None


def _modelklassen(annotatie: Any) -> tuple[type[BaseModel] | None, bool]:
    """(model class, is a list) for a field annotation such as ``list[Trefwoord]`` or ``Vertaling | None``."""
    oorsprong = typing.get_origin(annotatie)
    if oorsprong is Annotated:
        return _modelklassen(typing.get_args(annotatie)[0])
    if oorsprong in (list, tuple):
        klasse, _ = _modelklassen(typing.get_args(annotatie)[0])
        return klasse, True
    if oorsprong in (Union, types.UnionType):
        for arg in typing.get_args(annotatie):
            klasse, lijst = _modelklassen(arg)
            if klasse is not None:
                return klasse, lijst
        return None, False
    if isinstance(annotatie, type) and issubclass(annotatie, BaseModel):
        return annotatie, False
    return None, False


def onbekende_velden(vorm: type[BaseModel], data: Any, pad: tuple = ()) -> list[tuple[tuple, str | None]]:
    """Every key in ``data`` that ``vorm`` does not define, as (path, the known name meant or None).

    Walks nested shapes, so ``vertalingen[0].tittel`` and ``afdelingen[1].afdelingnaam`` are found too.
    """
    if not isinstance(data, dict):
        return []
    uit: list[tuple[tuple, str | None]] = []
    velden = vorm.model_fields
    for sleutel, waarde in data.items():
        veld = velden.get(sleutel)
        if veld is None:
            uit.append(((*pad, sleutel), _lijk_op(sleutel, velden)))
            continue
        klasse, lijst = _modelklassen(veld.annotation)
        if klasse is None:
            continue
        if lijst and isinstance(waarde, list):
            for i, item in enumerate(waarde):
                uit += onbekende_velden(klasse, item, (*pad, sleutel, i))
        elif not lijst:
            uit += onbekende_velden(klasse, waarde, (*pad, sleutel))
    return uit
