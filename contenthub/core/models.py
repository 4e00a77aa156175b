"""Shared model bases and the Gemeente, which every other layer refers to."""

import uuid
from urllib.parse import quote

from django.contrib.auth.models import Group
from django.core.validators import RegexValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from contenthub.core.enums import Kanaal
from contenthub.core.fields import LijstField

GEMEENTECODE = RegexValidator(r"^gm\d{4}$", "Een gemeentecode is 'gm' gevolgd door vier cijfers, bijvoorbeeld gm0363.")


class UUIDModel(models.Model):
    """UUID primary keys, so identities survive export/import between hubs and stay stable for channels."""

    uuid = models.UUIDField(
        primary_key=True, default=uuid.uuid4, editable=False, help_text="Vaste identiteit, gelijk in elke export."
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True, help_text="Moment waarop het item is aangemaakt.")
    gewijzigd_op = models.DateTimeField(auto_now=True, help_text="Moment van de laatste wijziging in de database.")

    class Meta:
        abstract = True


class Gemeente(index.Indexed, UUIDModel):
    naam = models.CharField(max_length=120, help_text="Officiële naam, bijvoorbeeld 'Gemeente Dijkstad'.")
    code = models.CharField(
        max_length=6, unique=True, validators=[GEMEENTECODE], help_text="CBS-gemeentecode: gm gevolgd door vier cijfers."
    )
    slug = models.SlugField(max_length=60, unique=True, help_text="Korte naam in URL's en mappen, bijvoorbeeld 'dijkstad'.")
    owms_identifier = models.URLField(
        "OWMS-identifier",
        max_length=255,
        blank=True,
        help_text="URI van de gemeente in de OWMS-waardelijst, "
        "bijv. http://standaarden.overheid.nl/owms/terms/Utrecht_(gemeente). Leeg: afgeleid van de naam.",
    )
    inwoners = models.PositiveIntegerField(null=True, blank=True, help_text="Indicatief aantal inwoners.")
    telefoon = models.CharField(max_length=40, blank=True, help_text="Algemeen telefoonnummer, bijvoorbeeld 14 0901.")
    email = models.EmailField(blank=True, help_text="Algemeen e-mailadres.")
    adres = models.CharField(max_length=255, blank=True, help_text="Bezoekadres van het gemeentehuis.")
    openingstijden = models.TextField(blank=True, help_text="Openingstijden per kanaal en locatie (Markdown).")
    kanalen = LijstField(keuzes=Kanaal.choices, help_text="Kanalen die deze gemeente aanbiedt, één per regel.")
    redactiegroep = models.OneToOneField(
        Group,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="redactie_gemeente",
        help_text="Gebruikers in deze groep bewerken de aanvullingen en VAC's van deze gemeente. Wordt automatisch aangemaakt.",
    )
    kcc_groep = models.OneToOneField(
        Group,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kcc_gemeente",
        verbose_name="KCC-groep",
        help_text="Medewerkers van het klantcontactcentrum in deze groep zoeken in de kennisbank van deze gemeente "
        "(/kcc/), met de interne velden. Wordt automatisch aangemaakt.",
    )

    panels = [
        MultiFieldPanel([FieldRowPanel([FieldPanel("naam"), FieldPanel("code")]), FieldPanel("slug")], "Gemeente"),
        MultiFieldPanel(
            [FieldPanel("telefoon"), FieldPanel("email"), FieldPanel("adres"), FieldPanel("openingstijden")], "Contact"
        ),
        FieldPanel("owms_identifier"),
        FieldPanel("kanalen"),
        FieldPanel("inwoners"),
        FieldPanel("redactiegroep", read_only=True),
        FieldPanel("kcc_groep", read_only=True),
    ]
    search_fields = [index.SearchField("naam"), index.AutocompleteField("naam"), index.FilterField("code")]

    class Meta:
        ordering = ["naam"]
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"

    def __str__(self) -> str:
        return self.naam

    @property
    def owms(self) -> str:
        """The OWMS identifier, or the one OWMS gives a gemeente of this name (Naam_(gemeente))."""
        if self.owms_identifier:
            return self.owms_identifier
        naam = self.naam.removeprefix("Gemeente ").strip().replace(" ", "_")
        return f"http://standaarden.overheid.nl/owms/terms/{quote(naam)}_(gemeente)"

    def save(self, *args, **kwargs):
        if self.redactiegroep_id is None:
            self.redactiegroep, _ = Group.objects.get_or_create(name=f"Redactie {self.naam} ({self.code})")
        if self.kcc_groep_id is None:
            self.kcc_groep, _ = Group.objects.get_or_create(name=f"KCC {self.naam} ({self.code})")
        super().save(*args, **kwargs)
