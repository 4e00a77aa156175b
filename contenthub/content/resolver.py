"""The layer resolver: generiek ⊕ a gemeente's aanvulling → one composed answer with provenance.

Every preview and every channel composes through :func:`stel_samen`, so "every channel gives the
same answer" starts here. The core is a pure function over plain data (testable with hypothesis);
the adapters below turn model instances into that data.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import unicodedata
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from contenthub.content.secties import SECTIE_VELDEN


class Herkomst:
    GENERIEK = "generiek"  # the national text, unchanged
    AANGEVULD = "aangevuld"  # national text followed by the gemeente's supplement
    VERVANGEN = "vervangen"  # the gemeente's text instead of the national one
    GEMEENTE = "gemeente"  # gemeente-only content (local product, locaties, aangewezen kanaal)


@dataclass(frozen=True)
class AanvullingData:
    gemeente: str
    titel: str = ""
    secties: tuple[tuple[str, str, str], ...] = ()  # (sectie, modus, tekst)
    locaties: tuple[dict, ...] = ()
    aangewezen_kanaal: str = ""
    desk_memo: str = ""
    trefwoorden: tuple[str, ...] = ()
    levensgebeurtenissen: tuple[str, ...] = ()
    upn_uri: str = ""
    upn_label: str = ""
    doelgroep: str = ""


# Bump when the composed fields or their canonical form change: every channel then sees that all
# fingerprints changed because of the hub, not because of content.
FINGERPRINT_VERSIE = "v1"
# KCC-internal fields: part of the composed answer, never of what a public channel may see.
INTERNE_VELDEN = frozenset({"desk_memo"})


def normaliseer(waarde: Any) -> Any:
    """One spelling per text: browser textareas post CRLF while imports write LF, and Unicode has two forms of 'é'."""
    if isinstance(waarde, str):
        return unicodedata.normalize("NFC", waarde.replace("\r\n", "\n").replace("\r", "\n"))
    if isinstance(waarde, list | tuple):
        return [normaliseer(w) for w in waarde]
    if isinstance(waarde, dict):
        return {k: normaliseer(v) for k, v in waarde.items()}
    return waarde


def fingerprint(velden: dict[str, Any]) -> str:
    """Versioned sha256 over canonical JSON: equal composed content gives an equal fingerprint, on any machine."""
    canoniek = json.dumps(velden, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return f"{FINGERPRINT_VERSIE}:sha256:" + hashlib.sha256(canoniek.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SamengesteldAntwoord:
    gemeente: str | None
    velden: dict[str, Any]
    herkomst: dict[str, str]
    fingerprint: str = field(default="")

    @property
    def publieke_velden(self) -> dict[str, Any]:
        """What a public channel may show: without the KCC-internal fields."""
        return {k: v for k, v in self.velden.items() if k not in INTERNE_VELDEN}

    @property
    def publieke_fingerprint(self) -> str:
        return fingerprint(self.publieke_velden)


def _samenvoegen(*delen: str) -> str:
    return "\n\n".join(d.strip() for d in delen if d and d.strip())


def _uniek(*lijsten) -> list[str]:
    gezien: dict[str, None] = {}
    for lijst in lijsten:
        for waarde in lijst:
            gezien.setdefault(waarde, None)
    return list(gezien)


def stel_samen(generiek: dict[str, Any] | None, aanvullingen: list[AanvullingData], gemeente: str | None) -> SamengesteldAntwoord:
    """Compose the answer for ``gemeente`` (None: the generiek answer alone).

    Only the aanvulling of that gemeente is used; per section a *vervangen* entry beats an
    *aanvullen* entry, which beats the generiek text.
    """
    eigen = [a for a in aanvullingen if gemeente is not None and a.gemeente == gemeente]
    aanvulling = eigen[-1] if eigen else None
    velden: dict[str, Any] = {}
    herkomst: dict[str, str] = {}

    if generiek is None:
        if aanvulling is None:
            raise ValueError("Niets om samen te stellen: geen kennisartikel en geen aanvulling voor deze gemeente.")
        basis = {
            "titel": "",
            "upn_uri": aanvulling.upn_uri,
            "upn_label": aanvulling.upn_label,
            "doelgroep": aanvulling.doelgroep,
            "desk_memo": "",
            "trefwoorden": [],
            "levensgebeurtenissen": [],
        }
        basis.update({veld: "" for veld in SECTIE_VELDEN})
        basis_herkomst = Herkomst.GEMEENTE
    else:
        basis = generiek
        basis_herkomst = Herkomst.GENERIEK

    for veld in ("upn_uri", "upn_label", "doelgroep"):
        velden[veld] = basis.get(veld, "")
        herkomst[veld] = basis_herkomst

    if aanvulling and aanvulling.titel:
        velden["titel"] = aanvulling.titel
        herkomst["titel"] = Herkomst.GEMEENTE if generiek is None else Herkomst.VERVANGEN
    else:
        velden["titel"] = basis.get("titel", "")
        herkomst["titel"] = basis_herkomst

    for veld in SECTIE_VELDEN:
        basistekst = basis.get(veld, "") or ""
        regels = [(modus, tekst) for sectie, modus, tekst in (aanvulling.secties if aanvulling else ()) if sectie == veld]
        vervangen = [tekst for modus, tekst in regels if modus == "vervangen"]
        aanvullen = [tekst for modus, tekst in regels if modus != "vervangen"]
        if generiek is None and regels:
            velden[veld] = _samenvoegen(*vervangen[-1:], *aanvullen)
            herkomst[veld] = Herkomst.GEMEENTE
        elif vervangen:
            velden[veld] = vervangen[-1].strip()
            herkomst[veld] = Herkomst.VERVANGEN
        elif aanvullen:
            velden[veld] = _samenvoegen(basistekst, *aanvullen)
            herkomst[veld] = Herkomst.AANGEVULD if basistekst.strip() else Herkomst.GEMEENTE
        else:
            velden[veld] = basistekst.strip()
            herkomst[veld] = basis_herkomst

    def _herkomst_lijst(eigen_deel, basis_deel) -> str:
        if not eigen_deel:
            return basis_herkomst
        return Herkomst.AANGEVULD if generiek is not None and basis_deel else Herkomst.GEMEENTE

    lokaal_memo = (aanvulling.desk_memo if aanvulling else "").strip()
    velden["desk_memo"] = _samenvoegen(basis.get("desk_memo", ""), lokaal_memo)
    herkomst["desk_memo"] = _herkomst_lijst(lokaal_memo, (basis.get("desk_memo") or "").strip())
    for veld in ("trefwoorden", "levensgebeurtenissen"):
        basis_lijst = list(basis.get(veld, []))
        nieuw = [w for w in (getattr(aanvulling, veld) if aanvulling else ()) if w not in basis_lijst]
        velden[veld] = _uniek(basis_lijst, nieuw)
        herkomst[veld] = _herkomst_lijst(nieuw, basis_lijst)

    velden["locaties"] = [dict(loc) for loc in aanvulling.locaties] if aanvulling else []
    herkomst["locaties"] = Herkomst.GEMEENTE
    velden["aangewezen_kanaal"] = aanvulling.aangewezen_kanaal if aanvulling else ""
    herkomst["aangewezen_kanaal"] = Herkomst.GEMEENTE

    velden = normaliseer(velden)
    return SamengesteldAntwoord(gemeente=gemeente, velden=velden, herkomst=herkomst, fingerprint=fingerprint(velden))


# --- adapters from models -------------------------------------------------------------------------


def generiek_data(kennisartikel) -> dict[str, Any]:
    data = {veld: getattr(kennisartikel, veld) or "" for veld in SECTIE_VELDEN}
    data.update(
        titel=kennisartikel.titel,
        upn_uri=kennisartikel.upn_uri,
        upn_label=kennisartikel.upn_label,
        doelgroep=kennisartikel.doelgroep,
        desk_memo=kennisartikel.desk_memo or "",
        trefwoorden=list(kennisartikel.trefwoorden or []),
        levensgebeurtenissen=list(kennisartikel.levensgebeurtenissen or []),
    )
    return data


def aanvulling_data(aanvulling, gemeente_slug: str | None = None, upn_uri_generiek: str | None = None) -> AanvullingData:
    """The bulk path passes what it already knows (slug, the article's URI), so no row costs an extra query."""
    if not aanvulling.upn_uri and upn_uri_generiek is None and aanvulling.kennisartikel_id:
        upn_uri_generiek = aanvulling.kennisartikel.upn_uri
    return AanvullingData(
        gemeente=gemeente_slug or aanvulling.gemeente.slug,
        titel=aanvulling.titel or "",
        secties=tuple((s.sectie, s.modus, s.tekst) for s in aanvulling.secties.all()),
        locaties=tuple(
            {"naam": loc.naam, "adres": loc.adres, "openingstijden": loc.openingstijden} for loc in aanvulling.locaties.all()
        ),
        aangewezen_kanaal=aanvulling.aangewezen_kanaal or "",
        desk_memo=aanvulling.desk_memo or "",
        trefwoorden=tuple(aanvulling.trefwoorden or ()),
        levensgebeurtenissen=tuple(aanvulling.levensgebeurtenissen or ()),
        upn_uri=aanvulling.upn_uri or upn_uri_generiek or "",
        upn_label=aanvulling.upn_label or "",
        doelgroep=aanvulling.doelgroep or "",
    )


class NietGepubliceerd(LookupError):
    """A channel asked for an answer whose generiek basis is not live (never published, withdrawn, expired)."""


def samengesteld(kennisartikel, gemeente, *, aanvulling=None, alleen_live: bool = False) -> SamengesteldAntwoord:
    """Compose from model instances. Without an explicit ``aanvulling`` the gemeente's *live* one is used
    (the database row holds the published version; drafts live in revisions).

    Previews pass drafts; channels pass ``alleen_live=True``, because the row of a never-published or
    withdrawn kennisartikel holds text that must not reach a citizen.
    """
    if alleen_live:
        for item in (kennisartikel, aanvulling):
            if item is not None and not item.live:
                raise NietGepubliceerd(f"'{item}' is niet gepubliceerd.")
    slug = gemeente.slug if gemeente is not None else None
    if aanvulling is None and gemeente is not None and kennisartikel is not None:
        aanvulling = kennisartikel.aanvullingen.filter(gemeente=gemeente, live=True).first()
    aanvullingen = [aanvulling_data(aanvulling)] if aanvulling is not None else []
    generiek = generiek_data(kennisartikel) if kennisartikel is not None else None
    return stel_samen(generiek, aanvullingen, slug)


# --- bulk: the one door through which channels, the API and the search read composed content -----------


@dataclass(frozen=True)
class Samenstelling:
    """One composed product for one gemeente: a generiek kennisartikel (with that gemeente's aanvulling, if
    any) or a product that exists only in that gemeente."""

    uuid: Any  # the kennisartikel's uuid, or the local aanvulling's
    gemeente: Any  # Gemeente instance
    antwoord: SamengesteldAntwoord
    kennisartikel: Any = None
    aanvulling: Any = None

    @property
    def is_lokaal(self) -> bool:
        return self.kennisartikel is None


def samengesteld_bulk(
    gemeenten: Iterable,
    kennisartikelen: Iterable | None = None,
    *,
    alleen_live: bool = True,
    met_lokale: bool = True,
    batch: int = 50,
) -> Iterator[Samenstelling]:
    """Compose many products for many gemeenten with a constant number of queries per batch of gemeenten.

    Per batch: one query for the aanvullingen (with their gemeente), one each for their secties and
    locaties; the kennisartikelen are read once. Each result equals what :func:`samengesteld` gives for
    the same pair, fingerprint included. ``alleen_live`` (the default, for channels) uses only live rows;
    previews pass False. Ordered by gemeente (as given), then kennisartikel title, then local products.
    """
    from contenthub.content.models import GemeentelijkeAanvulling, Kennisartikel

    if kennisartikelen is None:
        kennisartikelen = Kennisartikel.objects.filter(live=True) if alleen_live else Kennisartikel.objects.all()
    artikelen = sorted(kennisartikelen, key=lambda k: (k.titel, str(k.uuid)))
    if alleen_live:
        artikelen = [k for k in artikelen if k.live]
    generiek = {k.uuid: generiek_data(k) for k in artikelen}
    artikel_ids = list(generiek)
    zonder_aanvulling: dict[Any, SamengesteldAntwoord] = {}
    gemeenten = list(gemeenten)
    for begin in range(0, len(gemeenten), batch):
        deel = gemeenten[begin : begin + batch]
        qs = GemeentelijkeAanvulling.objects.filter(gemeente__in=deel)
        if alleen_live:
            qs = qs.filter(live=True)
        # Only the aanvullingen of the articles asked for (and local products): one query, whatever the size.
        qs = qs.filter(kennisartikel__in=artikel_ids) | (qs.filter(kennisartikel__isnull=True) if met_lokale else qs.none())
        per_paar: dict[tuple, Any] = {}
        lokaal: dict[Any, list] = defaultdict(list)
        for a in qs.prefetch_related("secties", "locaties"):
            if a.kennisartikel_id is None:
                lokaal[a.gemeente_id].append(a)
            else:
                per_paar[(a.gemeente_id, a.kennisartikel_id)] = a
        for gemeente in deel:
            for k in artikelen:
                a = per_paar.get((gemeente.pk, k.uuid))
                if a is None:
                    # Most pairs have no aanvulling; their composition is the generiek one, only the gemeente differs.
                    basis = zonder_aanvulling.get(k.uuid)
                    if basis is None:
                        basis = zonder_aanvulling[k.uuid] = stel_samen(generiek[k.uuid], [], gemeente.slug)
                    antwoord = dataclasses.replace(basis, gemeente=gemeente.slug, velden=dict(basis.velden))
                else:
                    antwoord = stel_samen(generiek[k.uuid], [aanvulling_data(a, gemeente.slug, k.upn_uri)], gemeente.slug)
                yield Samenstelling(k.uuid, gemeente, antwoord, kennisartikel=k, aanvulling=a)
            for a in sorted(lokaal.get(gemeente.pk, []), key=lambda a: (a.titel, str(a.uuid))):
                antwoord = stel_samen(None, [aanvulling_data(a, gemeente.slug)], gemeente.slug)
                yield Samenstelling(a.uuid, gemeente, antwoord, aanvulling=a)


def vacs_per_gemeente(gemeenten: Iterable, uuids: Iterable | None = None) -> dict[str, list]:
    """The VACs each gemeente serves: its own plus the generiek ones it has not replaced, live and *actief*
    only, never another gemeente's. One query, whatever the number of gemeenten or VACs.

    A generiek VAC stays hidden while the gemeente has a live VAC that replaces it (``vervangt``), even
    when that VAC is not actief: the gemeente said the national answer does not hold for it. KISS does
    not filter on status, so whatever this returns is shown to agents. ``gerelateerde_vacs`` of each
    returned VAC are remapped to the gemeente's replacements and to VACs it actually serves.

    ``uuids`` limits the result to those VACs (a delivery of a few changed VACs): two queries that read
    only those rows, the VACs they refer to and the gemeente VACs replacing either, not the whole catalogue.
    """
    from django.db.models import Q

    from contenthub.content.models import VraagAntwoord
    from contenthub.core.enums import VacStatus

    gemeenten = list(gemeenten)
    basis = VraagAntwoord.objects.filter(live=True).filter(Q(gemeente__isnull=True) | Q(gemeente__in=gemeenten))
    if uuids is None:
        rijen = list(basis.select_related("gemeente").order_by("vraag", "uuid"))
        gevraagd = None
    else:
        gevraagd = {uuid.UUID(str(u)) for u in uuids}
        doelen = list(basis.filter(uuid__in=gevraagd).select_related("gemeente"))
        verwezen = {u for v in doelen for u in map(_als_uuid, v.gerelateerde_vacs) if u is not None}
        extra = basis.filter(
            Q(uuid__in=verwezen - gevraagd) | Q(gemeente__isnull=False, vervangt_id__in=gevraagd | verwezen)
        ).exclude(uuid__in=gevraagd)
        rijen = sorted([*doelen, *extra.select_related("gemeente")], key=lambda v: (v.vraag, str(v.uuid)))
    generiek = [v for v in rijen if v.gemeente_id is None]
    per_gemeente: dict[Any, list] = defaultdict(list)
    for v in rijen:
        if v.gemeente_id is not None:
            per_gemeente[v.gemeente_id].append(v)
    uit: dict[str, list] = {}
    for gemeente in gemeenten:
        eigen = per_gemeente.get(gemeente.pk, [])
        vervangen_door = {v.vervangt_id: v for v in eigen if v.vervangt_id}
        zichtbaar = [v for v in generiek if v.uuid not in vervangen_door and v.status == VacStatus.ACTIEF]
        zichtbaar += [v for v in eigen if v.status == VacStatus.ACTIEF]
        getoond = {str(v.uuid) for v in zichtbaar}
        resultaat = []
        for v in zichtbaar:
            verwijzingen = []
            for ref in v.gerelateerde_vacs:
                vervanger = vervangen_door.get(_als_uuid(ref))
                ref = str(vervanger.uuid) if vervanger is not None else ref
                if (ref in getoond or "://" in ref) and ref not in verwijzingen and ref != str(v.uuid):
                    verwijzingen.append(ref)
            if verwijzingen != list(v.gerelateerde_vacs):
                v = copy.copy(v)  # the row may be shared with other gemeenten: never change it in place
                v.gerelateerde_vacs = verwijzingen
            resultaat.append(v)
        uit[gemeente.slug] = resultaat if gevraagd is None else [v for v in resultaat if v.uuid in gevraagd]
    return uit


def _als_uuid(waarde: str):
    try:
        return uuid.UUID(str(waarde))
    except ValueError:
        return None


def vacs_voor_gemeente(gemeente) -> list:
    """:func:`vacs_per_gemeente` for one gemeente."""
    return vacs_per_gemeente([gemeente])[gemeente.slug]
