"""The database-backed kennisbank of the embedded default (no OpenSearch): the same documents, in a table."""

from django.db import models


class KennisbankDocument(models.Model):
    """One item as one gemeente serves it in the kennisbank; a withdrawn item stays as a tombstone with its volgnummer."""

    sleutel = models.CharField(max_length=200, primary_key=True, help_text="gemeente:soort:uuid, zoals in OpenSearch.")
    gemeente = models.CharField(max_length=60, db_index=True, help_text="Slug van de gemeente.")
    soort = models.CharField(max_length=20, help_text="kennisartikel of vac.")
    item_uuid = models.UUIDField(help_text="Uuid van het item.")
    inhoud = models.JSONField(null=True, blank=True, help_text="Het document (leeg na een intrekking).")
    fingerprint = models.CharField(max_length=90, blank=True, help_text="Fingerprint van het document.")
    volgnummer = models.PositiveBigIntegerField(
        help_text="Hoogste volgnummer dat dit document kreeg; een lager nummer wordt geweigerd."
    )
    bijgewerkt_op = models.DateTimeField(auto_now=True, help_text="Laatste wijziging.")

    class Meta:
        verbose_name = "kennisbankdocument"
        verbose_name_plural = "kennisbankdocumenten"

    def __str__(self) -> str:
        return self.sleutel
