"""Outbox and delivery ledger.

The outbox (:class:`Gebeurtenis`) is written by database triggers (see ``triggers.py``), not by Python
signal handlers: every path that changes what a channel should show — Wagtail's publish and unpublish
actions, scheduled publishing and expiry, deleting an item (also a queryset ``delete()``), the
``SET NULL`` of ``vervangt`` when its target is deleted, a save of gemeente contact data — changes a row,
and the trigger writes the event in that same transaction. No code path can forget it.

The ledger (:class:`Levering`) holds per (kanaal, gemeente, soort, item) what that channel serves now;
:class:`LeveringHistorie` keeps every delivery with a reference to its payload, stored once per
fingerprint in :class:`Payload`, so months of history stay small.
"""

from django.db import models


class Soort(models.TextChoices):
    """What changed (outbox) or what a channel carries (ledger)."""

    KENNISARTIKEL = "kennisartikel", "Kennisartikel"
    AANVULLING = "aanvulling", "Gemeentelijke aanvulling"
    VAC = "vac", "Vraag-antwoordcombinatie"
    SJABLOON = "sjabloon", "Persoonlijk sjabloon"
    GEMEENTE = "gemeente", "Gemeente (contactgegevens)"


class PublicatieKanaal(models.TextChoices):
    """The four publication channels; the kennisbank serves the KCC contact channel."""

    WEBSITE = "website", "Website"
    KENNISBANK = "kennisbank", "KCC-kennisbank"
    CHATBOT = "chatbot", "Chatbot"
    SOCIAL = "social", "Sociale media"


class Gebeurtenis(models.Model):
    """One change that may alter what a channel should show, written by a trigger in the changing transaction."""

    soort = models.CharField(max_length=20, choices=Soort.choices, help_text="Soort rij die veranderde.")
    object_uuid = models.UUIDField(help_text="Uuid van de veranderde rij (kennisartikel, aanvulling, VAC, sjabloon, gemeente).")
    gemeente_uuid = models.UUIDField(
        null=True, blank=True, help_text="Gemeente van een gemeentelijke rij; leeg voor generieke inhoud (raakt elke gemeente)."
    )
    verwant_oud = models.UUIDField(
        null=True,
        blank=True,
        help_text="Vorige waarde van de verwijzing die mee bepaalt wat kanalen tonen: het kennisartikel van een "
        "aanvulling, of de generieke VAC die een gemeentelijke VAC vervangt.",
    )
    verwant_nieuw = models.UUIDField(null=True, blank=True, help_text="Nieuwe waarde van diezelfde verwijzing.")
    verwijderd = models.BooleanField(default=False, help_text="De rij is verwijderd (een intrekking voor elk kanaal).")
    aangemaakt_op = models.DateTimeField(help_text="Moment van de wijziging (gezet door de databasetrigger).")
    verwerkt_op = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text="Moment waarop de relay er leveringstaken van maakte."
    )
    taken = models.PositiveIntegerField(default=0, db_default=0, help_text="Aantal leveringstaken dat de relay ervan maakte.")
    taken_klaar = models.PositiveIntegerField(
        default=0, db_default=0, help_text="Aantal daarvan dat klaar is (geslaagd of dode letter)."
    )
    afgerond_op = models.DateTimeField(
        null=True, blank=True, help_text="Moment waarop elk kanaal van elke betrokken gemeente klaar was."
    )

    class Meta:
        verbose_name = "gebeurtenis"
        verbose_name_plural = "gebeurtenissen"
        indexes = [
            models.Index(fields=["object_uuid", "id"], name="gebeurtenis_object"),
            models.Index(fields=["aangemaakt_op"], name="gebeurtenis_tijd"),
        ]

    def __str__(self) -> str:
        actie = "verwijderd" if self.verwijderd else "gewijzigd"
        return f"{self.get_soort_display()} {self.object_uuid} {actie}"


class Wijziging(models.Model):
    """The change log that delta sync reads: which item may have changed for which gemeente, in commit order.

    Written by the relay from the outbox events it handles, under a transaction-wide lock, so ids become
    visible in the order they were given: a reader that saw id N never later finds a smaller one committed.
    (Outbox ids themselves do not have that property: a long transaction commits after shorter later ones.)
    """

    gemeente_uuid = models.UUIDField(null=True, blank=True, help_text="Gemeente; leeg: elke gemeente (generieke inhoud).")
    soort = models.CharField(
        max_length=20,
        choices=[("kennisartikel", "Kennisartikel"), ("vac", "VAC"), ("gemeente", "Alles van de gemeente")],
        help_text="Soort item; 'gemeente': alles van die gemeente (haar contactgegevens veranderden).",
    )
    item_uuid = models.UUIDField(null=True, blank=True, help_text="Uuid zoals kanalen het item kennen; leeg bij 'gemeente'.")
    tijdstip = models.DateTimeField(help_text="Moment waarop de relay de wijziging vastlegde.")

    class Meta:
        verbose_name = "wijziging"
        verbose_name_plural = "wijzigingen"
        indexes = [models.Index(fields=["tijdstip"], name="wijziging_tijd")]

    def __str__(self) -> str:
        return f"{self.id}: {self.soort} {self.item_uuid or ''} ({self.gemeente_uuid or 'alle gemeenten'})"


class Aansluiting(models.Model):
    """Where a channel delivers for a gemeente: its endpoint and webhook secret.

    A row without gemeente applies to every gemeente without its own row; ``{gemeente}`` in its URL is
    replaced by the gemeente's slug. A channel that needs an endpoint delivers only to gemeenten that have
    an active aansluiting (the kennisbank needs none: it is the hub's own search index).
    """

    kanaal = models.CharField(max_length=20, choices=PublicatieKanaal.choices, help_text="Publicatiekanaal.")
    gemeente = models.ForeignKey(
        "core.Gemeente",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="aansluitingen",
        help_text="Leeg: geldt voor elke gemeente zonder eigen aansluiting op dit kanaal.",
    )
    url = models.URLField(
        max_length=500,
        help_text=(
            "Adres dat de webhooks ontvangt; {gemeente} wordt vervangen door de slug van de gemeente. "
            "Voor sociale media: het adres van de Mastodon-server, bijv. https://social.gemeente.nl."
        ),
    )
    geheim = models.CharField(
        max_length=200,
        help_text=(
            "Geheim voor de handtekening (Standard Webhooks, begint met whsec_). Deel het alleen met de ontvanger. "
            "Voor sociale media: het toegangstoken van het Mastodon-account van de gemeente (recht write:statuses)."
        ),
    )
    actief = models.BooleanField(default=True, help_text="Uit: dit kanaal krijgt voor deze gemeente(n) niets.")

    class Meta:
        verbose_name = "kanaalaansluiting"
        verbose_name_plural = "kanaalaansluitingen"
        constraints = [
            models.UniqueConstraint(fields=["kanaal", "gemeente"], name="aansluiting_uniek"),
            models.UniqueConstraint(
                fields=["kanaal"], condition=models.Q(gemeente__isnull=True), name="aansluiting_standaard_uniek"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kanaal_display()} – {self.gemeente or 'alle gemeenten'}"


class Status(models.TextChoices):
    WACHTEND = "wachtend", "Wacht op levering"
    AFGELEVERD = "afgeleverd", "Afgeleverd"
    INGETROKKEN = "ingetrokken", "Ingetrokken"
    MISLUKT = "mislukt", "Mislukt (wordt opnieuw geprobeerd)"
    DODE_LETTER = "dode-letter", "Dode letter (kan niet slagen)"


class Payload(models.Model):
    """Each distinct payload once, by its fingerprint: history refers to it instead of copying it."""

    fingerprint = models.CharField(max_length=90, primary_key=True, help_text="Fingerprint over precies deze inhoud.")
    kanaal = models.CharField(max_length=20, choices=PublicatieKanaal.choices, help_text="Kanaal waarvoor deze inhoud is.")
    inhoud = models.JSONField(help_text="Wat het kanaal kreeg, zoals het verstuurd is.")
    aangemaakt_op = models.DateTimeField(auto_now_add=True, help_text="Eerste keer dat deze inhoud verstuurd werd.")

    class Meta:
        verbose_name = "payload"
        verbose_name_plural = "payloads"

    def __str__(self) -> str:
        return f"{self.kanaal}: {self.fingerprint}"


class Levering(models.Model):
    """What one channel serves now for one item of one gemeente (one row per key, updated in place)."""

    kanaal = models.CharField(max_length=20, choices=PublicatieKanaal.choices, help_text="Publicatiekanaal.")
    gemeente = models.ForeignKey(
        "core.Gemeente", on_delete=models.CASCADE, related_name="leveringen", help_text="Gemeente voor wie het item is."
    )
    soort = models.CharField(max_length=20, choices=Soort.choices, help_text="Kennisartikel (product) of VAC.")
    item_uuid = models.UUIDField(help_text="Uuid van het item zoals kanalen het kennen.")
    status = models.CharField(max_length=20, choices=Status.choices, help_text="Laatste uitkomst voor dit item op dit kanaal.")
    fingerprint = models.CharField(
        max_length=90, blank=True, help_text="Fingerprint van wat het kanaal nu toont; leeg na een intrekking."
    )
    revisies = models.JSONField(default=dict, blank=True, help_text="Live revisies waaruit de inhoud is samengesteld.")
    volgnummer = models.PositiveBigIntegerField(
        default=0, help_text="Stijgt bij elke levering; ontvangers weigeren een lager nummer, dus nooit terug naar oud."
    )
    gewenst_fingerprint = models.CharField(
        max_length=90, blank=True, help_text="Fingerprint die het kanaal zou moeten tonen; verschilt bij een open levering."
    )
    pogingen = models.PositiveIntegerField(default=0, help_text="Mislukte pogingen sinds de laatste geslaagde levering.")
    laatste_fout = models.TextField(blank=True, help_text="Melding van de laatste mislukte poging.")
    wacht_sinds = models.DateTimeField(
        null=True, blank=True, help_text="Sinds wanneer een wijziging op levering wacht (leeg: niets open)."
    )
    afgeleverd_op = models.DateTimeField(null=True, blank=True, help_text="Laatste geslaagde levering of intrekking.")
    bevestigd_op = models.DateTimeField(null=True, blank=True, help_text="Moment waarop het kanaal de levering bevestigde.")
    extern_id = models.CharField(
        max_length=200,
        blank=True,
        help_text=(
            "Eigen kenmerk van het kanaal voor dit item (bijv. het id van het Mastodon-bericht), "
            "om het te wijzigen of te verwijderen."
        ),
    )

    class Meta:
        verbose_name = "levering"
        verbose_name_plural = "leveringen"
        constraints = [
            models.UniqueConstraint(fields=["kanaal", "gemeente", "soort", "item_uuid"], name="levering_uniek"),
        ]
        indexes = [
            models.Index(fields=["item_uuid"], name="levering_item"),
            models.Index(fields=["status", "wacht_sinds"], name="levering_open"),
        ]

    def __str__(self) -> str:
        return f"{self.kanaal}/{self.gemeente_id}/{self.soort}/{self.item_uuid}: {self.status}"


class LeveringHistorie(models.Model):
    """Every delivery and withdrawal as it happened: what, where, when (kept at least six months)."""

    kanaal = models.CharField(max_length=20, choices=PublicatieKanaal.choices, help_text="Publicatiekanaal.")
    gemeente_slug = models.CharField(max_length=60, help_text="Gemeente (slug; blijft leesbaar als de gemeente verdwijnt).")
    soort = models.CharField(max_length=20, choices=Soort.choices, help_text="Kennisartikel (product) of VAC.")
    item_uuid = models.UUIDField(help_text="Uuid van het item zoals kanalen het kennen.")
    ingetrokken = models.BooleanField(default=False, help_text="Een intrekking in plaats van een publicatie.")
    payload = models.ForeignKey(
        Payload, null=True, blank=True, on_delete=models.PROTECT, help_text="Wat het kanaal kreeg (leeg bij een intrekking)."
    )
    fingerprint = models.CharField(
        max_length=90, blank=True, help_text="Fingerprint van de payload (of de laatste bij intrekking)."
    )
    revisies = models.JSONField(default=dict, blank=True, help_text="Live revisies waaruit de inhoud is samengesteld.")
    volgnummer = models.PositiveBigIntegerField(help_text="Volgnummer van deze levering voor dit item op dit kanaal.")
    gebeurtenis = models.BigIntegerField(
        null=True, blank=True, help_text="Gebeurtenis die de levering veroorzaakte (leeg: sweep)."
    )
    extern_id = models.CharField(
        max_length=200, blank=True, help_text="Eigen kenmerk van het kanaal (bijv. het id van het Mastodon-bericht)."
    )
    details = models.JSONField(
        default=dict, blank=True, help_text="Wat het kanaal bevestigde (bijv. de bundelversie of het adres van het bericht)."
    )
    tijdstip = models.DateTimeField(help_text="Moment waarop het kanaal de levering bevestigde.")

    class Meta:
        verbose_name = "leveringshistorie"
        verbose_name_plural = "leveringshistorie"
        indexes = [models.Index(fields=["item_uuid", "kanaal", "gemeente_slug", "tijdstip"], name="historie_item")]

    def __str__(self) -> str:
        actie = "ingetrokken" if self.ingetrokken else "gepubliceerd"
        return f"{self.kanaal}/{self.gemeente_slug}/{self.item_uuid} {actie} {self.tijdstip:%Y-%m-%d %H:%M:%S}"


class Afhandeling(models.Model):
    """Idempotency key of a delivery task: (gebeurtenis, kanaal, gemeente) is handled once."""

    gebeurtenis = models.ForeignKey(Gebeurtenis, on_delete=models.CASCADE, help_text="De afgehandelde gebeurtenis.")
    kanaal = models.CharField(max_length=20, choices=PublicatieKanaal.choices, help_text="Publicatiekanaal.")
    gemeente_uuid = models.UUIDField(help_text="Gemeente waarvoor de gebeurtenis is afgehandeld.")
    afgehandeld_op = models.DateTimeField(auto_now_add=True, help_text="Moment van afhandeling.")

    class Meta:
        verbose_name = "afhandeling"
        verbose_name_plural = "afhandelingen"
        constraints = [
            models.UniqueConstraint(fields=["gebeurtenis", "kanaal", "gemeente_uuid"], name="afhandeling_uniek"),
        ]

    def __str__(self) -> str:
        return f"{self.gebeurtenis_id}/{self.kanaal}/{self.gemeente_uuid}"


class Inhoudsversie(models.Model):
    """A counter per gemeente (and one for generiek content, key ``""``) that grows with every outbox event.

    A database trigger on the outbox bumps it in the changing transaction; the row lock orders concurrent
    writers, so a reader that sees version N also sees every change that bumped it to N or lower. The delivery
    API keys its per-process composed catalogue on (generiek version, gemeente version): a read costs one small
    query instead of composing the gemeente's whole catalogue.
    """

    sleutel = models.CharField(
        max_length=36, primary_key=True, help_text="Uuid van de gemeente, of leeg voor generieke inhoud (raakt elke gemeente)."
    )
    versie = models.BigIntegerField(default=0, help_text="Groeit bij elke wijziging die kanalen raakt.")

    class Meta:
        verbose_name = "inhoudsversie"
        verbose_name_plural = "inhoudsversies"

    def __str__(self) -> str:
        return f"{self.sleutel or 'generiek'}: {self.versie}"
