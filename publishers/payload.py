"""Typed payloads the hub hands to every publisher (no Django here).

A :class:`Product` or :class:`Vac` is one item as one gemeente serves it, composed by the hub's bulk
resolver; an :class:`Intrekking` is the tombstone that removes an item from a channel. Texts arrive both
as Markdown and as sanitised HTML (the hub's one renderer), so no channel renders on its own. Fields
marked *intern* (desk memo, toelichting) are for the KCC kennisbank only; public channels leave them out.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

FINGERPRINT_VERSIE = "v1"


def fingerprint(inhoud: Any) -> str:
    """Versioned sha256 over canonical JSON: the same payload gives the same fingerprint on any machine."""
    canoniek = json.dumps(inhoud, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return f"{FINGERPRINT_VERSIE}:sha256:" + hashlib.sha256(canoniek.encode("utf-8")).hexdigest()


class _Vorm(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class GemeenteGegevens(_Vorm):
    slug: str
    naam: str
    code: str
    telefoon: str = ""
    email: str = ""
    adres: str = ""
    openingstijden_html: str = ""


class Sectie(_Vorm):
    sleutel: str = Field(description="Sleutel zoals in het PDC-kennisartikel, bijv. 'kostenEnBetaalmethoden'.")
    titel: str
    markdown: str
    html: str
    herkomst: str = Field(description="generiek, aangevuld, vervangen of gemeente.")


class Product(_Vorm):
    soort: Literal["kennisartikel"] = "kennisartikel"
    uuid: UUID
    taal: Literal["nl"] = "nl"
    gemeente: GemeenteGegevens
    titel: str
    upn_uri: str = ""
    upn_label: str = ""
    doelgroep: str = ""
    trefwoorden: tuple[str, ...] = ()
    levensgebeurtenissen: tuple[str, ...] = ()
    secties: tuple[Sectie, ...] = ()
    locaties: tuple[dict, ...] = ()
    aangewezen_kanaal: str = ""
    desk_memo_html: str = Field("", description="Intern: alleen voor de KCC-kennisbank.")
    zoekgewicht: float = Field(1.0, description="Gewicht in de zoekresultaten (kennisbank, chatbot), door de redactie.")
    url: str = Field(description="Adres van de pagina op de website van de gemeente.")
    revisies: dict[str, int | None] = Field(default_factory=dict)
    lokaal: bool = False
    delen: bool = Field(False, description="De redactie wil dit item ook op sociale media.")
    spoed: bool = False


class Vac(_Vorm):
    soort: Literal["vac"] = "vac"
    uuid: UUID
    taal: Literal["nl"] = "nl"
    gemeente: GemeenteGegevens
    generiek: bool
    vraag: str
    alternatieve_vragen: tuple[str, ...] = ()
    antwoord_markdown: str
    antwoord_html: str
    kort_antwoord: str = ""
    toelichting_html: str = Field("", description="Intern: alleen voor de KCC-kennisbank.")
    zoekgewicht: float = Field(1.0, description="Gewicht in de zoekresultaten (kennisbank, chatbot), door de redactie.")
    trefwoorden: tuple[str, ...] = ()
    afdelingen: tuple[str, ...] = ()
    doelgroep: str = ""
    gerelateerde_producten: tuple[str, ...] = ()
    gerelateerde_vacs: tuple[str, ...] = ()
    url: str
    revisies: dict[str, int | None] = Field(default_factory=dict)
    delen: bool = False
    spoed: bool = False


class Intrekking(_Vorm):
    """Tombstone: what a receiver needs to remove the item, not only an id."""

    soort: Literal["kennisartikel", "vac"]
    uuid: UUID
    gemeente: str
    url: str
    laatste_fingerprint: str


Item = Product | Vac
