"""Export: the corpus layout (Markdown, the hub's exchange format) and Objecten API objects per gemeente.

The corpus export writes the published version of live items; an item that is not live (withdrawn,
expired, or never reviewed) is written as its latest version marked ``"gepubliceerd": false``, so an
import keeps it a concept instead of publishing it elsewhere without review.

The Objecten export (``--objecten``) is what a gemeente loads into its Objecten API for KISS: content
composed for that gemeente through the resolver, texts as sanitised HTML (KISS renders them with
``v-html``), only live content and only *actief* VACs.
"""

from __future__ import annotations

import datetime
import json
import uuid as uuidlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from contenthub.content.models import GemeentelijkeAanvulling, Kennisartikel, PersoonlijkSjabloon, VraagAntwoord
from contenthub.content.resolver import samengesteld_bulk, vacs_per_gemeente
from contenthub.content.secties import SECTIES
from contenthub.core.markdown import html_van
from contenthub.core.models import Gemeente
from contenthub.uitwisseling import omzetten
from contenthub.uitwisseling.lezen import GEMEENTE, KENNISARTIKELEN, PRODUCTEN, SJABLONEN, VACS

# Object uuids are derived from (gemeente, soort, item): a reload into the Objecten API never duplicates.
OBJECT_NAMESPACE = uuidlib.UUID("6f1d3c2e-8a4b-5e7f-9c0d-1a2b3c4d5e6f")


def schrijf_json(pad: Path, data: Any) -> None:
    """Write via a temporary file, so a reader never sees half a file."""
    pad.parent.mkdir(parents=True, exist_ok=True)
    tijdelijk = pad.with_suffix(pad.suffix + ".tmp")
    tijdelijk.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tijdelijk.replace(pad)


def _records(qs, naar_json) -> list[dict]:
    uit = []
    for obj in qs.order_by("aangemaakt_op", "uuid"):
        if obj.live:  # the row holds the published version
            uit.append(naar_json(obj))
        else:
            record = naar_json(obj.get_latest_revision_as_object() if obj.latest_revision_id else obj)
            record["gepubliceerd"] = False
            uit.append(record)
    return uit


def exporteer_corpus(map_: Path, schrijf: Callable[[str], None] | None = None) -> Counter:
    map_ = Path(map_)
    telling: Counter = Counter()

    def meld(bestand: str, aantal: int) -> None:
        telling[bestand] = aantal
        if schrijf:
            schrijf(f"  {bestand}: {aantal}\n")

    kennis = _records(Kennisartikel.objects.all(), omzetten.kennisartikel_naar_json)
    schrijf_json(map_ / KENNISARTIKELEN, kennis)
    meld(KENNISARTIKELEN, len(kennis))
    for gemeente in Gemeente.objects.order_by("slug"):
        schrijf_json(map_ / GEMEENTE.format(slug=gemeente.slug), omzetten.gemeente_naar_json(gemeente))
        meld(GEMEENTE.format(slug=gemeente.slug), 1)
        qs = GemeentelijkeAanvulling.objects.filter(gemeente=gemeente).select_related("kennisartikel")
        overlays = _records(qs.prefetch_related("secties", "locaties"), omzetten.aanvulling_naar_json)
        schrijf_json(map_ / PRODUCTEN.format(slug=gemeente.slug), overlays)
        meld(PRODUCTEN.format(slug=gemeente.slug), len(overlays))
    vacs = _records(VraagAntwoord.objects.select_related("gemeente"), omzetten.vac_naar_json)
    schrijf_json(map_ / VACS, vacs)
    meld(VACS, len(vacs))
    sjablonen = _records(PersoonlijkSjabloon.objects.all(), omzetten.sjabloon_naar_json)
    schrijf_json(map_ / SJABLONEN, sjablonen)
    meld(SJABLONEN, len(sjablonen))
    return telling


# --- Objecten API ------------------------------------------------------------------------------------


def object_uuid(gemeente: Gemeente, soort: str, item_uuid: Any) -> str:
    return str(uuidlib.uuid5(OBJECT_NAMESPACE, f"{gemeente.slug}/{soort}/{item_uuid}"))


def objecten_object(gemeente: Gemeente, soort: str, data: dict, start: datetime.date | None) -> dict:
    """An object as ``POST /api/v2/objects`` takes it."""
    if soort == "vac":
        type_url, versie = settings.OBJECTTYPE_VAC_URL, settings.OBJECTTYPE_VAC_VERSIE
    else:
        type_url, versie = settings.OBJECTTYPE_KENNISARTIKEL_URL, settings.OBJECTTYPE_KENNISARTIKEL_VERSIE
    return {
        "uuid": object_uuid(gemeente, soort, data["uuid"]),
        "type": type_url,
        "record": {
            "typeVersion": versie,
            "data": data,
            "startAt": (start or timezone.localdate()).isoformat(),
        },
    }


def _contact_markdown(velden: dict, gemeente: Gemeente) -> str:
    """The schema forces ``locaties`` to null, so locations, opening hours and the designated channel go here."""
    delen = [velden.get("contact", "").strip()]
    if velden.get("locaties"):
        regels = []
        for loc in velden["locaties"]:
            regel = f"- **{loc['naam']}**"
            if loc.get("adres"):
                regel += f", {loc['adres']}"
            if loc.get("openingstijden"):
                regel += f". {loc['openingstijden']}"
            regels.append(regel)
        delen.append("**Locaties**\n\n" + "\n".join(regels))
    if velden.get("aangewezen_kanaal"):
        delen.append(f"**Formeel aangewezen kanaal:** {velden['aangewezen_kanaal']}")
    bereikbaar = [x for x in (f"telefoon {gemeente.telefoon}" if gemeente.telefoon else "", gemeente.email) if x]
    if bereikbaar:
        delen.append(f"**{gemeente.naam}:** {', '.join(bereikbaar)}")
    if gemeente.openingstijden:
        delen.append(f"**Openingstijden {gemeente.naam}**\n\n{gemeente.openingstijden.strip()}")
    return "\n\n".join(d for d in delen if d)


_html = html_van  # one cached renderer (contenthub.core.markdown)


def _laatste(*momenten: datetime.datetime | None) -> datetime.datetime | None:
    gevuld = [m for m in momenten if m is not None]
    return max(gevuld) if gevuld else None


def kennisartikel_data(
    *,
    item_uuid: Any,
    velden: dict,
    gemeente: Gemeente,
    bron: dict,
    publicatie_datum: str | None,
    datum_wijziging: datetime.datetime | None,
) -> dict:
    """A composed kennisartikel as the published schema has it, texts as sanitised HTML."""
    vertaling: dict[str, Any] = {"taal": "nl", "titel": velden["titel"]}
    for s in SECTIES:
        tekst = _contact_markdown(velden, gemeente) if s.veld == "contact" else velden.get(s.veld, "")
        vertaling[s.json] = _html(tekst)
    vertaling["deskMemo"] = _html(velden.get("desk_memo", ""))
    vertaling["trefwoorden"] = [{"trefwoord": t} for t in velden.get("trefwoorden", [])]
    vertaling["datumWijziging"] = omzetten.datumtijd(datum_wijziging or timezone.now())
    # Only the composed Dutch text goes out: other translations are not composed for the gemeente.
    basis = {k: v for k, v in bron.items() if k not in ("vertalingen", "beschikbareTalen")}
    eigen = {
        "url": omzetten.publieke_url(f"api/v1/gemeenten/{gemeente.slug}/kennisartikelen/{item_uuid}"),
        "uuid": str(item_uuid),
        "upnUri": velden["upn_uri"],
        "upnLabel": velden.get("upn_label", ""),
        "publicatieDatum": bron.get("publicatieDatum") or publicatie_datum,
        "productAanwezig": True,
        "productValtOnder": None,
        "verantwoordelijkeOrganisatie": omzetten.gemeente_organisatie(gemeente),
        "locaties": None,
        # The kennisartikel schema knows burger or bedrijf; a local product for both counts as burger.
        "doelgroep": "eu-bedrijf" if velden.get("doelgroep") == "eu-bedrijf" else "eu-burger",
        "afdelingen": bron.get("afdelingen", []),
        "levensgebeurtenissen": list(velden.get("levensgebeurtenissen", [])),
        "vertalingen": [vertaling],
        "beschikbareTalen": ["nl"],
    }
    return omzetten.geordend(omzetten.samenvoegen(basis, eigen), omzetten.KENNISARTIKEL_VOLGORDE)


def datum_wijziging(s) -> datetime.datetime | None:
    """When the composed item last changed in substance: the latest of the article's own date and both publishes."""
    k, a = s.kennisartikel, s.aanvulling
    return _laatste(k.datum_wijziging if k else None, k.last_published_at if k else None, a.last_published_at if a else None)


def kennisartikel_record(s) -> dict:
    """The published kennisartikel shape of one :class:`~contenthub.content.resolver.Samenstelling`."""
    k, a, gemeente = s.kennisartikel, s.aanvulling, s.gemeente
    eerste = (k or a).first_published_at
    return kennisartikel_data(
        item_uuid=s.uuid,
        velden=s.antwoord.velden,
        gemeente=gemeente,
        bron=(k.bronvelden or {}) if k else {},
        publicatie_datum=eerste.date().isoformat() if eerste else None,
        datum_wijziging=datum_wijziging(s),
    )


def kennisartikel_objecten(gemeenten: list[Gemeente]) -> dict[str, list[dict]]:
    """Per gemeente: every live generiek kennisartikel with its live aanvulling applied, plus its local products."""
    uit: dict[str, list[dict]] = {g.slug: [] for g in gemeenten}
    for s in samengesteld_bulk(gemeenten):
        data = kennisartikel_record(s)
        uit[s.gemeente.slug].append(objecten_object(s.gemeente, "kennisartikel", data, startdatum(data)))
    return uit


def startdatum(data: dict) -> datetime.date | None:
    return datetime.date.fromisoformat(data["publicatieDatum"]) if data.get("publicatieDatum") else None


def zonder_intern(soort: str, data: dict) -> dict:
    """The record without what only KCC roles may see (deskMemo, toelichting), for public keys and channels."""
    if soort == "vac":
        data.pop("toelichting", None)
    else:
        for vertaling in data.get("vertalingen", []):
            vertaling.pop("deskMemo", None)
    return data


def vac_record(vac) -> dict:
    """The published VAC shape of a VAC as a gemeente serves it (texts as sanitised HTML)."""
    data = omzetten.vac_naar_json(vac, vac.gemeente.slug if vac.gemeente_id else None)
    data["antwoord"] = _html(vac.antwoord)
    data["toelichting"] = _html(vac.toelichting)
    return data


def vac_objecten(gemeenten: list[Gemeente]) -> dict[str, list[dict]]:
    uit: dict[str, list[dict]] = {}
    per_slug = {g.slug: g for g in gemeenten}
    for slug, vacs in vacs_per_gemeente(gemeenten).items():
        uit[slug] = []
        for vac in vacs:
            start = vac.first_published_at.date() if vac.first_published_at else None
            uit[slug].append(objecten_object(per_slug[slug], "vac", vac_record(vac), start))
    return uit


def exporteer_objecten(map_: Path, *, gemeente: str | None = None, schrijf: Callable[[str], None] | None = None) -> Counter:
    """Per gemeente ``<slug>/vac.json`` and ``<slug>/kennisartikel.json`` for its Objecten API."""
    map_ = Path(map_)
    gemeenten = Gemeente.objects.order_by("slug")
    if gemeente is not None:
        gemeenten = gemeenten.filter(slug=gemeente)
        if not gemeenten.exists():
            raise LookupError(f"Gemeente '{gemeente}' bestaat niet.")
    telling: Counter = Counter()
    gemeenten = list(gemeenten)
    artikelen, vacs = kennisartikel_objecten(gemeenten), vac_objecten(gemeenten)
    for g in gemeenten:
        for naam, objecten in (("kennisartikel.json", artikelen[g.slug]), ("vac.json", vacs[g.slug])):
            bestand = f"{g.slug}/{naam}"
            schrijf_json(map_ / bestand, objecten)
            telling[bestand] = len(objecten)
            if schrijf:
                schrijf(f"  {bestand}: {len(objecten)}\n")
    return telling
