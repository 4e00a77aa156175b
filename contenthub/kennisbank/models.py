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


class Synoniemgroep(models.Model):
    """Words that mean the same to a citizen and to the kennisbank (e.g. ID-kaart, identiteitskaart, identiteitsbewijs).

    Applied at search time only, by expanding the agent's query in the application: an edit is live on the next
    search, with no reindex, no analyzer reload and no closed index (OpenSearch has no search-analyzer reload)."""

    termen = models.TextField(
        help_text="Eén term per regel (of gescheiden door komma's); een term mag uit meer woorden bestaan, "
        "bijv. 'grof vuil'. Elke term vindt wat de andere termen vinden."
    )
    eenrichting = models.BooleanField(
        default=False,
        help_text="Aan: alleen de eerste term vindt ook de andere (bijv. 'koelkast' → 'grofvuil'), niet andersom.",
    )
    actief = models.BooleanField(default=True, help_text="Uit: de groep telt niet mee bij het zoeken.")
    bron = models.CharField(
        max_length=20,
        choices=[("redactie", "Redactie"), ("trefwoorden", "Uit trefwoorden"), ("basis", "Basisthesaurus")],
        default="redactie",
        help_text="Waar de groep vandaan komt.",
    )
    bijgewerkt_op = models.DateTimeField(auto_now=True, db_index=True, help_text="Laatste wijziging.")

    class Meta:
        verbose_name = "synoniemgroep"
        verbose_name_plural = "thesaurus"
        ordering = ["termen"]

    def __str__(self) -> str:
        return ", ".join(self.termenlijst()[:4])

    def termenlijst(self) -> list[str]:
        import re

        return [t.strip() for t in re.split(r"[\n,;]+|=>", self.termen) if t.strip()]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if len(self.termenlijst()) < 2:
            raise ValidationError({"termen": "Geef minstens twee termen: een synoniemgroep verbindt woorden met elkaar."})


class Inbedding(models.Model):
    """The embedding of one distinct text, computed once: a generiek change costs one embedding per changed text,
    not one per gemeente (most gemeenten compose the very same text)."""

    sleutel = models.CharField(max_length=64, primary_key=True, help_text="SHA-256 van model en tekst.")
    vector = models.BinaryField(help_text="De vector als float16-bytes (384 dimensies).")
    aangemaakt_op = models.DateTimeField(auto_now_add=True, help_text="Moment van berekenen.")

    class Meta:
        verbose_name = "inbedding"
        verbose_name_plural = "inbeddingen"

    def __str__(self) -> str:
        return self.sleutel[:12]
