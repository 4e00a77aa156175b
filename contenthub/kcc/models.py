"""What the KCC agent page records: search sessions, the queries in them, and "dit antwoord klopt niet".

Agents type what citizens say, names and BSNs included: every text is scrubbed (``privacy.schoon``) before it is
stored, and everything here is deleted after ``KCC_LOG_BEWAARDAGEN`` days. No agent or citizen is named in a row:
a session is one conversation, counted per gemeente, not per person.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.models import Group
from django.db import models


class Zoeksessie(models.Model):
    """One conversation at the KCC: from the agent's first search to the next "Nieuw gesprek" (or closing the page)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, help_text="Kenmerk van de sessie in de pagina.")
    gemeente = models.ForeignKey(
        "core.Gemeente", on_delete=models.CASCADE, related_name="+", help_text="Gemeente waarvoor de medewerker zocht."
    )
    begonnen_op = models.DateTimeField(auto_now_add=True, db_index=True, help_text="Eerste zoekvraag van de sessie.")
    bijgewerkt_op = models.DateTimeField(auto_now=True, help_text="Laatste zoekvraag, opening of terugmelding.")
    zoekvragen = models.PositiveIntegerField(default=0, help_text="Aantal (uitgetypte) zoekvragen in de sessie.")
    geopend = models.PositiveIntegerField(default=0, help_text="Aantal antwoorden dat de medewerker opende.")
    afgekeurd = models.PositiveIntegerField(default=0, help_text="Aantal geopende antwoorden met 'Dit antwoord klopt niet'.")
    geopende = models.JSONField(
        default=list,
        blank=True,
        help_text="De antwoorden (soort:uuid) die de medewerker in deze sessie opende: een antwoord telt één keer, "
        "hoe vaak het ook opnieuw wordt geladen.",
    )
    afgekeurde = models.JSONField(
        default=list, blank=True, help_text="De geopende antwoorden (soort:uuid) met 'Dit antwoord klopt niet'."
    )

    class Meta:
        verbose_name = "zoeksessie"
        verbose_name_plural = "zoeksessies"
        indexes = [models.Index(fields=["gemeente", "begonnen_op"])]

    def __str__(self) -> str:
        return f"{self.gemeente_id} {self.begonnen_op:%Y-%m-%d %H:%M}"

    @property
    def gevonden(self) -> bool:
        """Answer found: the agent opened an answer they did not mark as wrong."""
        return self.geopend > self.afgekeurd

    @property
    def een_klik(self) -> bool:
        """Found with the first answer opened."""
        return self.geopend == 1 and self.afgekeurd == 0


class Zoekopdracht(models.Model):
    """One query as the agent finished typing it (the as-you-type prefixes of one query are one row), scrubbed."""

    sessie = models.ForeignKey(Zoeksessie, on_delete=models.CASCADE, related_name="opdrachten", help_text="De sessie.")
    gemeente = models.ForeignKey("core.Gemeente", on_delete=models.CASCADE, related_name="+", help_text="Gemeente.")
    tekst = models.CharField(max_length=300, help_text="De zoekvraag zonder persoonsgegevens.")
    genormaliseerd = models.CharField(
        max_length=300, db_index=True, help_text="Kleine letters, enkele spaties: zo tellen gelijke vragen samen."
    )
    resultaten = models.PositiveIntegerField(default=0, help_text="Aantal resultaten.")
    zekerheid = models.FloatField(default=0.0, help_text="Zekerheid (0–1) van het beste resultaat.")
    geopend_soort = models.CharField(max_length=20, blank=True, help_text="Soort van het geopende antwoord.")
    geopend_uuid = models.UUIDField(null=True, blank=True, help_text="Het antwoord dat de medewerker na deze vraag opende.")
    geopend_titel = models.CharField(max_length=300, blank=True, help_text="Titel van het geopende antwoord.")
    positie = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Plaats (1 = bovenaan) van het geopende antwoord."
    )
    bevestigd = models.BooleanField(
        default=False,
        help_text="De medewerker gaf aan dat het geopende antwoord de vraag beantwoordt ('Dit antwoord klopt'): dan "
        "wordt de zoekvraag meteen een voorgestelde formulering voor de redactie.",
    )
    tijdstip = models.DateTimeField(auto_now_add=True, db_index=True, help_text="Moment van de zoekvraag.")

    class Meta:
        verbose_name = "zoekopdracht"
        verbose_name_plural = "zoekopdrachten"
        indexes = [models.Index(fields=["gemeente", "tijdstip"])]

    def __str__(self) -> str:
        return self.tekst


class Terugmelding(models.Model):
    """ "Dit antwoord klopt niet": a task for the editors who own the item (the gemeente's redactie for its own
    content, aanvullingen included; the landelijke redactie for generiek content)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        AFGEHANDELD = "afgehandeld", "Afgehandeld"

    gemeente = models.ForeignKey("core.Gemeente", on_delete=models.CASCADE, related_name="+", help_text="Gemeente van het KCC.")
    soort = models.CharField(max_length=20, help_text="kennisartikel of vac.")
    item_uuid = models.UUIDField(help_text="Uuid van het item zoals kanalen het kennen.")
    titel = models.CharField(max_length=300, help_text="Titel of vraag van het item bij het melden.")
    sectie = models.CharField(max_length=60, blank=True, help_text="Sectie die de medewerker bekeek, bijv. kosten.")
    opmerking = models.TextField(blank=True, help_text="Wat er niet klopt, volgens de medewerker (zonder persoonsgegevens).")
    zoekvraag = models.CharField(max_length=300, blank=True, help_text="De zoekvraag die naar dit antwoord leidde.")
    eigenaar = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="+", help_text="Redactiegroep die de taak oppakt.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN, help_text="Open of afgehandeld.")
    reactie = models.TextField(blank=True, help_text="Wat de redactie ermee deed (voor het KCC).")
    aangemaakt_op = models.DateTimeField(auto_now_add=True, db_index=True, help_text="Moment van melden.")
    afgehandeld_op = models.DateTimeField(null=True, blank=True, help_text="Moment van afhandelen.")

    class Meta:
        verbose_name = "terugmelding van het KCC"
        verbose_name_plural = "terugmeldingen van het KCC"
        ordering = ["-aangemaakt_op"]
        indexes = [models.Index(fields=["eigenaar", "status"])]

    def __str__(self) -> str:
        return f"{self.titel} ({self.get_status_display().lower()})"


class Suggestiebesluit(models.Model):
    """An editor's decision on a suggested phrasing (what agents typed before opening a VAC or a product): accepted
    (as an alternatieve vraag or a trefwoord) or dismissed, so the suggestion does not come back. Kept as long as
    the log (KCC_LOG_BEWAARDAGEN): only scrubbed texts without placeholders are suggested, but a bare name has no
    shape the scrubber sees, and after the retention the searches a suggestion came from are gone too."""

    class Besluit(models.TextChoices):
        OVERGENOMEN = "overgenomen", "Overgenomen"
        AFGEWEZEN = "afgewezen", "Afgewezen"

    vac_uuid = models.UUIDField(
        db_index=True, help_text="De VAC of het product (kennisartikel, lokaal product) waarvoor de vraag werd voorgesteld."
    )
    genormaliseerd = models.CharField(max_length=300, help_text="De voorgestelde vraag, genormaliseerd.")
    besluit = models.CharField(max_length=20, choices=Besluit.choices, help_text="Overgenomen of afgewezen.")
    door = models.ForeignKey(
        "auth.User", null=True, on_delete=models.SET_NULL, related_name="+", help_text="De redacteur die besloot."
    )
    op = models.DateTimeField(auto_now_add=True, help_text="Moment van het besluit.")

    class Meta:
        verbose_name = "besluit over een voorgestelde vraag"
        verbose_name_plural = "besluiten over voorgestelde vragen"
        constraints = [models.UniqueConstraint(fields=["vac_uuid", "genormaliseerd"], name="kcc_suggestie_eenmaal")]

    def __str__(self) -> str:
        return f"{self.genormaliseerd} ({self.besluit})"
