"""Channel items for many gemeenten at once, through the bulk resolver (the one door to composed content).

Turns :class:`~contenthub.content.resolver.Samenstelling` and the VACs a gemeente serves into the typed
payloads of :mod:`publishers.payload`. A constant number of queries per batch of gemeenten, whatever the
number of items, so a generiek change for 342 gemeenten costs a handful of queries, not thousands.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

from contenthub.content.models import GemeentelijkeAanvulling, Kennisartikel
from contenthub.content.resolver import samengesteld_bulk, vacs_per_gemeente
from contenthub.content.secties import SECTIES
from contenthub.core.markdown import html_van
from contenthub.core.models import Gemeente
from contenthub.uitwisseling.omzetten import publieke_url
from publishers.payload import GemeenteGegevens, Item, Product, Sectie, Vac

Sleutel = tuple[UUID, str, UUID]  # (gemeente pk, soort, item uuid)


_html = html_van  # one cached renderer (contenthub.core.markdown)


@dataclass
class Doelen:
    """Which items to compose: None for a soort means all of them (a sweep, a gemeente's contact data, a rebuild)."""

    kennisartikelen: set[UUID] | None = field(default_factory=set)  # generiek articles
    lokale: set[UUID] | None = field(default_factory=set)  # local products (aanvulling uuids)
    vacs: set[UUID] | None = field(default_factory=set)

    @classmethod
    def alles(cls) -> Doelen:
        return cls(None, None, None)

    def leeg(self) -> bool:
        return all(d is not None and not d for d in (self.kennisartikelen, self.lokale, self.vacs))

    def omvat(self, soort: str, uuid: UUID) -> bool:
        if soort == "vac":
            return self.vacs is None or uuid in self.vacs
        return self.kennisartikelen is None or uuid in self.kennisartikelen or self.lokale is None or uuid in self.lokale

    def samen(self, ander: Doelen) -> Doelen:
        def plus(a, b):
            return None if a is None or b is None else a | b

        return Doelen(
            plus(self.kennisartikelen, ander.kennisartikelen), plus(self.lokale, ander.lokale), plus(self.vacs, ander.vacs)
        )


def website_url(gemeente: Gemeente, soort: str, uuid: UUID) -> str:
    pad = "producten" if soort == "kennisartikel" else "vragen"
    return publieke_url(f"{gemeente.slug}/{pad}/{uuid}")


def gemeente_gegevens(gemeente: Gemeente) -> GemeenteGegevens:
    return GemeenteGegevens(
        slug=gemeente.slug,
        naam=gemeente.naam,
        code=gemeente.code,
        telefoon=gemeente.telefoon,
        email=gemeente.email,
        adres=gemeente.adres,
        openingstijden_html=_html(gemeente.openingstijden),
    )


def _product(s, gegevens: GemeenteGegevens) -> Product:
    velden, herkomst = s.antwoord.velden, s.antwoord.herkomst
    secties = tuple(
        Sectie(
            sleutel=x.json,
            titel=x.label,
            markdown=velden[x.veld],
            html=_html(velden[x.veld]),
            herkomst=herkomst[x.veld],
        )
        for x in SECTIES
        if velden.get(x.veld)
    )
    return Product(
        uuid=s.uuid,
        gemeente=gegevens,
        titel=velden["titel"],
        upn_uri=velden.get("upn_uri", ""),
        upn_label=velden.get("upn_label", ""),
        doelgroep=velden.get("doelgroep", ""),
        trefwoorden=tuple(velden.get("trefwoorden", ())),
        levensgebeurtenissen=tuple(velden.get("levensgebeurtenissen", ())),
        secties=secties,
        locaties=tuple(velden.get("locaties", ())),
        aangewezen_kanaal=velden.get("aangewezen_kanaal", ""),
        desk_memo_html=_html(velden.get("desk_memo", "")),
        zoekgewicht=_zoekgewicht(s),
        url=website_url(s.gemeente, "kennisartikel", s.uuid),
        revisies={
            "kennisartikel": s.kennisartikel.live_revision_id if s.kennisartikel else None,
            "aanvulling": s.aanvulling.live_revision_id if s.aanvulling else None,
        },
        lokaal=s.is_lokaal,
        spoed=bool((s.kennisartikel and s.kennisartikel.spoed) or (s.aanvulling and s.aanvulling.spoed)),
        delen=bool((s.kennisartikel and s.kennisartikel.delen) or (s.aanvulling and s.aanvulling.delen)),
    )


def _zoekgewicht(s) -> float:
    """The gemeente's own weight when its aanvulling sets one, otherwise the generiek article's."""
    for bron in (s.aanvulling, s.kennisartikel):
        if bron is not None and bron.zoekgewicht is not None:
            return bron.zoekgewicht
    return 1.0


def _vac(v, gemeente: Gemeente, gegevens: GemeenteGegevens) -> Vac:
    return Vac(
        uuid=v.uuid,
        gemeente=gegevens,
        generiek=v.gemeente_id is None,
        vraag=v.vraag,
        alternatieve_vragen=tuple(v.alternatieve_vragen or ()),
        antwoord_markdown=v.antwoord,
        antwoord_html=_html(v.antwoord),
        kort_antwoord=v.kort_antwoord,
        toelichting_html=_html(v.toelichting),
        zoekgewicht=v.zoekgewicht or 1.0,
        trefwoorden=tuple(v.trefwoorden or ()),
        afdelingen=tuple(v.afdelingen or ()),
        doelgroep=v.doelgroep,
        gerelateerde_producten=tuple(v.gerelateerde_producten or ()),
        gerelateerde_vacs=tuple(v.gerelateerde_vacs or ()),
        url=website_url(gemeente, "vac", v.uuid),
        revisies={"vac": v.live_revision_id},
        spoed=v.spoed,
        delen=v.delen,
    )


def kanaal_items(gemeenten: Iterable[Gemeente], doelen: Doelen) -> dict[Sleutel, Item]:
    """Every live item among ``doelen`` as each gemeente serves it now; absent keys are not (or no longer) served."""
    gemeenten = list(gemeenten)
    uit: dict[Sleutel, Item] = {}
    if not gemeenten or doelen.leeg():
        return uit
    gegevens = {g.pk: gemeente_gegevens(g) for g in gemeenten}
    producten_nodig = doelen.kennisartikelen is None or doelen.kennisartikelen or doelen.lokale is None or doelen.lokale
    if producten_nodig:
        if doelen.kennisartikelen is None:
            artikelen = Kennisartikel.objects.filter(live=True)
        else:
            artikelen = Kennisartikel.objects.filter(live=True, uuid__in=doelen.kennisartikelen)
        met_lokale = doelen.lokale is None or bool(doelen.lokale)
        for s in samengesteld_bulk(gemeenten, artikelen, met_lokale=met_lokale):
            if s.is_lokaal and doelen.lokale is not None and s.uuid not in doelen.lokale:
                continue
            uit[(s.gemeente.pk, "kennisartikel", s.uuid)] = _product(s, gegevens[s.gemeente.pk])
    if doelen.vacs is None or doelen.vacs:
        per_slug = {g.slug: g for g in gemeenten}
        for slug, vacs in vacs_per_gemeente(gemeenten, doelen.vacs).items():
            gemeente = per_slug[slug]
            for v in vacs:
                if doelen.vacs is None or v.uuid in doelen.vacs:
                    uit[(gemeente.pk, "vac", v.uuid)] = _vac(v, gemeente, gegevens[gemeente.pk])
    return uit


def lokale_producten(uuids: Iterable[UUID]) -> set[UUID]:
    """Which of these aanvulling uuids are local products (their own item on channels)."""
    return set(
        GemeentelijkeAanvulling.objects.filter(uuid__in=list(uuids), kennisartikel__isnull=True).values_list("uuid", flat=True)
    )


def items_van(gemeente: Gemeente, sleutels: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Item]:
    """The items behind search results ((soort, uuid) pairs) as this gemeente serves them now, in one bulk call:
    what an agent or the chatbot shows is what every channel got. Absent pairs are not (or no longer) served."""
    sleutels = [(soort, UUID(str(uuid))) for soort, uuid in sleutels]
    producten = {uuid for soort, uuid in sleutels if soort == "kennisartikel"}
    lokaal = lokale_producten(producten)
    doelen = Doelen(kennisartikelen=producten - lokaal, lokale=lokaal, vacs={uuid for soort, uuid in sleutels if soort == "vac"})
    gevraagd = {(soort, uuid) for soort, uuid in sleutels}
    return {
        (soort, str(uuid)): item
        for (_, soort, uuid), item in kanaal_items([gemeente], doelen).items()
        if (soort, uuid) in gevraagd
    }
