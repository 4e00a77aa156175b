"""Pydantic models of what the hub's delivery API v1 returns.

The envelope of an item follows the hub (snake_case: ``uuid``, ``gemeente``, ``laag``, ``lokaal``,
``fingerprint``, ``herkomst``); the ``record`` inside follows the published objecttypes (camelCase on the
wire). Record models give every camelCase field a snake_case attribute (``record.upn_uri`` for ``upnUri``),
accept either name when you build one yourself (``populate_by_name``), and keep fields they do not declare
(``extra="allow"``, see ``model_extra``), so a newer hub never breaks an older SDK.

``model_dump(by_alias=True, mode="json")`` gives the record back in its published (camelCase) shape.

Record fields are optional where ``?fields=`` can leave them out; lists default to empty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

__all__ = [
    "ChatbotAntwoord",
    "ChatbotAntwoordItem",
    "Contact",
    "Doelgroep",
    "Facetwaarde",
    "Gemeente",
    "GerelateerdProduct",
    "GerelateerdeVac",
    "Kennisartikel",
    "KennisartikelAfdeling",
    "KennisartikelRecord",
    "KennisbankTreffer",
    "KennisbankUitslag",
    "Laag",
    "Levensgebeurtenis",
    "Overdracht",
    "Problem",
    "Sjabloon",
    "SjabloonRecord",
    "Soort",
    "Trefwoord",
    "Vac",
    "VacAfdeling",
    "VacRecord",
    "Veldfout",
    "VerantwoordelijkeOrganisatie",
    "Vertaling",
    "Wijziging",
]

Laag = Literal["generiek", "gemeentelijk"]
"""``generiek``: the national text without an addition by the gemeente; ``gemeentelijk``: with it (or local)."""

Soort = Literal["kennisartikel", "vac"]
"""The kind of item in the delta sync."""

Doelgroep = Literal["eu-burger", "eu-bedrijf", "eu-burger-bedrijf"]
"""Filter value for ``doelgroep``."""


class HubModel(BaseModel):
    """Base of all models: unknown fields are kept, camelCase aliases and snake_case names both accepted."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


class _MetEtag(HubModel):
    _etag: str | None = PrivateAttr(default=None)

    @property
    def etag(self) -> str | None:
        """The ``ETag`` the hub sent with this item (single reads only); pass it as ``etag=`` to a later ``get``."""
        return self._etag


# --- gemeenten and filter values ---------------------------------------------------------------------------


class Gemeente(HubModel):
    """A gemeente the key may read, with its contact details."""

    slug: str
    naam: str
    code: str
    """CBS gemeentecode, e.g. ``gm0363``."""
    telefoon: str
    email: str
    adres: str
    openingstijden: str
    """Opening hours as safe HTML."""


class Levensgebeurtenis(HubModel):
    """A life event, usable as ``levensgebeurtenis=`` filter on kennisartikelen."""

    code: str
    label: str


# --- kennisartikel -----------------------------------------------------------------------------------------


class Trefwoord(HubModel):
    trefwoord: str


class Vertaling(HubModel):
    """One language version of a kennisartikel; the texts are safe HTML."""

    taal: str
    titel: str
    tekst: str
    datum_wijziging: dt.datetime = Field(alias="datumWijziging")
    procedure_beschrijving: str | None = Field(default=None, alias="procedureBeschrijving")
    vereisten: str | None = None
    bewijs: str | None = None
    kosten_en_betaalmethoden: str | None = Field(default=None, alias="kostenEnBetaalmethoden")
    uiterste_termijn: str | None = Field(default=None, alias="uitersteTermijn")
    bezwaar_en_beroep: str | None = Field(default=None, alias="bezwaarEnBeroep")
    wtd_bij_geen_reactie: str | None = Field(default=None, alias="wtdBijGeenReactie")
    notice: str | None = None
    contact: str | None = None
    desk_memo: str | None = Field(default=None, alias="deskMemo")
    """Only for keys with the ``intern`` scope (KCC applications); ``None`` otherwise."""
    trefwoorden: list[Trefwoord] = Field(default_factory=list)


class VerantwoordelijkeOrganisatie(HubModel):
    url: str
    owms_identifier: str = Field(alias="owmsIdentifier")
    owms_end_date: dt.datetime | None = Field(default=None, alias="owmsEndDate")
    owms_pref_label: str | None = Field(default=None, alias="owmsPrefLabel")


class KennisartikelAfdeling(HubModel):
    afdeling_id: str | None = Field(default=None, alias="afdelingId")
    afdelingnaam: str | None = None


class KennisartikelRecord(HubModel):
    """A kennisartikel in the published PDC-kennisartikel objecttype shape."""

    url: str | None = None
    uuid: UUID | None = None
    upn_uri: str | None = Field(default=None, alias="upnUri")
    upn_label: str | None = Field(default=None, alias="upnLabel")
    publicatie_datum: dt.date | None = Field(default=None, alias="publicatieDatum")
    product_aanwezig: bool | None = Field(default=None, alias="productAanwezig")
    product_valt_onder: Any = Field(default=None, alias="productValtOnder")
    verantwoordelijke_organisatie: VerantwoordelijkeOrganisatie | None = Field(default=None, alias="verantwoordelijkeOrganisatie")
    locaties: Any = None
    doelgroep: str | None = None
    levensgebeurtenissen: list[str] = Field(default_factory=list)
    afdelingen: list[KennisartikelAfdeling] = Field(default_factory=list)
    vertalingen: list[Vertaling] = Field(default_factory=list)
    beschikbare_talen: list[str] = Field(default_factory=list, alias="beschikbareTalen")

    def vertaling(self, taal: str = "nl") -> Vertaling | None:
        """The version in ``taal`` (default Dutch), or ``None``."""
        return next((v for v in self.vertalingen if v.taal == taal), None)


class Kennisartikel(_MetEtag):
    """A kennisartikel as one gemeente shows it: the hub's envelope around the published record."""

    uuid: UUID
    gemeente: str
    laag: Laag
    lokaal: bool
    """A product only this gemeente has."""
    fingerprint: str
    herkomst: dict[str, str] = Field(default_factory=dict)
    """Per field: ``generiek``, ``aangevuld``, ``vervangen`` or ``gemeente``."""
    record: KennisartikelRecord

    @property
    def titel(self) -> str | None:
        """Title of the Dutch version, if present."""
        vertaling = self.record.vertaling("nl")
        return vertaling.titel if vertaling is not None else None


# --- VAC ---------------------------------------------------------------------------------------------------


class VacAfdeling(HubModel):
    afdeling_id: str | None = Field(default=None, alias="afdelingId")
    afdeling_naam: str = Field(alias="afdelingNaam")


class GerelateerdeVac(HubModel):
    vac: str = Field(alias="VAC")


class GerelateerdProduct(HubModel):
    product: str


class VacRecord(HubModel):
    """A vraag-antwoordcombinatie in the published VAC objecttype shape (HTML texts)."""

    vraag: str
    antwoord: str
    status: str
    """``actief``, ``non-actief`` or ``te-verwijderen`` (the API only serves active ones)."""
    doelgroep: str
    uuid: UUID | None = None
    gemeente: str | None = None
    toelichting: str | None = None
    """Only for keys with the ``intern`` scope; ``None`` otherwise."""
    kort_antwoord: str | None = Field(default=None, alias="kortAntwoord")
    alternatieve_vragen: list[str] | None = Field(default=None, alias="alternatieveVragen")
    afdelingen: list[VacAfdeling] = Field(default_factory=list)
    trefwoorden: list[Trefwoord] = Field(default_factory=list)
    gerelateerde_vacs: list[GerelateerdeVac] = Field(default_factory=list, alias="gerelateerdeVACs")
    gerelateerde_producten: list[GerelateerdProduct] = Field(default_factory=list, alias="gerelateerdeProducten")


class Vac(_MetEtag):
    """A VAC as one gemeente shows it (its own, or a generic one it does not replace)."""

    uuid: UUID
    gemeente: str
    laag: Laag
    record: VacRecord


# --- sjablonen ---------------------------------------------------------------------------------------------


class SjabloonRecord(HubModel):
    """A personal template with slots; the hub never fills it itself."""

    uuid: UUID | None = None
    naam: str | None = None
    kanalen: list[str] = Field(default_factory=list)
    vereist_betrouwbaarheidsniveau: str | None = Field(default=None, alias="vereistBetrouwbaarheidsniveau")
    bron: str | None = None
    sjabloon: str | None = None
    gerelateerd_product: str | None = Field(default=None, alias="gerelateerdProduct")
    voorbeeld_data: dict[str, Any] = Field(default_factory=dict, alias="voorbeeldData")


class Sjabloon(HubModel):
    uuid: UUID
    record: SjabloonRecord

    def vul(self, gegevens: Mapping[str, Any]) -> str:
        """Fill the slots with the citizen's data (fetched by the channel at the source) and return safe HTML.

        Runs in the same budgeted sandbox as the hub: a missing slot raises ``SjabloonFout`` (never a partial
        text), a template that would do too much work ``SjabloonTeZwaar``."""
        from contenthub_sdk.sjablonen import vul_sjabloon

        return vul_sjabloon(self.record.sjabloon or "", gegevens)


# --- delta sync --------------------------------------------------------------------------------------------


class Wijziging(HubModel):
    """One change in the delta sync: the item as it is now composed, or ``verwijderd`` (then ``item`` is None)."""

    soort: Soort
    uuid: UUID
    gemeente: str
    verwijderd: bool
    item: Kennisartikel | Vac | None = None

    @model_validator(mode="before")
    @classmethod
    def _item_volgens_soort(cls, data: Any) -> Any:
        # Validate ``item`` as the model its ``soort`` names instead of letting the union guess.
        if isinstance(data, dict) and isinstance(data.get("item"), dict):
            model: type[HubModel] = Vac if data.get("soort") == "vac" else Kennisartikel
            data = {**data, "item": model.model_validate(data["item"])}
        return data

    @property
    def kennisartikel(self) -> Kennisartikel | None:
        """The item if it is a (present) kennisartikel."""
        return self.item if isinstance(self.item, Kennisartikel) else None

    @property
    def vac(self) -> Vac | None:
        """The item if it is a (present) VAC."""
        return self.item if isinstance(self.item, Vac) else None


# --- kennisbank search and chatbot answer ------------------------------------------------------------------


class KennisbankTreffer(HubModel):
    """One result of the KCC kennisbank search."""

    uuid: UUID
    soort: Soort
    titel: str
    fragment: str = ""
    """Safe HTML: the matched text with ``<mark>`` around the query's words."""
    sectie: str = ""
    """The kennisartikel's section the hit is in (e.g. ``kostenEnBetaalmethoden``); empty for a VAC."""
    sectie_titel: str = ""
    gemeentelijk: bool = False
    """The gemeente's own content (its aanvulling, local product or VAC)."""
    url: str = ""
    kort_antwoord: str = ""
    score: float = 0.0
    zekerheid: float = 0.0
    """0–1: how sure the search is that this answers the question."""


class Facetwaarde(HubModel):
    waarde: str
    aantal: int


class KennisbankUitslag(HubModel):
    """``hub.kennisbank.zoek(...)``: ranked results, the gemeente's own content first."""

    results: list[KennisbankTreffer] = Field(default_factory=list)
    totaal: int = 0
    facetten: dict[str, list[Facetwaarde]] = Field(default_factory=dict)
    uitbreidingen: list[str] = Field(default_factory=list)
    """Thesaurus terms the hub added to the query."""
    zonder_antwoord: bool = False
    """True when no result contains the words and the hub is sure of none: the results are only nearest in meaning."""


class ChatbotAntwoordItem(HubModel):
    soort: Soort
    uuid: UUID
    titel: str
    tekst: str
    """The answer as the chatbot bundle carries it, with the link to the website page."""
    url: str = ""


class Contact(HubModel):
    naam: str
    telefoon: str = ""
    email: str = ""


class Overdracht(HubModel):
    """A hand-off to an agent: what the bot says, the KCC contact, the question and what was shown already."""

    reden: str
    tekst: str
    aangewezen_kanaal: str = ""
    contact: Contact
    vraag: str
    getoond: list[UUID] = Field(default_factory=list)


class ChatbotAntwoord(HubModel):
    """``hub.chatbot.antwoord(...)``: the best answer, or (below the hub's threshold) an ``overdracht``."""

    antwoord: ChatbotAntwoordItem | None = None
    """With an ``overdracht`` this is the unsure best answer: show it at most as "bedoelt u misschien" (``None``
    when it is not even half as sure as an answer needs)."""
    zekerheid: float = 0.0
    overdracht: Overdracht | None = None
    alternatieven: list[ChatbotAntwoordItem] = Field(default_factory=list)


# --- problems ----------------------------------------------------------------------------------------------


class Veldfout(HubModel):
    """One invalid field of a 400 answer."""

    veld: str
    melding: str


class Problem(HubModel):
    """Problem details (RFC 9457) as the hub sends them, with Dutch ``title`` and ``detail``."""

    type: str = "about:blank"
    title: str = ""
    status: int | None = None
    detail: str = ""
    instance: str = ""
    fouten: list[Veldfout] = Field(default_factory=list)
