"""'Generiek gewijzigd': a national text changed after a gemeente last reviewed its aanvulling.

What the gemeente reviewed is kept as a snapshot of the generiek text, not as a pointer to a
revision: revisions can be purged, and only a change in the *text* should ask for attention.
A review is recorded by a person (approval in the workflow, a direct publish in the editor, or the
*Markeer als beoordeeld* button); machines (scheduled publishing, import) only set the first baseline.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from contenthub.content.models import GENERIEK_VERGELEKEN_VELDEN, tekst_hash
from contenthub.content.secties import SECTIE_LABELS

VERGELEKEN_VELDEN = GENERIEK_VERGELEKEN_VELDEN
LABELS = {**SECTIE_LABELS, "titel": "Titel", "desk_memo": "deskMemo"}


@dataclass(frozen=True)
class VeldVerschil:
    veld: str
    label: str
    diff_html: str


def generieke_tekst(kennisartikel) -> dict[str, str]:
    """The live generiek text an aanvulling builds on (empty while the kennisartikel is not live)."""
    if kennisartikel is None or not kennisartikel.live:
        return {}
    return kennisartikel.generieke_tekst()


def markeer_beoordeeld(aanvulling, user=None, *, alleen_eerste_keer: bool = False) -> None:
    from contenthub.redactie.models import AanvullingBeoordeling

    if aanvulling.kennisartikel_id is None:
        return
    if alleen_eerste_keer and AanvullingBeoordeling.objects.filter(aanvulling=aanvulling).exists():
        return
    kennisartikel = type(aanvulling.kennisartikel).objects.get(pk=aanvulling.kennisartikel_id)
    tekst = generieke_tekst(kennisartikel)
    AanvullingBeoordeling.objects.update_or_create(
        aanvulling=aanvulling,
        defaults={
            "kennisartikel_revisie_id": kennisartikel.live_revision_id,
            "beoordeelde_tekst": tekst,
            "tekst_hash": tekst_hash(tekst) if tekst else "",
            "beoordeeld_door": user if user is not None and user.is_authenticated else None,
        },
    )


def verschillen(aanvulling) -> list[VeldVerschil]:
    """Per changed field, an HTML diff (difflib escapes the text) between reviewed and current generiek text."""
    if aanvulling.kennisartikel_id is None:
        return []
    beoordeling = getattr(aanvulling, "beoordeling", None)
    if beoordeling is None:  # never reviewed: nothing to compare with
        return []
    huidig = generieke_tekst(aanvulling.kennisartikel)
    if not huidig:  # generiek withdrawn: nothing live to review against
        return []
    oud = beoordeling.beoordeelde_tekst or {}
    uitkomst = []
    for veld in VERGELEKEN_VELDEN:
        voor, na = oud.get(veld, ""), huidig.get(veld, "")
        if voor == na:
            continue
        tabel = difflib.HtmlDiff(wrapcolumn=70).make_table(
            voor.splitlines(), na.splitlines(), fromdesc="Beoordeelde versie", todesc="Huidige versie", context=True, numlines=2
        )
        uitkomst.append(VeldVerschil(veld, LABELS.get(veld, veld), tabel))
    return uitkomst


def generiek_gewijzigd(aanvulling) -> bool:
    """Decided on stored hashes, without building a diff (the diff is made only when an editor opens it)."""
    if aanvulling.kennisartikel_id is None:
        return False
    beoordeling = getattr(aanvulling, "beoordeling", None)
    kennisartikel = aanvulling.kennisartikel
    if beoordeling is None or not kennisartikel.live:
        return False
    return beoordeling.tekst_hash != kennisartikel.generieke_tekst_hash


def gewijzigd_filter(qs):
    """The same decision as :func:`generiek_gewijzigd`, as one SQL filter over many aanvullingen."""
    from django.db.models import F

    return qs.filter(kennisartikel__live=True, beoordeling__isnull=False).exclude(
        beoordeling__tekst_hash=F("kennisartikel__generieke_tekst_hash")
    )
