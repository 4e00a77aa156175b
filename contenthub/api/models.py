"""API keys of channel consumers: who may read what, stored hashed.

A key belongs to one kanaal (a publication channel or another contact channel) and a set of gemeenten; its
scopes say whether it sees KCC-internal fields (*intern*) and persoonlijk templates (*persoonlijk*, up to a
betrouwbaarheidsniveau, and only on channels where the citizen is identified). The secret is shown once; the
hub keeps a sha256 of it: keys are 256-bit random, so a slow password hash would add cost without adding
safety, and every API call verifies one.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from contenthub.core.enums import ANONIEME_KANALEN, Betrouwbaarheidsniveau, Kanaal


class SleutelKanaal(models.TextChoices):
    """The four publication channels plus the other contact channels of the vocabulary (kcc reads the kennisbank)."""

    WEBSITE = "website", "Website"
    KENNISBANK = "kennisbank", "KCC-kennisbank"
    CHATBOT = "chatbot", "Chatbot"
    SOCIAL = "social", "Sociale media"
    MIJNGEMEENTE = Kanaal.MIJNGEMEENTE.value, Kanaal.MIJNGEMEENTE.label
    WHATSAPP = Kanaal.WHATSAPP.value, Kanaal.WHATSAPP.label
    BALIE = Kanaal.BALIE.value, Kanaal.BALIE.label


# Keys of these channels serve citizens who are not identified: never persoonlijk content.
ANONIEME_SLEUTELKANALEN = frozenset(str(k) for k in ANONIEME_KANALEN)
NIVEAUS = [n for n, _ in Betrouwbaarheidsniveau.choices]  # from basis up to hoog


class ApiSleutel(models.Model):
    naam = models.CharField(max_length=200, help_text="Waarvoor de sleutel is, bijv. 'Website Dijkstad (productie)'.")
    kanaal = models.CharField(
        max_length=20, choices=SleutelKanaal.choices, help_text="Kanaal van de afnemer; bepaalt wat de sleutel mag zien."
    )
    gemeenten = models.ManyToManyField(
        "core.Gemeente", related_name="api_sleutels", help_text="Gemeenten waarvan de sleutel inhoud mag lezen."
    )
    intern = models.BooleanField(
        default=False, help_text="Ziet KCC-interne velden (deskMemo, toelichting); alleen voor KCC-toepassingen."
    )
    persoonlijk = models.CharField(
        max_length=20,
        choices=Betrouwbaarheidsniveau.choices,
        blank=True,
        help_text="Hoogste betrouwbaarheidsniveau waarvoor de sleutel persoonlijke sjablonen ziet; leeg: geen.",
    )
    prefix = models.CharField(max_length=16, unique=True, help_text="Zichtbaar begin van de sleutel, om haar te herkennen.")
    hash = models.CharField(max_length=64, help_text="SHA-256 van de geheime sleutel; de sleutel zelf bewaart de hub niet.")
    actief = models.BooleanField(default=True, help_text="Uit: de sleutel wordt geweigerd (intrekken zonder te verwijderen).")
    aangemaakt_op = models.DateTimeField(auto_now_add=True, help_text="Moment van aanmaken.")
    laatst_gebruikt_op = models.DateTimeField(
        null=True, blank=True, help_text="Laatste geslaagde aanroep (per minuut bijgewerkt)."
    )

    class Meta:
        verbose_name = "API-sleutel"
        verbose_name_plural = "API-sleutels"
        ordering = ["naam"]

    def __str__(self) -> str:
        return f"{self.naam} ({self.prefix}…)"

    def mag_niveau(self, vereist: str) -> bool:
        """Whether a template that needs ``vereist`` is within this key's persoonlijk scope."""
        return bool(self.persoonlijk) and NIVEAUS.index(vereist or NIVEAUS[0]) <= NIVEAUS.index(self.persoonlijk)

    def clean(self) -> None:
        if self.persoonlijk and self.kanaal in ANONIEME_SLEUTELKANALEN:
            raise ValidationError(
                {"persoonlijk": f"Kanaal '{self.kanaal}' identificeert de inwoner niet: geen persoonlijke inhoud."}
            )
