"""'Generiek gewijzigd': a national text changed after a gemeente last reviewed its aanvulling."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from contenthub.content.secties import SECTIE_LABELS, SECTIE_VELDEN

VERGELEKEN_VELDEN = ("titel", *SECTIE_VELDEN, "desk_memo")


@dataclass(frozen=True)
class VeldVerschil:
    veld: str
    label: str
    diff_html: str


def markeer_beoordeeld(aanvulling, user=None) -> None:
    from contenthub.redactie.models import AanvullingBeoordeling

    if aanvulling.kennisartikel_id is None:
        return
    revisie_id = (
        type(aanvulling.kennisartikel)
        .objects.filter(pk=aanvulling.kennisartikel_id)
        .values_list("live_revision_id", flat=True)
        .first()
    )
    AanvullingBeoordeling.objects.update_or_create(
        aanvulling=aanvulling,
        defaults={"kennisartikel_revisie_id": revisie_id, "beoordeeld_door": user if user and user.is_authenticated else None},
    )


def _revisie_gewijzigd(aanvulling) -> bool:
    if aanvulling.kennisartikel_id is None:
        return False
    beoordeling = getattr(aanvulling, "beoordeling", None)
    if beoordeling is None:  # never published: there is no earlier review to compare with
        return False
    huidige = aanvulling.kennisartikel.live_revision_id
    return huidige is not None and beoordeling.kennisartikel_revisie_id != huidige


def generiek_gewijzigd(aanvulling) -> bool:
    """True when the live generiek text differs from the one this aanvulling was last reviewed against.

    Compared on content, not on revision ids: a republish with the same text (or a change undone)
    must not ask every gemeente to review again.
    """
    return bool(verschillen(aanvulling))


def verschillen(aanvulling) -> list[VeldVerschil]:
    """Per changed field, an HTML diff between the reviewed and the current generiek text."""
    if not _revisie_gewijzigd(aanvulling):
        return []
    revisie = aanvulling.beoordeling.kennisartikel_revisie
    oud = revisie.as_object() if revisie is not None else None
    nieuw = aanvulling.kennisartikel
    uitkomst = []
    for veld in VERGELEKEN_VELDEN:
        voor, na = (getattr(oud, veld) or "") if oud else "", getattr(nieuw, veld) or ""
        if voor == na:
            continue
        tabel = difflib.HtmlDiff(wrapcolumn=70).make_table(
            voor.splitlines(), na.splitlines(), fromdesc="Beoordeelde versie", todesc="Huidige versie", context=True, numlines=2
        )
        label = SECTIE_LABELS.get(veld, {"titel": "Titel", "desk_memo": "deskMemo"}.get(veld, veld))
        uitkomst.append(VeldVerschil(veld, label, tabel))
    return uitkomst
