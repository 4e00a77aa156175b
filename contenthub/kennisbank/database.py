"""The kennisbank channel on the hub's own database, for the embedded default (``bin/run``) without OpenSearch.

Same payload as the OpenSearch publisher (its ``inhoud``), same rule that an older volgnummer never
overwrites a newer one, so the pipeline behaves the same; the search on top comes with the kennisbank issue.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from contenthub.kennisbank.models import KennisbankDocument
from publishers.base import GEEN_STAND, Bestemming, Bevestiging, Stand, TijdelijkeFout
from publishers.kennisbank import document_id, kennisbank_document
from publishers.payload import Intrekking, Item


class DatabaseKennisbankPublisher:
    kanaal = "kennisbank"
    vereist_aansluiting = False

    def __init__(self, verrijk: Callable[[list[dict[str, Any]]], None] | None = None):
        self._verrijk = verrijk

    def inhoud(self, item: Item) -> dict[str, Any] | None:
        return kennisbank_document(item)

    def verrijk(self, inhouden: list[dict[str, Any]]) -> None:
        if self._verrijk:
            self._verrijk(inhouden)

    def _schrijf(self, sleutel: str, gemeente: str, soort: str, uuid, inhoud, fingerprint: str, volgnummer: int) -> None:
        with transaction.atomic():
            huidig = KennisbankDocument.objects.select_for_update().filter(sleutel=sleutel).first()
            if huidig is not None and huidig.volgnummer >= volgnummer:
                raise TijdelijkeFout(f"kennisbank heeft al een nieuwere versie van {sleutel}")
            KennisbankDocument.objects.update_or_create(
                sleutel=sleutel,
                defaults={
                    "gemeente": gemeente,
                    "soort": soort,
                    "item_uuid": uuid,
                    "inhoud": inhoud,
                    "fingerprint": fingerprint,
                    "volgnummer": volgnummer,
                },
            )

    def publiceer(
        self,
        item: Item,
        inhoud: dict[str, Any],
        fingerprint: str,
        volgnummer: int,
        bestemming: Bestemming,
        stand: Stand = GEEN_STAND,
    ) -> Bevestiging:
        sleutel = document_id(item.gemeente.slug, item.soort, item.uuid)
        self._schrijf(sleutel, item.gemeente.slug, item.soort, item.uuid, inhoud, fingerprint, volgnummer)
        return Bevestiging(fingerprint=fingerprint, volgnummer=volgnummer)

    def trek_in(self, intrekking: Intrekking, volgnummer: int, bestemming: Bestemming, stand: Stand = GEEN_STAND) -> Bevestiging:
        sleutel = document_id(intrekking.gemeente, intrekking.soort, intrekking.uuid)
        self._schrijf(sleutel, intrekking.gemeente, intrekking.soort, intrekking.uuid, None, "", volgnummer)
        return Bevestiging(fingerprint=None, volgnummer=volgnummer)

    def document(self, gemeente: str, soort: str, uuid: Any) -> dict | None:
        doc = KennisbankDocument.objects.filter(sleutel=document_id(gemeente, soort, uuid)).first()
        return (
            None
            if doc is None or doc.inhoud is None
            else doc.inhoud | {"fingerprint": doc.fingerprint, "volgnummer": doc.volgnummer}
        )
