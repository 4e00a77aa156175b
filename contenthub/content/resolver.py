"""The layer resolver: generiek ⊕ a gemeente's aanvulling → one composed answer with provenance.

Every preview and every channel composes through :func:`stel_samen`, so "every channel gives the
same answer" starts here. The core is a pure function over plain data (testable with hypothesis);
the adapters below turn model instances into that data.
"""

from __future__ import annotations

import hashlib
import json
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


@dataclass(frozen=True)
class SamengesteldAntwoord:
    gemeente: str | None
    velden: dict[str, Any]
    herkomst: dict[str, str]
    fingerprint: str = field(default="")


def fingerprint(velden: dict[str, Any]) -> str:
    """sha256 over canonical JSON: equal composed content gives an equal fingerprint, on any machine."""
    canoniek = json.dumps(velden, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canoniek.encode("utf-8")).hexdigest()


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


def aanvulling_data(aanvulling) -> AanvullingData:
    return AanvullingData(
        gemeente=aanvulling.gemeente.slug,
        titel=aanvulling.titel or "",
        secties=tuple((s.sectie, s.modus, s.tekst) for s in aanvulling.secties.all()),
        locaties=tuple(
            {"naam": loc.naam, "adres": loc.adres, "openingstijden": loc.openingstijden} for loc in aanvulling.locaties.all()
        ),
        aangewezen_kanaal=aanvulling.aangewezen_kanaal or "",
        desk_memo=aanvulling.desk_memo or "",
        trefwoorden=tuple(aanvulling.trefwoorden or ()),
        levensgebeurtenissen=tuple(aanvulling.levensgebeurtenissen or ()),
        upn_uri=aanvulling.upn_uri or (aanvulling.kennisartikel.upn_uri if aanvulling.kennisartikel_id else ""),
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


def vacs_voor_gemeente(gemeente) -> list:
    """The VACs ``gemeente`` serves: its own plus the generiek ones it has not replaced, live and *actief* only,
    never another gemeente's.

    A generiek VAC stays hidden while the gemeente has a live VAC that replaces it (``vervangt``), even
    when that VAC is not actief: the gemeente said the national answer does not hold for it. KISS does
    not filter on status, so whatever this returns is shown to agents.
    """
    from contenthub.content.models import VraagAntwoord
    from contenthub.core.enums import VacStatus

    live = VraagAntwoord.objects.filter(live=True).select_related("gemeente")
    vervangen = live.filter(gemeente=gemeente, vervangt__isnull=False).values("vervangt_id")
    generiek = live.filter(gemeente__isnull=True, status=VacStatus.ACTIEF).exclude(uuid__in=vervangen)
    eigen = live.filter(gemeente=gemeente, status=VacStatus.ACTIEF)
    return sorted([*generiek, *eigen], key=lambda v: (v.gemeente_id is not None, v.vraag, str(v.uuid)))
