"""Import and export of content in the shapes municipalities already exchange.

The folder layout and JSON shapes follow ``../shared/corpus`` (PDC kennisartikel, gemeentelijke
overlay, KISS VAC objecttype, persoonlijk sjabloon). Hub metadata that those shapes lack (eigenaar,
herzieningsdatum, extra section edits, vervangt, gerelateerdeVACs) travels in extra keys that are
only written when set, so a corpus without them stays byte-for-byte the same shape.

An import is one transaction: it validates every file first, names the file and JSON path of every
problem, and writes nothing unless everything is valid. Items are matched by uuid; unchanged items
are left alone, changed ones get a new revision.
"""

from __future__ import annotations

import datetime
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic import ValidationError as PydanticValidationError

from contenthub.content.models import (
    AanvullingModus,
    GemeentelijkeAanvulling,
    Kennisartikel,
    Locatie,
    PersoonlijkSjabloon,
    SectieAanpassing,
    VraagAntwoord,
)
from contenthub.content.secties import SECTIES
from contenthub.core.enums import Betrouwbaarheidsniveau, Doelgroep, Kanaal, Levensgebeurtenis, VacStatus
from contenthub.core.models import Gemeente
from contenthub.redactie.generiek import markeer_beoordeeld

KENNISARTIKELEN = "generiek/kennisartikelen.json"
VACS = "vacs.json"
SJABLONEN = "persoonlijk/sjablonen.json"
GEMEENTE = "gemeenten/{slug}/gemeente.json"
PRODUCTEN = "gemeenten/{slug}/producten.json"

JSON_NAAR_VELD = {s.json: s.veld for s in SECTIES}
VELD_NAAR_JSON = {s.veld: s.json for s in SECTIES}
# Overlay keys of the corpus shape and the section edit each stands for.
OVERLAY_SECTIES = {
    "specifiekeTekst": ("tekst", AanvullingModus.AANVULLEN),
    "kostenEnBetaalmethoden": ("kosten_en_betaalmethoden", AanvullingModus.VERVANGEN),
    "procedureBeschrijving": ("procedure_beschrijving", AanvullingModus.VERVANGEN),
}


# --- shapes -----------------------------------------------------------------------------------------


class Vorm(BaseModel):
    """Strict: an unknown key is reported (a typo must not silently drop content)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Trefwoord(Vorm):
    trefwoord: str = Field(min_length=1)


class Afdeling(Vorm):
    afdelingnaam: str = Field(min_length=1)


class Metadata(Vorm):
    eigenaar: str = ""
    herzieningsdatum: datetime.date | None = None


class Vertaling(Vorm):
    taal: str = "nl"
    titel: str = Field(min_length=1)
    tekst: str = ""
    procedureBeschrijving: str = ""
    vereisten: str = ""
    bewijs: str = ""
    kostenEnBetaalmethoden: str = ""
    uitersteTermijn: str = ""
    bezwaarEnBeroep: str = ""
    wtdBijGeenReactie: str = ""
    notice: str = ""
    contact: str = ""
    deskMemo: str = ""
    trefwoorden: list[Trefwoord] = []
    datumWijziging: datetime.date | None = None


class KennisartikelVorm(Metadata):
    uuid: UUID
    upnUri: str = Field(min_length=1)
    upnLabel: str = Field(min_length=1)
    doelgroep: Doelgroep
    levensgebeurtenissen: list[Levensgebeurtenis] = []
    vertalingen: list[Vertaling] = Field(min_length=1)

    @field_validator("vertalingen")
    @classmethod
    def nederlands_aanwezig(cls, vertalingen):
        if not any(v.taal == "nl" for v in vertalingen):
            raise ValueError("er is geen vertaling met taal 'nl'")
        return vertalingen


class Contact(Vorm):
    telefoon: str = ""
    email: str = ""
    adres: str = ""
    openingstijden: str = ""


class GemeenteVorm(Vorm):
    slug: str = Field(pattern=r"^[a-z0-9-]+$")
    naam: str = Field(min_length=1)
    code: str = Field(pattern=r"^gm\d{4}$")
    inwoners: int | None = None
    contact: Contact = Contact()
    kanalen: list[Kanaal] = []


class LocatieVorm(Vorm):
    naam: str = Field(min_length=1)
    adres: str = ""
    openingstijden: str = ""


class ExtraSectie(Vorm):
    sectie: Literal[tuple(s.json for s in SECTIES)]  # type: ignore[valid-type]
    modus: AanvullingModus
    tekst: str = Field(min_length=1)


class OverlayVorm(Metadata):
    uuid: UUID
    upnUri: str = Field(min_length=1)
    upnLabel: str = ""
    doelgroep: Doelgroep | None = None
    generiekUuid: UUID | None
    titel: str | None = None
    specifiekeTekst: str = ""

    @field_validator("titel")
    @classmethod
    def leeg_is_geen_titel(cls, titel):
        return titel or None

    kostenEnBetaalmethoden: str = ""
    procedureBeschrijving: str = ""
    secties: list[ExtraSectie] = []
    locaties: list[LocatieVorm] = []
    aangewezenKanaal: str = ""
    deskMemo: str = ""
    trefwoorden: list[Trefwoord] = []
    levensgebeurtenissen: list[Levensgebeurtenis] = []
    datumWijziging: datetime.date | None = None


class VacVorm(Metadata):
    uuid: UUID
    vraag: str = Field(min_length=1, max_length=255)
    alternatieveVragen: list[str] = []
    antwoord: str = Field(min_length=1)
    kortAntwoord: str = Field(min_length=1, max_length=280)
    status: VacStatus = VacStatus.ACTIEF
    doelgroep: Doelgroep = Doelgroep.BURGER
    toelichting: str = ""
    afdelingen: list[Afdeling] = []
    trefwoorden: list[Trefwoord] = []
    gerelateerdeProducten: list[str] = []
    gerelateerdeVACs: list[UUID] = []
    gemeente: str | None = None
    vervangt: UUID | None = None


class SjabloonVorm(Metadata):
    uuid: UUID
    naam: str = Field(min_length=1)
    kanalen: list[Kanaal] = Field(min_length=1)
    vereistBetrouwbaarheidsniveau: Betrouwbaarheidsniveau
    bron: str = Field(min_length=1)
    sjabloon: str = Field(min_length=1)
    gerelateerdProduct: str = ""
    voorbeeldData: dict[str, Any] = {}


# --- errors and progress -----------------------------------------------------------------------------


def json_pad(loc: Iterable[Any]) -> str:
    pad = "$"
    for deel in loc:
        pad += f"[{deel}]" if isinstance(deel, int) else f".{deel}"
    return pad


@dataclass
class Probleem:
    bestand: str
    pad: str
    melding: str

    def __str__(self) -> str:
        return f"{self.bestand} {self.pad}: {self.melding}"


class ImportFout(Exception):
    """The import was refused; nothing was written. Carries every problem found."""

    def __init__(self, problemen: list[Probleem]):
        self.problemen = problemen
        regels = "\n".join(f"  - {p}" for p in problemen[:50])
        meer = f"\n  … en nog {len(problemen) - 50} problemen" if len(problemen) > 50 else ""
        super().__init__(f"Import afgebroken, er is niets opgeslagen. {len(problemen)} probleem/problemen:\n{regels}{meer}")


class Voortgang:
    """Progress on one line on a terminal, a line per 10 % elsewhere (CI logs)."""

    def __init__(self, schrijf: Callable[[str], None] | None, label: str, totaal: int, interactief: bool):
        self.schrijf, self.label, self.totaal, self.interactief = schrijf, label, totaal, interactief
        self.gedaan = 0
        self._laatste_tiende = -1

    def stap(self) -> None:
        self.gedaan += 1
        if not self.schrijf or not self.totaal:
            return
        if self.interactief:
            breedte = 30
            gevuld = int(breedte * self.gedaan / self.totaal)
            eind = "\n" if self.gedaan == self.totaal else ""
            self.schrijf(f"\r  {self.label:<28} [{'#' * gevuld}{'.' * (breedte - gevuld)}] {self.gedaan}/{self.totaal}{eind}")
        else:
            tiende = self.gedaan * 10 // self.totaal
            if tiende != self._laatste_tiende and (tiende > self._laatste_tiende):
                self._laatste_tiende = tiende
                self.schrijf(f"  {self.label}: {self.gedaan}/{self.totaal}\n")


@dataclass
class ImportResultaat:
    telling: Counter = field(default_factory=Counter)
    waarschuwingen: list[str] = field(default_factory=list)

    def tel(self, soort: str, uitkomst: str) -> None:
        self.telling[(soort, uitkomst)] += 1

    def samenvatting(self) -> str:
        soorten = sorted({s for s, _ in self.telling})
        regels = []
        for soort in soorten:
            delen = [
                f"{self.telling[(soort, u)]} {u}"
                for u in ("nieuw", "gewijzigd", "ongewijzigd", "overgeslagen")
                if self.telling[(soort, u)]
            ]
            regels.append(f"  {soort}: {', '.join(delen)}")
        regels += [f"  let op: {w}" for w in self.waarschuwingen]
        return "\n".join(regels)


# --- reading -----------------------------------------------------------------------------------------


@dataclass
class Gelezen:
    gemeenten: list[tuple[str, GemeenteVorm]] = field(default_factory=list)  # (bestand, vorm)
    kennisartikelen: list[tuple[str, int, KennisartikelVorm]] = field(default_factory=list)
    overlays: list[tuple[str, int, OverlayVorm, str]] = field(default_factory=list)  # + gemeente slug
    vacs: list[tuple[str, int, VacVorm]] = field(default_factory=list)
    sjablonen: list[tuple[str, int, SjabloonVorm]] = field(default_factory=list)


def _laad_json(map_: Path, relatief: str, problemen: list[Probleem]) -> Any:
    pad = map_ / relatief
    try:
        return json.loads(pad.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        problemen.append(Probleem(relatief, f"regel {exc.lineno}, kolom {exc.colno}", f"ongeldige JSON: {exc.msg}"))
    except UnicodeDecodeError:
        problemen.append(Probleem(relatief, "$", "het bestand is geen UTF-8-tekst"))
    except OSError as exc:
        problemen.append(Probleem(relatief, "", f"kan het bestand niet lezen: {exc.strerror or exc}"))
    return None


def _valideer_lijst(vorm: type[BaseModel], data: Any, bestand: str, problemen: list[Probleem]) -> list[tuple[int, Any]]:
    if not isinstance(data, list):
        problemen.append(Probleem(bestand, "$", "verwacht een JSON-lijst met items"))
        return []
    uitkomst = []
    for i, item in enumerate(data):
        try:
            uitkomst.append((i, vorm.model_validate(item)))
        except PydanticValidationError as exc:
            for fout in exc.errors():
                problemen.append(Probleem(bestand, json_pad((i, *fout["loc"])), _pydantic_melding(fout)))
    return uitkomst


def _pydantic_melding(fout: dict) -> str:
    soort = fout.get("type", "")
    if soort == "missing":
        return "verplicht veld ontbreekt"
    if soort == "extra_forbidden":
        return "onbekend veld (tikfout?)"
    if soort == "enum":
        return f"ongeldige waarde {fout.get('input')!r}; {fout.get('ctx', {}).get('expected', '')}".rstrip("; ")
    if soort == "string_too_short":
        return "mag niet leeg zijn"
    if soort == "string_too_long":
        return f"te lang ({len(fout.get('input', ''))} tekens, maximaal {fout.get('ctx', {}).get('max_length')})"
    return fout.get("msg", "ongeldige waarde")


def lees_corpus(map_: Path) -> Gelezen:
    """Read and validate every file of a corpus folder; raise ImportFout listing every problem."""
    map_ = Path(map_)
    problemen: list[Probleem] = []
    gelezen = Gelezen()
    if not map_.is_dir():
        raise ImportFout([Probleem(str(map_), "", "map bestaat niet")])

    gemeente_mappen = sorted(p for p in (map_ / "gemeenten").glob("*") if p.is_dir()) if (map_ / "gemeenten").is_dir() else []
    bekende = [KENNISARTIKELEN, VACS, SJABLONEN]
    if not gemeente_mappen and not any((map_ / b).exists() for b in bekende):
        raise ImportFout(
            [Probleem(str(map_), "", f"geen corpusbestanden gevonden (verwacht {', '.join(bekende)} of gemeenten/<slug>/)")]
        )

    for gemeente_map in gemeente_mappen:
        slug = gemeente_map.name
        bestand = GEMEENTE.format(slug=slug)
        if (map_ / bestand).exists():
            data = _laad_json(map_, bestand, problemen)
            if data is not None:
                try:
                    vorm = GemeenteVorm.model_validate(data)
                    if vorm.slug != slug:
                        problemen.append(Probleem(bestand, "$.slug", f"'{vorm.slug}' wijkt af van de mapnaam '{slug}'"))
                    gelezen.gemeenten.append((bestand, vorm))
                except PydanticValidationError as exc:
                    problemen += [Probleem(bestand, json_pad(f["loc"]), _pydantic_melding(f)) for f in exc.errors()]
        bestand = PRODUCTEN.format(slug=slug)
        if (map_ / bestand).exists():
            data = _laad_json(map_, bestand, problemen)
            if data is not None:
                gelezen.overlays += [(bestand, i, v, slug) for i, v in _valideer_lijst(OverlayVorm, data, bestand, problemen)]

    for bestand, vorm, doel in (
        (KENNISARTIKELEN, KennisartikelVorm, gelezen.kennisartikelen),
        (VACS, VacVorm, gelezen.vacs),
        (SJABLONEN, SjabloonVorm, gelezen.sjablonen),
    ):
        if (map_ / bestand).exists():
            data = _laad_json(map_, bestand, problemen)
            if data is not None:
                doel += [(bestand, i, v) for i, v in _valideer_lijst(vorm, data, bestand, problemen)]

    _controleer_verwijzingen(gelezen, problemen)
    if problemen:
        raise ImportFout(problemen)
    return gelezen


def _controleer_verwijzingen(g: Gelezen, problemen: list[Probleem]) -> None:
    """References between files and to content already in the hub; duplicate uuids across files."""
    gezien: dict[UUID, str] = {}
    alle = (
        [(b, i, v.uuid) for b, i, v in g.kennisartikelen]
        + [(b, i, v.uuid) for b, i, v, _ in g.overlays]
        + [(b, i, v.uuid) for b, i, v in g.vacs]
        + [(b, i, v.uuid) for b, i, v in g.sjablonen]
    )
    for bestand, i, uuid in alle:
        if uuid in gezien:
            problemen.append(Probleem(bestand, f"$[{i}].uuid", f"uuid {uuid} komt al voor in {gezien[uuid]}"))
        gezien[uuid] = f"{bestand} $[{i}]"

    kennis = {v.uuid for _, _, v in g.kennisartikelen} | set(Kennisartikel.objects.values_list("uuid", flat=True))
    slugs = {v.slug for _, v in g.gemeenten} | set(Gemeente.objects.values_list("slug", flat=True))
    per_gemeente: dict[tuple[str, UUID], str] = {}
    for bestand, i, v, slug in g.overlays:
        if slug not in slugs:
            problemen.append(Probleem(bestand, "$", f"gemeente '{slug}' bestaat niet en er is geen gemeente.json"))
        if v.generiekUuid is not None:
            if v.generiekUuid not in kennis:
                problemen.append(Probleem(bestand, f"$[{i}].generiekUuid", f"onbekend kennisartikel {v.generiekUuid}"))
            sleutel = (slug, v.generiekUuid)
            if sleutel in per_gemeente:
                problemen.append(
                    Probleem(
                        bestand, f"$[{i}].generiekUuid", f"deze gemeente vult dit kennisartikel al aan in {per_gemeente[sleutel]}"
                    )
                )
            per_gemeente[sleutel] = f"$[{i}]"
        elif not v.titel:
            problemen.append(Probleem(bestand, f"$[{i}].titel", "een lokaal product (generiekUuid null) heeft een titel nodig"))

    vac_gemeente = {v.uuid: v.gemeente for _, _, v in g.vacs}
    vac_gemeente.update(
        {u: s for u, s in VraagAntwoord.objects.exclude(uuid__in=list(vac_gemeente)).values_list("uuid", "gemeente__slug")}
    )
    for bestand, i, v in g.vacs:
        if v.gemeente is not None and v.gemeente not in slugs:
            problemen.append(Probleem(bestand, f"$[{i}].gemeente", f"onbekende gemeente '{v.gemeente}'"))
        if v.vervangt is not None:
            if v.vervangt not in vac_gemeente:
                problemen.append(Probleem(bestand, f"$[{i}].vervangt", f"onbekende VAC {v.vervangt}"))
            elif v.gemeente is None or vac_gemeente[v.vervangt] is not None:
                problemen.append(
                    Probleem(bestand, f"$[{i}].vervangt", "alleen een gemeentelijke VAC kan een generieke VAC vervangen")
                )
        for j, gerelateerd in enumerate(v.gerelateerdeVACs):
            if gerelateerd not in vac_gemeente:
                problemen.append(Probleem(bestand, f"$[{i}].gerelateerdeVACs[{j}]", f"onbekende VAC {gerelateerd}"))


# --- shapes <-> models ---------------------------------------------------------------------------------


def _metadata(obj) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if obj.eigenaar:
        data["eigenaar"] = obj.eigenaar
    if obj.herzieningsdatum:
        data["herzieningsdatum"] = obj.herzieningsdatum.isoformat()
    return data


def _datum(waarde) -> str | None:
    return waarde.isoformat() if waarde else None


def kennisartikel_naar_json(k: Kennisartikel) -> dict[str, Any]:
    vertaling = {"taal": k.taal, "titel": k.titel}
    vertaling.update({s.json: getattr(k, s.veld) for s in SECTIES})
    vertaling.update(
        deskMemo=k.desk_memo, trefwoorden=[{"trefwoord": t} for t in k.trefwoorden], datumWijziging=_datum(k.datum_wijziging)
    )
    return {
        "uuid": str(k.uuid),
        "upnUri": k.upn_uri,
        "upnLabel": k.upn_label,
        "doelgroep": k.doelgroep,
        "levensgebeurtenissen": list(k.levensgebeurtenissen),
        "vertalingen": [vertaling],
        **_metadata(k),
    }


def aanvulling_naar_json(a: GemeentelijkeAanvulling) -> dict[str, Any]:
    data: dict[str, Any] = {
        "uuid": str(a.uuid),
        "upnUri": a.upn_uri or (a.kennisartikel.upn_uri if a.kennisartikel_id else ""),
        "generiekUuid": str(a.kennisartikel_id) if a.kennisartikel_id else None,
        "titel": a.titel or None,
    }
    vast = {sleutel: "" for sleutel in OVERLAY_SECTIES}
    extra = []
    for sectie in a.secties.all():
        sleutel = next(
            (k for k, (veld, modus) in OVERLAY_SECTIES.items() if (veld, modus) == (sectie.sectie, sectie.modus)), None
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
        datumWijziging=_datum(a.datum_wijziging),
    )
    if extra:
        data["secties"] = extra
    if a.upn_label:
        data["upnLabel"] = a.upn_label
    if a.doelgroep:
        data["doelgroep"] = a.doelgroep
    data.update(_metadata(a))
    return data


def vac_naar_json(v: VraagAntwoord) -> dict[str, Any]:
    data = {
        "uuid": str(v.uuid),
        "vraag": v.vraag,
        "alternatieveVragen": list(v.alternatieve_vragen),
        "antwoord": v.antwoord,
        "kortAntwoord": v.kort_antwoord,
        "status": v.status,
        "doelgroep": v.doelgroep,
        "toelichting": v.toelichting,
        "afdelingen": [{"afdelingnaam": a} for a in v.afdelingen],
        "trefwoorden": [{"trefwoord": t} for t in v.trefwoorden],
        "gerelateerdeProducten": list(v.gerelateerde_producten),
        "gemeente": v.gemeente.slug if v.gemeente_id else None,
    }
    if v.gerelateerde_vacs:
        data["gerelateerdeVACs"] = list(v.gerelateerde_vacs)
    if v.vervangt_id:
        data["vervangt"] = str(v.vervangt_id)
    data.update(_metadata(v))
    return data


def sjabloon_naar_json(s: PersoonlijkSjabloon) -> dict[str, Any]:
    return {
        "uuid": str(s.uuid),
        "naam": s.naam,
        "kanalen": list(s.kanalen),
        "vereistBetrouwbaarheidsniveau": s.vereist_betrouwbaarheidsniveau,
        "bron": s.bron,
        "sjabloon": s.sjabloon,
        "gerelateerdProduct": s.gerelateerd_product,
        "voorbeeldData": s.voorbeelddata,
        **_metadata(s),
    }


def gemeente_naar_json(g: Gemeente) -> dict[str, Any]:
    return {
        "slug": g.slug,
        "naam": g.naam,
        "code": g.code,
        "inwoners": g.inwoners,
        "contact": {"telefoon": g.telefoon, "email": g.email, "adres": g.adres, "openingstijden": g.openingstijden},
        "kanalen": list(g.kanalen),
    }


def _canoniek(vorm: type[BaseModel], data: dict) -> dict:
    return vorm.model_validate(data).model_dump(mode="json")


# --- writing -------------------------------------------------------------------------------------------


class Importeur:
    def __init__(
        self,
        *,
        publiceren: bool = True,
        alleen_nieuw: bool = False,
        schrijf: Callable[[str], None] | None = None,
        interactief: bool = False,
    ):
        self.publiceren = publiceren
        self.alleen_nieuw = alleen_nieuw
        self.schrijf = schrijf
        self.interactief = interactief
        self.resultaat = ImportResultaat()

    def importeer(self, map_: Path) -> ImportResultaat:
        gelezen = lees_corpus(Path(map_))
        try:
            with transaction.atomic():
                self._schrijf_alles(gelezen)
        except _ItemFout as exc:
            raise ImportFout(exc.problemen) from exc.__cause__
        return self.resultaat

    def _voortgang(self, label: str, totaal: int) -> Voortgang:
        return Voortgang(self.schrijf, label, totaal, self.interactief)

    def _schrijf_alles(self, g: Gelezen) -> None:
        gemeenten = {}
        voortgang = self._voortgang("Gemeenten", len(g.gemeenten))
        for bestand, vorm in g.gemeenten:
            gemeenten[vorm.slug] = self._gemeente(bestand, vorm)
            voortgang.stap()
        gemeenten.update({gm.slug: gm for gm in Gemeente.objects.exclude(slug__in=list(gemeenten))})

        voortgang = self._voortgang("Kennisartikelen", len(g.kennisartikelen))
        for bestand, i, vorm in g.kennisartikelen:
            andere = sorted({t.taal for t in vorm.vertalingen if t.taal != "nl"})
            if andere:
                self.resultaat.waarschuwingen.append(
                    f"{bestand} $[{i}]: vertalingen in {', '.join(andere)} overgeslagen; de hub beheert nu alleen Nederlands."
                )
            self._item(bestand, i, Kennisartikel, vorm, KennisartikelVorm, kennisartikel_naar_json, self._vul_kennisartikel)
            voortgang.stap()

        voortgang = self._voortgang("Gemeentelijke aanvullingen", len(g.overlays))
        for bestand, i, vorm, slug in g.overlays:
            self._item(
                bestand,
                i,
                GemeentelijkeAanvulling,
                vorm,
                OverlayVorm,
                aanvulling_naar_json,
                lambda obj, v, gemeente=gemeenten[slug]: self._vul_aanvulling(obj, v, gemeente),
            )
            voortgang.stap()

        # Generiek VACs first, so a gemeente VAC can point at the one it replaces.
        vacs = sorted(g.vacs, key=lambda t: t[2].gemeente is not None)
        voortgang = self._voortgang("Vraag-antwoordcombinaties", len(vacs))
        for bestand, i, vorm in vacs:
            self._item(
                bestand,
                i,
                VraagAntwoord,
                vorm,
                VacVorm,
                vac_naar_json,
                lambda obj, v: self._vul_vac(obj, v, gemeenten),
            )
            voortgang.stap()

        voortgang = self._voortgang("Persoonlijke sjablonen", len(g.sjablonen))
        for bestand, i, vorm in g.sjablonen:
            self._item(bestand, i, PersoonlijkSjabloon, vorm, SjabloonVorm, sjabloon_naar_json, self._vul_sjabloon)
            voortgang.stap()

    def _gemeente(self, bestand: str, vorm: GemeenteVorm) -> Gemeente:
        gemeente = Gemeente.objects.filter(slug=vorm.slug).first() or Gemeente(slug=vorm.slug)
        if self.alleen_nieuw and not gemeente._state.adding:
            self.resultaat.tel("gemeenten", "ongewijzigd")
            return gemeente
        bestaand = None if gemeente._state.adding else gemeente_naar_json(gemeente)
        nieuw = vorm.model_dump(mode="json")
        if bestaand is not None and _canoniek(GemeenteVorm, bestaand) == nieuw:
            self.resultaat.tel("gemeenten", "ongewijzigd")
            return gemeente
        gemeente.naam, gemeente.code, gemeente.inwoners = vorm.naam, vorm.code, vorm.inwoners
        gemeente.telefoon, gemeente.email = vorm.contact.telefoon, vorm.contact.email
        gemeente.adres, gemeente.openingstijden = vorm.contact.adres, vorm.contact.openingstijden
        gemeente.kanalen = [str(k) for k in vorm.kanalen]
        self._valideer(gemeente, bestand, "$", _VELD_PADEN[Gemeente])
        gemeente.save()
        self.resultaat.tel("gemeenten", "gewijzigd" if bestaand else "nieuw")
        return gemeente

    def _item(self, bestand, index, model, vorm, vormklasse, naar_json, vul) -> None:
        soort = str(model._meta.verbose_name_plural)
        bestaand = model.objects.filter(pk=vorm.uuid).first()
        if bestaand is not None and self.alleen_nieuw:
            self.resultaat.tel(soort, "ongewijzigd")
            return
        if bestaand is not None and bestaand.workflow_in_progress:
            # Publishing would cancel a colleague's review; the import never decides that.
            self.resultaat.tel(soort, "overgeslagen")
            self.resultaat.waarschuwingen.append(f"{bestand} $[{index}]: '{bestaand}' is in review en is niet bijgewerkt.")
            return
        if bestaand is not None:
            huidig = bestaand.get_latest_revision_as_object()
            gelijk = _canoniek(vormklasse, naar_json(huidig)) == _vergelijkbaar(vorm)
            al_live = bestaand.live and not bestaand.has_unpublished_changes
            if gelijk and (al_live or not self.publiceren):
                self.resultaat.tel(soort, "ongewijzigd")
                return
            obj = huidig
        else:
            obj = model(uuid=vorm.uuid)
            obj.live = False
        vul(obj, vorm)
        obj.eigenaar = vorm.eigenaar
        obj.herzieningsdatum = vorm.herzieningsdatum
        # Children first: their errors can name the exact overlay key.
        for kind in _kinderen(obj):
            kindpad = getattr(obj, "_json_paden", {}).get(id(kind), "")
            if isinstance(kind, SectieAanpassing):  # the overlay key is the text itself
                self._valideer(kind, bestand, f"$[{index}]", {"tekst": kindpad}, uitsluiten=["aanvulling"])
            else:
                self._valideer(kind, bestand, f"$[{index}].{kindpad}", {}, uitsluiten=["aanvulling"])
        obj._verwijzingen_gecontroleerd = True  # references were checked against the whole corpus
        self._valideer(obj, bestand, f"$[{index}]", _veld_paden(model, vorm))
        if bestaand is None:
            obj.save()
        revisie = obj.save_revision(log_action=True, clean=False)
        if self.publiceren:
            revisie.publish(skip_permission_checks=True)
            if isinstance(obj, GemeentelijkeAanvulling):
                # The first publication sets the baseline for 'generiek gewijzigd'; later imports do not
                # count as a person's review.
                markeer_beoordeeld(obj, alleen_eerste_keer=True)
        self.resultaat.tel(soort, "gewijzigd" if bestaand is not None else "nieuw")

    def _valideer(self, obj, bestand: str, pad: str, velden: dict[str, str], uitsluiten=None) -> None:
        try:
            obj.full_clean(exclude=uitsluiten)
        except ValidationError as exc:
            problemen = []
            for veld, meldingen in exc.message_dict.items():
                sub = velden.get(veld, veld) if veld != "__all__" else ""
                problemen.append(Probleem(bestand, pad + (f".{sub}" if sub else ""), "; ".join(meldingen)))
            raise _ItemFout(problemen) from exc

    # field fillers -----------------------------------------------------------------------------------

    @staticmethod
    def _vul_kennisartikel(k: Kennisartikel, v: KennisartikelVorm) -> None:
        vertaling = next(t for t in v.vertalingen if t.taal == "nl")
        k.upn_uri, k.upn_label, k.doelgroep = v.upnUri, v.upnLabel, str(v.doelgroep)
        k.levensgebeurtenissen = [str(x) for x in v.levensgebeurtenissen]
        k.taal, k.titel = vertaling.taal, vertaling.titel
        for s in SECTIES:
            setattr(k, s.veld, getattr(vertaling, s.json))
        k.desk_memo = vertaling.deskMemo
        k.trefwoorden = [t.trefwoord for t in vertaling.trefwoorden]
        k.datum_wijziging = vertaling.datumWijziging

    @staticmethod
    def _vul_aanvulling(a: GemeentelijkeAanvulling, v: OverlayVorm, gemeente: Gemeente) -> None:
        a.gemeente = gemeente
        a.kennisartikel = Kennisartikel.objects.get(pk=v.generiekUuid) if v.generiekUuid else None
        a.upn_uri = "" if a.kennisartikel is not None and v.upnUri == a.kennisartikel.upn_uri else v.upnUri
        a.upn_label = v.upnLabel
        a.doelgroep = str(v.doelgroep) if v.doelgroep else ""
        a.titel = v.titel or ""
        secties, paden = [], []
        for sleutel, (veld, modus) in OVERLAY_SECTIES.items():
            if getattr(v, sleutel):
                secties.append(SectieAanpassing(sectie=veld, modus=modus, tekst=getattr(v, sleutel)))
                paden.append(sleutel)
        for j, x in enumerate(v.secties):
            secties.append(SectieAanpassing(sectie=JSON_NAAR_VELD[x.sectie], modus=str(x.modus), tekst=x.tekst))
            paden.append(f"secties[{j}].tekst")
        # Explicit sort_order: without it the rows come back from the database in no defined order.
        for volgorde, sectie in enumerate(secties):
            sectie.sort_order = volgorde
        a.secties = secties
        a.locaties = [
            Locatie(naam=loc.naam, adres=loc.adres, openingstijden=loc.openingstijden, sort_order=volgorde)
            for volgorde, loc in enumerate(v.locaties)
        ]
        # Where each child came from, so a validation error can name its JSON path.
        a._json_paden = {id(kind): pad for kind, pad in zip(secties, paden, strict=True)}
        a._json_paden.update({id(loc): f"locaties[{j}]" for j, loc in enumerate(a.locaties.all())})
        a.aangewezen_kanaal, a.desk_memo = v.aangewezenKanaal, v.deskMemo
        a.trefwoorden = [t.trefwoord for t in v.trefwoorden]
        a.levensgebeurtenissen = [str(x) for x in v.levensgebeurtenissen]
        a.datum_wijziging = v.datumWijziging

    @staticmethod
    def _vul_vac(obj: VraagAntwoord, v: VacVorm, gemeenten: dict[str, Gemeente]) -> None:
        obj.vraag, obj.alternatieve_vragen = v.vraag, list(v.alternatieveVragen)
        obj.antwoord, obj.kort_antwoord, obj.toelichting = v.antwoord, v.kortAntwoord, v.toelichting
        obj.status, obj.doelgroep = str(v.status), str(v.doelgroep)
        obj.afdelingen = [a.afdelingnaam for a in v.afdelingen]
        obj.trefwoorden = [t.trefwoord for t in v.trefwoorden]
        obj.gerelateerde_producten = list(v.gerelateerdeProducten)
        obj.gerelateerde_vacs = [str(u) for u in v.gerelateerdeVACs]
        obj.gemeente = gemeenten[v.gemeente] if v.gemeente else None
        obj.vervangt_id = v.vervangt

    @staticmethod
    def _vul_sjabloon(s: PersoonlijkSjabloon, v: SjabloonVorm) -> None:
        s.naam, s.sjabloon, s.bron = v.naam, v.sjabloon, v.bron
        s.kanalen = [str(k) for k in v.kanalen]
        s.vereist_betrouwbaarheidsniveau = str(v.vereistBetrouwbaarheidsniveau)
        s.gerelateerd_product = v.gerelateerdProduct
        s.voorbeelddata = v.voorbeeldData


class _ItemFout(Exception):
    """One item failed model validation; the transaction is rolled back and these are reported."""

    def __init__(self, problemen: list[Probleem]):
        self.problemen = problemen


def _nl_index(vorm: KennisartikelVorm) -> int:
    return next(i for i, t in enumerate(vorm.vertalingen) if t.taal == "nl")


def _vergelijkbaar(vorm: BaseModel) -> dict:
    """The incoming item as the hub would store and export it (only the Dutch translation is kept)."""
    data = vorm.model_dump(mode="json")
    if isinstance(vorm, KennisartikelVorm):
        data["vertalingen"] = [data["vertalingen"][_nl_index(vorm)]]
    return data


def _veld_paden(model, vorm) -> dict[str, str]:
    paden = _VELD_PADEN.get(model, {})
    if isinstance(vorm, KennisartikelVorm):
        i = _nl_index(vorm)
        paden = {veld: pad.replace("vertalingen[0]", f"vertalingen[{i}]") for veld, pad in paden.items()}
    return paden


def _kinderen(obj) -> list:
    if isinstance(obj, GemeentelijkeAanvulling):
        return list(obj.secties.all()) + list(obj.locaties.all())
    return []


# Model field -> JSON path inside one item, for error messages.
_VELD_PADEN: dict[type, dict[str, str]] = {
    Kennisartikel: {
        "upn_uri": "upnUri",
        "upn_label": "upnLabel",
        "titel": "vertalingen[0].titel",
        "desk_memo": "vertalingen[0].deskMemo",
        **{s.veld: f"vertalingen[0].{s.json}" for s in SECTIES},
    },
    GemeentelijkeAanvulling: {
        "upn_uri": "upnUri",
        "titel": "titel",
        "aangewezen_kanaal": "aangewezenKanaal",
        "desk_memo": "deskMemo",
    },
    VraagAntwoord: {
        "kort_antwoord": "kortAntwoord",
        "alternatieve_vragen": "alternatieveVragen",
        "gerelateerde_vacs": "gerelateerdeVACs",
    },
    PersoonlijkSjabloon: {"vereist_betrouwbaarheidsniveau": "vereistBetrouwbaarheidsniveau", "voorbeelddata": "voorbeeldData"},
    Gemeente: {
        "telefoon": "contact.telefoon",
        "email": "contact.email",
        "adres": "contact.adres",
        "openingstijden": "contact.openingstijden",
    },
}


# --- export ----------------------------------------------------------------------------------------------


def _schrijf_json(pad: Path, data: Any) -> None:
    pad.parent.mkdir(parents=True, exist_ok=True)
    tijdelijk = pad.with_suffix(pad.suffix + ".tmp")
    tijdelijk.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tijdelijk.replace(pad)


def _laatste(qs) -> list:
    """The published version of live items, the latest draft of items never published.

    Importing an export publishes it, so exporting an unreviewed draft of a live item would let it
    go live elsewhere without review.
    """
    return [obj if obj.live else obj.get_latest_revision_as_object() for obj in qs.order_by("aangemaakt_op", "uuid")]


def exporteer_corpus(map_: Path, schrijf: Callable[[str], None] | None = None) -> Counter:
    map_ = Path(map_)
    telling: Counter = Counter()

    def meld(bestand: str, aantal: int) -> None:
        telling[bestand] = aantal
        if schrijf:
            schrijf(f"  {bestand}: {aantal}\n")

    kennis = [kennisartikel_naar_json(k) for k in _laatste(Kennisartikel.objects.all())]
    _schrijf_json(map_ / KENNISARTIKELEN, kennis)
    meld(KENNISARTIKELEN, len(kennis))
    for gemeente in Gemeente.objects.order_by("slug"):
        _schrijf_json(map_ / GEMEENTE.format(slug=gemeente.slug), gemeente_naar_json(gemeente))
        meld(GEMEENTE.format(slug=gemeente.slug), 1)
        overlays = [aanvulling_naar_json(a) for a in _laatste(GemeentelijkeAanvulling.objects.filter(gemeente=gemeente))]
        _schrijf_json(map_ / PRODUCTEN.format(slug=gemeente.slug), overlays)
        meld(PRODUCTEN.format(slug=gemeente.slug), len(overlays))
    vacs = [vac_naar_json(v) for v in _laatste(VraagAntwoord.objects.all())]
    _schrijf_json(map_ / VACS, vacs)
    meld(VACS, len(vacs))
    sjablonen = [sjabloon_naar_json(s) for s in _laatste(PersoonlijkSjabloon.objects.all())]
    _schrijf_json(map_ / SJABLONEN, sjablonen)
    meld(SJABLONEN, len(sjablonen))
    return telling


def is_interactief() -> bool:
    return sys.stdout.isatty()
