"""Reading a corpus folder (or one file) into validated shapes, with every problem named by file and JSON path.

Django-free: checks that need the database (references to content already in the hub) live in
:mod:`contenthub.uitwisseling.importeren`. Published files (``vacs.json``,
``generiek/kennisartikelen.json``) may hold plain records or Objecten API objects as
``GET /api/v2/objects`` returns them (a list, a page, or a list of pages); the shape decides.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from contenthub.uitwisseling.html import is_html, naar_markdown
from contenthub.uitwisseling.vormen import (
    SECTIE_SLEUTELS,
    GemeenteVorm,
    KennisartikelVorm,
    ObjectenObject,
    OverlayVorm,
    SjabloonVorm,
    VacVorm,
    is_objecten_object,
    is_objecten_pagina,
    onbekende_velden,
)

KENNISARTIKELEN = "generiek/kennisartikelen.json"
VACS = "vacs.json"
SJABLONEN = "persoonlijk/sjablonen.json"
GEMEENTE = "gemeenten/{slug}/gemeente.json"
PRODUCTEN = "gemeenten/{slug}/producten.json"


def json_pad(loc: Iterable[Any], begin: str = "$") -> str:
    pad = begin
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


@dataclass
class Record:
    """One validated item and where it came from, so a later error can still name its file and path."""

    bestand: str
    pad: str  # JSON path of the item itself, e.g. "$[3]" or "$.results[3].record.data"
    vorm: Any
    ruw: dict = field(default_factory=dict)  # the item as the source sent it (published shapes only)
    gemeente: str | None = None  # overlays and a gemeente's own kennisartikelen: the gemeente's slug
    # Path of a field in the stored shape -> its path in the source, when the two differ (import --gemeente).
    paden: dict[str, str] = field(default_factory=dict)

    @property
    def plek(self) -> str:
        return f"{self.bestand} {self.pad}"


@dataclass
class Gelezen:
    gemeenten: list[tuple[str, GemeenteVorm]] = field(default_factory=list)
    kennisartikelen: list[Record] = field(default_factory=list)
    lokale_kennisartikelen: list[Record] = field(default_factory=list)  # --gemeente: that gemeente's own articles
    overlays: list[Record] = field(default_factory=list)
    vacs: list[Record] = field(default_factory=list)
    sjablonen: list[Record] = field(default_factory=list)
    waarschuwingen: list[str] = field(default_factory=list)
    html_omgezet: int = 0

    @property
    def aantal(self) -> int:
        return (
            len(self.gemeenten)
            + len(self.kennisartikelen)
            + len(self.lokale_kennisartikelen)
            + len(self.overlays)
            + len(self.vacs)
            + len(self.sjablonen)
        )


def pydantic_melding(fout: dict) -> str:
    soort = fout.get("type", "")
    if soort == "missing":
        return "verplicht veld ontbreekt"
    if soort == "extra_forbidden":
        return "onbekend veld (tikfout?)"
    if soort in ("enum", "literal_error"):
        verwacht = fout.get("ctx", {}).get("expected", "")
        return (
            f"ongeldige waarde {fout.get('input')!r}; verwacht {verwacht}"
            if verwacht
            else f"ongeldige waarde {fout.get('input')!r}"
        )
    if soort == "string_too_short":
        return "mag niet leeg zijn"
    if soort == "string_too_long":
        return f"te lang ({len(fout.get('input', ''))} tekens, maximaal {fout.get('ctx', {}).get('max_length')})"
    if soort == "none_required":
        return "moet null zijn (zo eist het gepubliceerde schema)"
    if soort == "uuid_parsing":
        return f"geen geldige uuid: {fout.get('input')!r}"
    if soort.startswith("date") or soort.startswith("datetime"):
        return f"geen geldige datum of datum-tijd: {fout.get('input')!r}"
    if soort == "value_error":
        return str(fout.get("ctx", {}).get("error", fout.get("msg", "ongeldige waarde")))
    return fout.get("msg", "ongeldige waarde")


def _laad_json(pad: Path, bestand: str, problemen: list[Probleem], map_: Path | None = None) -> Any:
    if map_ is not None and not pad.resolve().is_relative_to(map_.resolve()):
        # A symbolic link out of the corpus folder could make the import read any file the process may read.
        problemen.append(
            Probleem(bestand, "", "verwijst (via een symbolische link) naar een bestand buiten de corpusmap; geweigerd")
        )
        return None
    try:
        return json.loads(pad.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        problemen.append(Probleem(bestand, f"regel {exc.lineno}, kolom {exc.colno}", f"ongeldige JSON: {exc.msg}"))
    except UnicodeDecodeError:
        problemen.append(Probleem(bestand, "$", "het bestand is geen UTF-8-tekst"))
    except OSError as exc:
        problemen.append(Probleem(bestand, "", f"kan het bestand niet lezen: {exc.strerror or exc}"))
    return None


class Lezer:
    """Collects problems and warnings while reading; raises :class:`ImportFout` at the end if anything is wrong."""

    def __init__(self, *, gemeente: str | None = None):
        self.gemeente = gemeente
        self.problemen: list[Probleem] = []
        self.gelezen = Gelezen()
        # Unknown fields per (file, path pattern): a dump of thousands of records gets one line per field.
        self.onbekend: dict[tuple[str, str], list[str]] = {}

    def meld_onbekende_velden(self) -> None:
        for (bestand, patroon), plekken in self.onbekend.items():
            if len(plekken) == 1:
                tekst = f"{bestand} {plekken[0]}: onbekend veld, bewaard; de export geeft het ongewijzigd terug."
            else:
                tekst = (
                    f"{bestand} {patroon}: onbekend veld in {len(plekken)} items (eerste: {plekken[0]}), bewaard; "
                    "de export geeft het ongewijzigd terug."
                )
            self.gelezen.waarschuwingen.append(tekst)

    # --- one item ---------------------------------------------------------------------------------

    def valideer(self, vorm: type[BaseModel], data: Any, bestand: str, pad: str) -> Any | None:
        if not isinstance(data, dict):
            self.problemen.append(Probleem(bestand, pad, "verwacht een JSON-object"))
            return None
        gepubliceerd = vorm.model_config.get("extra") == "allow"
        for loc, bedoeld in onbekende_velden(vorm, data):
            plek = json_pad(loc, pad)
            if bedoeld:
                self.problemen.append(Probleem(bestand, plek, f"onbekend veld; bedoelt u '{bedoeld}'?"))
            elif gepubliceerd:
                self.onbekend.setdefault((bestand, _patroon(plek)), []).append(plek)
        try:
            resultaat = vorm.model_validate(data)
        except PydanticValidationError as exc:
            for fout in exc.errors():
                if fout.get("type") == "extra_forbidden":
                    continue  # reported above, with the name that was probably meant
                self.problemen.append(Probleem(bestand, json_pad(fout["loc"], pad), pydantic_melding(fout)))
            if not gepubliceerd:
                for loc, bedoeld in onbekende_velden(vorm, data):
                    if not bedoeld:
                        self.problemen.append(Probleem(bestand, json_pad(loc, pad), "onbekend veld (tikfout?)"))
            return None
        self._html_naar_markdown(resultaat)
        return resultaat

    def _zet_om(self, obj: Any, veld: str) -> None:
        waarde = getattr(obj, veld)
        if isinstance(waarde, str) and is_html(waarde):
            setattr(obj, veld, naar_markdown(waarde))
            self.gelezen.html_omgezet += 1

    def _html_naar_markdown(self, vorm: Any) -> None:
        """Sources send HTML (SDG-invoervoorziening, PDC systems); the hub keeps Markdown inside."""
        if isinstance(vorm, KennisartikelVorm):
            for veld in (*SECTIE_SLEUTELS, "deskMemo"):
                self._zet_om(vorm.nl, veld)
        elif isinstance(vorm, VacVorm):
            for veld in ("antwoord", "toelichting", "kortAntwoord"):
                self._zet_om(vorm, veld)
        elif isinstance(vorm, OverlayVorm):
            for veld in ("specifiekeTekst", "kostenEnBetaalmethoden", "procedureBeschrijving", "deskMemo"):
                self._zet_om(vorm, veld)
            for sectie in vorm.secties:
                self._zet_om(sectie, "tekst")
            for locatie in vorm.locaties:
                self._zet_om(locatie, "openingstijden")
        elif isinstance(vorm, SjabloonVorm):
            self._zet_om(vorm, "sjabloon")

    # --- published files: plain records or Objecten API objects ------------------------------------

    def items(self, data: Any, bestand: str) -> list[tuple[str, dict, UUID | None]]:
        """(path, record data, Objecten object uuid) of each item, whatever the file's shape."""
        if is_objecten_pagina(data):
            return self._pagina(data, bestand, "$")
        if not isinstance(data, list):
            self.problemen.append(
                Probleem(bestand, "$", "verwacht een JSON-lijst met items, of een pagina van de Objecten API {count, results}")
            )
            return []
        if data and all(is_objecten_pagina(p) for p in data):
            return [item for i, pagina in enumerate(data) for item in self._pagina(pagina, bestand, f"$[{i}]")]
        uit = []
        for i, item in enumerate(data):
            pad = f"$[{i}]"
            if is_objecten_object(item):
                uit += self._object(item, bestand, pad)
            else:
                uit.append((pad, item, None))
        return uit

    def _pagina(self, pagina: dict, bestand: str, pad: str) -> list:
        if pagina.get("next"):
            self.gelezen.waarschuwingen.append(
                f"{bestand} {pad}.next: er is nog een volgende pagina ({pagina['next']}); alleen de objecten in dit "
                "bestand worden geïmporteerd. Haal alle pagina's op en zet ze samen in een lijst."
            )
        uit = []
        for i, item in enumerate(pagina["results"]):
            uit += self._object(item, bestand, f"{pad}.results[{i}]")
        return uit

    def _object(self, item: Any, bestand: str, pad: str) -> list:
        try:
            obj = ObjectenObject.model_validate(item)
        except PydanticValidationError as exc:
            for fout in exc.errors():
                self.problemen.append(Probleem(bestand, json_pad(fout["loc"], pad), pydantic_melding(fout)))
            return []
        return [(f"{pad}.record.data", obj.record.data, obj.uuid)]

    def lees_vacs(self, data: Any, bestand: str) -> None:
        for pad, item, object_uuid in self.items(data, bestand):
            item = _met_object_uuid(item, object_uuid)
            vorm = self.valideer(VacVorm, item, bestand, pad)
            if vorm is None:
                continue
            if vorm.uuid is None:
                self.problemen.append(
                    Probleem(bestand, f"{pad}.uuid", "verplicht veld ontbreekt (de hub herkent items aan hun uuid)")
                )
                continue
            if self.gemeente is not None:
                if vorm.gemeente not in (None, self.gemeente):
                    self.problemen.append(
                        Probleem(bestand, f"{pad}.gemeente", f"'{vorm.gemeente}' wijkt af van --gemeente {self.gemeente}")
                    )
                    continue
                vorm.gemeente = self.gemeente
            self.gelezen.vacs.append(Record(bestand, pad, vorm, _ruw(item)))

    def lees_kennisartikelen(self, data: Any, bestand: str) -> None:
        for pad, item, object_uuid in self.items(data, bestand):
            item = _met_object_uuid(item, object_uuid)
            vorm = self.valideer(KennisartikelVorm, item, bestand, pad)
            if vorm is None:
                continue
            andere = sorted({v.taal for v in vorm.vertalingen if v.taal != "nl"})
            if andere:
                self.gelezen.waarschuwingen.append(
                    f"{bestand} {pad}: vertalingen in {', '.join(andere)} bewaard maar niet bewerkbaar; "
                    "de hub beheert nu alleen de Nederlandse tekst."
                )
            record = Record(bestand, pad, vorm, _ruw(item), gemeente=self.gemeente)
            (self.gelezen.lokale_kennisartikelen if self.gemeente else self.gelezen.kennisartikelen).append(record)

    def lees_lijst(self, vorm: type[BaseModel], data: Any, bestand: str, doel: list, gemeente: str | None = None) -> None:
        if not isinstance(data, list):
            self.problemen.append(Probleem(bestand, "$", "verwacht een JSON-lijst met items"))
            return
        for i, item in enumerate(data):
            resultaat = self.valideer(vorm, item, bestand, f"$[{i}]")
            if resultaat is not None:
                doel.append(Record(bestand, f"$[{i}]", resultaat, gemeente=gemeente))


def _met_object_uuid(item: Any, object_uuid: UUID | None) -> Any:
    """KISS identifies an item by its Objecten object uuid when the data has none; the hub keeps that identity."""
    if isinstance(item, dict) and "uuid" not in item and object_uuid is not None:
        return {**item, "uuid": str(object_uuid)}
    return item


def _patroon(pad: str) -> str:
    return re.sub(r"\[\d+\]", "[*]", pad)


def _ruw(item: Any) -> dict:
    return item if isinstance(item, dict) else {}


def soort_van_bestand(data: Any) -> str | None:
    """'vacs' or 'kennisartikelen' for a single published file, judged by its first record."""
    lezer = Lezer()
    items = lezer.items(data, "")
    if not items or not isinstance(items[0][1], dict):
        return None
    eerste = items[0][1]
    if "vraag" in eerste or "antwoord" in eerste:
        return "vacs"
    if "vertalingen" in eerste or "upnUri" in eerste:
        return "kennisartikelen"
    return None


def lees_corpus(pad: Path, *, gemeente: str | None = None) -> Gelezen:
    """Read and validate a corpus folder, or one published file; raise ImportFout listing every problem.

    With ``gemeente`` the VACs and kennisartikelen read become that gemeente's own items.
    """
    pad = Path(pad)
    lezer = Lezer(gemeente=gemeente)
    if pad.is_file():
        _lees_bestand(lezer, pad)
    elif pad.is_dir():
        _lees_map(lezer, pad)
    else:
        raise ImportFout([Probleem(str(pad), "", "map of bestand bestaat niet")])
    lezer.meld_onbekende_velden()
    if lezer.problemen:
        raise ImportFout(lezer.problemen)
    return lezer.gelezen


def _lees_bestand(lezer: Lezer, pad: Path) -> None:
    data = _laad_json(pad, pad.name, lezer.problemen)
    if data is None:
        return
    soort = soort_van_bestand(data)
    if soort == "vacs":
        lezer.lees_vacs(data, pad.name)
    elif soort == "kennisartikelen":
        lezer.lees_kennisartikelen(data, pad.name)
    else:
        lezer.problemen.append(
            Probleem(
                pad.name, "$", "geen VAC's of kennisartikelen herkend (verwacht 'vraag'/'antwoord' of 'upnUri'/'vertalingen')"
            )
        )


def _lees_map(lezer: Lezer, map_: Path) -> None:
    gemeenten_map = map_ / "gemeenten"
    gemeente_mappen = sorted(p for p in gemeenten_map.glob("*") if p.is_dir()) if gemeenten_map.is_dir() else []
    bekende = [KENNISARTIKELEN, VACS, SJABLONEN]
    if not gemeente_mappen and not any((map_ / b).exists() for b in bekende):
        raise ImportFout(
            [Probleem(str(map_), "", f"geen corpusbestanden gevonden (verwacht {', '.join(bekende)} of gemeenten/<slug>/)")]
        )
    g = lezer.gelezen
    for gemeente_map in gemeente_mappen:
        slug = gemeente_map.name
        bestand = GEMEENTE.format(slug=slug)
        if (map_ / bestand).exists():
            data = _laad_json(map_ / bestand, bestand, lezer.problemen, map_)
            if data is not None:
                vorm = lezer.valideer(GemeenteVorm, data, bestand, "$")
                if vorm is not None:
                    if vorm.slug != slug:
                        lezer.problemen.append(Probleem(bestand, "$.slug", f"'{vorm.slug}' wijkt af van de mapnaam '{slug}'"))
                    g.gemeenten.append((bestand, vorm))
        bestand = PRODUCTEN.format(slug=slug)
        if (map_ / bestand).exists():
            data = _laad_json(map_ / bestand, bestand, lezer.problemen, map_)
            if data is not None:
                lezer.lees_lijst(OverlayVorm, data, bestand, g.overlays, gemeente=slug)

    for bestand, lees in ((KENNISARTIKELEN, lezer.lees_kennisartikelen), (VACS, lezer.lees_vacs)):
        if (map_ / bestand).exists():
            data = _laad_json(map_ / bestand, bestand, lezer.problemen, map_)
            if data is not None:
                lees(data, bestand)
    if (map_ / SJABLONEN).exists():
        data = _laad_json(map_ / SJABLONEN, SJABLONEN, lezer.problemen, map_)
        if data is not None:
            lezer.lees_lijst(SjabloonVorm, data, SJABLONEN, g.sjablonen)
