"""Vocabularies shared by every part of the hub (and mirrored by the SDK, which never imports this)."""

from django.db import models


class Laag(models.TextChoices):
    GENERIEK = "generiek", "Generiek (landelijk)"
    GEMEENTELIJK = "gemeentelijk", "Gemeentelijk"
    PERSOONLIJK = "persoonlijk", "Persoonlijk"


class Kanaal(models.TextChoices):
    WEBSITE = "website", "Website"
    KCC = "kcc", "KCC (telefoon)"
    CHATBOT = "chatbot", "Chatbot"
    SOCIAL = "social", "Sociale media"
    WHATSAPP = "whatsapp", "WhatsApp"
    BALIE = "balie", "Balie"
    MIJNGEMEENTE = "mijngemeente", "MijnGemeente"


# Channels where a citizen cannot be identified: persoonlijk content never goes there.
ANONIEME_KANALEN = frozenset({Kanaal.WEBSITE, Kanaal.SOCIAL})


class Doelgroep(models.TextChoices):
    BURGER = "eu-burger", "Inwoners"
    BEDRIJF = "eu-bedrijf", "Bedrijven"
    BURGER_BEDRIJF = "eu-burger-bedrijf", "Inwoners en bedrijven"


class Betrouwbaarheidsniveau(models.TextChoices):
    BASIS = "basis", "Basis"
    MIDDEN = "midden", "Midden"
    SUBSTANTIEEL = "substantieel", "Substantieel"
    HOOG = "hoog", "Hoog"


class Levensgebeurtenis(models.TextChoices):
    VERHUIZEN = "verhuizen", "Verhuizen"
    GEBOORTE = "geboorte", "Geboorte"
    TROUWEN = "trouwen", "Trouwen"
    OVERLIJDEN = "overlijden", "Overlijden"
    WERK_VERLIEZEN = "werk-verliezen", "Werk verliezen"
    REIZEN = "reizen", "Reizen"
    WONEN = "wonen", "Wonen"
    ONDERNEMEN = "ondernemen", "Ondernemen"
    GEZONDHEID_EN_ZORG = "gezondheid-en-zorg", "Gezondheid en zorg"
    GELDZAKEN = "geldzaken", "Geldzaken"
    VERKIEZINGEN = "verkiezingen", "Verkiezingen"
    AFVAL = "afval", "Afval"
    VERVOER = "vervoer", "Vervoer"


class VacStatus(models.TextChoices):
    ACTIEF = "actief", "Actief"
    NON_ACTIEF = "non-actief", "Non-actief"
    TE_VERWIJDEREN = "te-verwijderen", "Te verwijderen"
