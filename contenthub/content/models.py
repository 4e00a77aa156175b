"""Content in three layers: generiek kennisartikelen, gemeentelijke aanvullingen, persoonlijke
sjablonen, plus vraag-antwoordcombinaties. Every type carries drafts, revisions, workflow, locking and
scheduled publish/expire, because every type reaches citizens through some channel."""

import hashlib
import json
import uuid

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import DraftStateMixin, LockableMixin, Orderable, PreviewableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index

from contenthub.content.regels import KORT_ANTWOORD_MAX, harde_fouten, slotfout
from contenthub.content.secties import SECTIE_KEUZES, SECTIE_LABELS, SECTIE_VELDEN, SECTIES
from contenthub.core.enums import (
    ANONIEME_KANALEN,
    Betrouwbaarheidsniveau,
    Doelgroep,
    Kanaal,
    Laag,
    Levensgebeurtenis,
    VacStatus,
)
from contenthub.core.fields import LijstField
from contenthub.core.models import Gemeente, UUIDModel

# What a gemeente reviews its aanvulling against; a change here asks for its attention.
GENERIEK_VERGELEKEN_VELDEN = ("titel", *SECTIE_VELDEN, "desk_memo")


def tekst_hash(tekst: dict[str, str]) -> str:
    """sha256 over canonical JSON, so 'changed since review' is one comparison in SQL."""
    return hashlib.sha256(json.dumps(tekst, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def redactie_relaties(naam: str):
    """The generic relations Wagtail needs on each concrete snippet (query names must be unique)."""
    return (
        GenericRelation("wagtailcore.Revision", related_query_name=naam),
        GenericRelation(
            "wagtailcore.WorkflowState",
            content_type_field="base_content_type",
            object_id_field="object_id",
            related_query_name=naam,
            for_concrete_model=False,
        ),
    )


class RedactieItem(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, index.Indexed, ClusterableModel, UUIDModel
):
    """Base of every editable content type: editorial state plus an owner and a review date."""

    eigenaar = models.CharField(
        max_length=120, blank=True, help_text="Afdeling of team dat inhoudelijk verantwoordelijk is, bijv. Burgerzaken."
    )
    herzieningsdatum = models.DateField(
        null=True, blank=True, help_text="Uiterlijk op deze datum controleert de eigenaar of de inhoud nog klopt."
    )

    class Meta:
        abstract = True

    @property
    def revisions(self):
        return self._revisions

    @property
    def laag(self) -> str:
        raise NotImplementedError

    @property
    def scope_gemeente(self):
        """The gemeente whose editors own this item; None for generiek (national) content."""
        return None

    def get_preview_template(self, request, mode_name):
        return f"content/preview/{self._meta.model_name}.html"

    def tekstvelden(self) -> list[tuple[str | None, str, str, bool]]:
        """(field, label, text, public) of every text of this item; the hard rules and the editor's checks read it."""
        return []

    def clean(self):
        super().clean()
        fouten = harde_fouten(self)
        if fouten:
            raise ValidationError(fouten)


def _markdown_help(extra: str = "") -> str:
    return ("Markdown. " + extra).strip()


# Editors' search weight per item: a factor on the item's word score and a shift of its fused score (see
# contenthub.kennisbank.zoeken); None is normal (1.0). Nullable, so adding it is a plain ADD COLUMN on SQLite
# too (a NOT NULL column would rebuild the content tables, which the outbox triggers name).
ZOEKGEWICHTEN = [(0.5, "Lager"), (1.5, "Hoger"), (2.0, "Veel hoger")]


class KanaalOpties(models.Model):
    """How an item travels to the channels; on products and VACs, not on persoonlijk sjablonen."""

    spoed = models.BooleanField(
        "spoedbericht",
        default=False,
        help_text="Een storing, een verlengde termijn of ander dringend nieuws: gaat vóór alle andere leveringen naar de "
        "kanalen, en leden van de groep Spoedberichten mogen het zonder review publiceren.",
    )
    delen = models.BooleanField(
        "delen op sociale media",
        default=False,
        help_text="Ook een kort bericht met een link naar de website op de sociale media van de gemeente.",
    )
    zoekgewicht = models.FloatField(
        "zoekgewicht in de kennisbank",
        null=True,
        blank=True,
        choices=ZOEKGEWICHTEN,
        help_text="Hoe zwaar dit item telt in de zoekresultaten van de KCC-kennisbank en de chatbot. Leeg: normaal; "
        "bij een aanvulling: zoals het generieke artikel. Gebruik 'hoger' voor wat veel gevraagd wordt en "
        "'lager' voor wat zelden het antwoord is.",
    )

    class Meta:
        abstract = True


class Kennisartikel(KanaalOpties, RedactieItem):
    """A national (generiek) product description in the PDC/SDG kennisartikel shape."""

    upn_uri = models.URLField("UPL-URI", max_length=255, unique=True, help_text="URI uit de Uniforme Productnamenlijst (upnUri).")
    upn_label = models.CharField("UPL-label", max_length=200, help_text="Leesbare productnaam uit de UPL.")
    doelgroep = models.CharField(
        max_length=20, choices=Doelgroep.choices, default=Doelgroep.BURGER, help_text="Voor wie het product is."
    )
    levensgebeurtenissen = LijstField(keuzes=Levensgebeurtenis.choices, help_text="Levensgebeurtenissen, één per regel.")
    taal = models.CharField(
        max_length=5,
        choices=[("nl", "Nederlands")],
        default="nl",
        help_text="Taal van de tekst. De hub beheert nu alleen Nederlands; andere vertalingen volgen.",
    )
    titel = models.CharField(max_length=200, help_text="Titel zoals inwoners hem zien.")
    tekst = models.TextField(blank=True, help_text=_markdown_help("Hoofdtekst in B1-taalniveau."))
    procedure_beschrijving = models.TextField(blank=True, help_text=_markdown_help("Hoe vraagt de inwoner het aan?"))
    vereisten = models.TextField(blank=True, help_text=_markdown_help("Voorwaarden."))
    bewijs = models.TextField(blank=True, help_text=_markdown_help("Mee te nemen of op te sturen bewijsstukken."))
    kosten_en_betaalmethoden = models.TextField(blank=True, help_text=_markdown_help("Kosten en hoe te betalen."))
    uiterste_termijn = models.TextField(blank=True, help_text=_markdown_help("Termijnen en doorlooptijd."))
    bezwaar_en_beroep = models.TextField(blank=True, help_text=_markdown_help("Bezwaar en beroep."))
    wtd_bij_geen_reactie = models.TextField(blank=True, help_text=_markdown_help("Wat te doen bij geen reactie."))
    notice = models.TextField("let op", blank=True, help_text=_markdown_help("Let-op-melding."))
    contact = models.TextField(blank=True, help_text=_markdown_help("Contactinformatie."))
    desk_memo = models.TextField(
        "deskMemo", blank=True, help_text="Interne notitie voor KCC-medewerkers. Wordt nooit gepubliceerd naar inwoners."
    )
    trefwoorden = LijstField(help_text="Zoekwoorden, ook spreektaal en synoniemen, één per regel.")
    datum_wijziging = models.DateTimeField(
        null=True, blank=True, help_text="Moment van de laatste inhoudelijke wijziging (datumWijziging van de vertaling)."
    )
    generieke_tekst_hash = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="sha256 van titel, secties en deskMemo van deze rij (bij een live item: de gepubliceerde tekst). "
        "Gemeenten zien 'generiek gewijzigd' als dit afwijkt van de tekst die zij beoordeelden.",
    )
    bronvelden = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="Velden uit de bron die de hub niet zelf bewerkt (url, publicatieDatum, verantwoordelijkeOrganisatie, "
        "andere vertalingen, onbekende velden). De export geeft ze ongewijzigd terug.",
    )

    _revisions, workflow_states = redactie_relaties("kennisartikel")

    search_fields = [
        index.SearchField("titel", boost=3),
        index.AutocompleteField("titel"),
        index.SearchField("upn_label"),
        index.SearchField("tekst"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["titel"]
        verbose_name = "kennisartikel"
        verbose_name_plural = "kennisartikelen"

    def __str__(self) -> str:
        return self.titel

    @property
    def laag(self) -> str:
        return Laag.GENERIEK

    def tekstvelden(self):
        return [
            ("titel", "Titel", self.titel, True),
            *[(veld, SECTIE_LABELS[veld], getattr(self, veld), True) for veld in SECTIE_VELDEN],
            ("desk_memo", "deskMemo", self.desk_memo, False),
        ]

    def generieke_tekst(self) -> dict[str, str]:
        """The text gemeenten review their aanvulling against (this row's version)."""
        return {veld: getattr(self, veld) or "" for veld in GENERIEK_VERGELEKEN_VELDEN}

    def save(self, *args, **kwargs):
        # Only when the text itself is written: save_revision() saves a live row with a draft in memory but
        # writes only its bookkeeping fields, and the hash must keep describing the row's (live) text.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or set(update_fields) & set(GENERIEK_VERGELEKEN_VELDEN):
            self.generieke_tekst_hash = tekst_hash(self.generieke_tekst())
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "generieke_tekst_hash"}
        super().save(*args, **kwargs)

    @cached_property
    def _gemeenten_voor_preview(self) -> list[tuple[str, str]]:
        return list(Gemeente.objects.order_by("naam").values_list("slug", "naam"))

    @property
    def preview_modes(self):
        # Wagtail reads this once per option; one query per instance, whatever the number of gemeenten.
        return [("", "Generiek")] + [(slug, f"Samengesteld voor {naam}") for slug, naam in self._gemeenten_voor_preview]

    def get_preview_context(self, request, mode_name):
        from contenthub.content.resolver import samengesteld

        context = super().get_preview_context(request, mode_name)
        gemeente = Gemeente.objects.filter(slug=mode_name).first() if mode_name else None
        context.update(antwoord=samengesteld(self, gemeente), gemeente=gemeente, secties=SECTIES)
        return context

    def get_preview_template(self, request, mode_name):
        return "content/preview/samengesteld.html"


class AanvullingModus(models.TextChoices):
    AANVULLEN = "aanvullen", "Aanvullen (achter de generieke tekst)"
    VERVANGEN = "vervangen", "Vervangen (in plaats van de generieke tekst)"


class GemeentelijkeAanvulling(KanaalOpties, RedactieItem):
    """A gemeente's supplement to, or override of, a kennisartikel, or a product that exists only locally."""

    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, related_name="aanvullingen", help_text="De gemeente van deze aanvulling."
    )
    kennisartikel = models.ForeignKey(
        Kennisartikel,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aanvullingen",
        help_text="Het generieke kennisartikel dat wordt aangevuld. Leeg voor een product dat alleen in deze gemeente bestaat.",
    )
    upn_uri = models.CharField(
        "product-URI",
        max_length=255,
        blank=True,
        help_text="URI van het product (upnUri). Verplicht voor een lokaal product; "
        "bij een aanvulling gelijk aan het kennisartikel.",
    )
    upn_label = models.CharField(
        "productlabel", max_length=200, blank=True, help_text="Leesbare productnaam voor een lokaal product."
    )
    titel = models.CharField(
        max_length=200, blank=True, help_text="Vervangt de generieke titel. Verplicht voor een lokaal product."
    )
    doelgroep = models.CharField(
        max_length=20,
        choices=Doelgroep.choices,
        blank=True,
        help_text="Alleen voor een lokaal product; anders geldt die van het kennisartikel.",
    )
    aangewezen_kanaal = models.CharField(
        max_length=255,
        blank=True,
        help_text="Het formeel aangewezen kanaal voor formele verzoeken (WMEBV), bijv. 'webformulier met DigiD'.",
    )
    desk_memo = models.TextField("deskMemo", blank=True, help_text="Lokale KCC-notitie; komt achter de generieke deskMemo.")
    trefwoorden = LijstField(help_text="Lokale zoekwoorden, één per regel.")
    levensgebeurtenissen = LijstField(keuzes=Levensgebeurtenis.choices, help_text="Levensgebeurtenissen, één per regel.")
    datum_wijziging = models.DateField(null=True, blank=True, help_text="Datum van de laatste inhoudelijke wijziging.")

    _revisions, workflow_states = redactie_relaties("gemeentelijkeaanvulling")

    search_fields = [
        index.SearchField("titel"),
        index.AutocompleteField("titel"),
        index.SearchField("upn_label"),
        index.FilterField("gemeente"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["gemeente__naam", "titel"]
        verbose_name = "gemeentelijke aanvulling"
        verbose_name_plural = "gemeentelijke aanvullingen"
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "kennisartikel"],
                condition=models.Q(kennisartikel__isnull=False),
                name="een_aanvulling_per_gemeente_en_kennisartikel",
                violation_error_message="Deze gemeente heeft al een aanvulling op dit kennisartikel.",
            )
        ]

    def __str__(self) -> str:
        naam = self.titel or (self.kennisartikel.titel if self.kennisartikel_id else self.upn_label)
        return f"{naam} ({self.gemeente.naam if self.gemeente_id else '?'})"

    @property
    def laag(self) -> str:
        return Laag.GEMEENTELIJK

    @property
    def scope_gemeente(self):
        return self.gemeente if self.gemeente_id else None

    @property
    def is_lokaal(self) -> bool:
        return self.kennisartikel_id is None

    def tekstvelden(self):
        velden = [
            ("titel", "Titel", self.titel, True),
            ("aangewezen_kanaal", "Aangewezen kanaal", self.aangewezen_kanaal, True),
            ("desk_memo", "deskMemo", self.desk_memo, False),
        ]
        if self.pk or hasattr(self, "_cluster_related_objects"):
            velden += [(None, f"Sectie {SECTIE_LABELS.get(s.sectie, s.sectie)}", s.tekst, True) for s in self.secties.all()]
        return velden

    def clean(self):
        fouten = {}
        if self.is_lokaal:
            if not self.upn_uri:
                fouten["upn_uri"] = "Een lokaal product (zonder kennisartikel) heeft een eigen product-URI nodig."
            if not self.titel:
                fouten["titel"] = "Een lokaal product (zonder kennisartikel) heeft een eigen titel nodig."
        elif self.upn_uri and self.upn_uri != self.kennisartikel.upn_uri:
            fouten["upn_uri"] = "Bij een aanvulling is de product-URI gelijk aan die van het kennisartikel; laat het veld leeg."
        if fouten:
            raise ValidationError(fouten)
        super().clean()

    def get_preview_context(self, request, mode_name):
        from contenthub.content.resolver import samengesteld

        context = super().get_preview_context(request, mode_name)
        antwoord = samengesteld(None if self.is_lokaal else self.kennisartikel, self.gemeente, aanvulling=self)
        context.update(antwoord=antwoord, gemeente=self.gemeente, secties=SECTIES)
        return context

    def get_preview_template(self, request, mode_name):
        return "content/preview/samengesteld.html"


class SectieAanpassing(Orderable):
    aanvulling = ParentalKey(
        GemeentelijkeAanvulling,
        on_delete=models.CASCADE,
        related_name="secties",
        help_text="De aanvulling waar deze sectie bij hoort.",
    )
    sectie = models.CharField(max_length=40, choices=SECTIE_KEUZES, help_text="Welke sectie van het kennisartikel.")
    modus = models.CharField(
        max_length=10,
        choices=AanvullingModus.choices,
        default=AanvullingModus.AANVULLEN,
        help_text="Aanvullen zet de lokale tekst achter de generieke; vervangen toont alleen de lokale tekst.",
    )
    tekst = models.TextField(help_text="Lokale tekst (Markdown).")

    def clean(self):
        super().clean()
        if melding := slotfout(self.tekst):
            raise ValidationError({"tekst": melding})

    class Meta(Orderable.Meta):
        verbose_name = "sectie-aanpassing"
        verbose_name_plural = "sectie-aanpassingen"


class Locatie(Orderable):
    aanvulling = ParentalKey(
        GemeentelijkeAanvulling,
        on_delete=models.CASCADE,
        related_name="locaties",
        help_text="De aanvulling waar deze locatie bij hoort.",
    )
    naam = models.CharField(max_length=200, help_text="Naam van de locatie, bijv. Stadswinkel Centrum.")
    adres = models.CharField(max_length=255, blank=True, help_text="Bezoekadres.")
    openingstijden = models.TextField(blank=True, help_text="Openingstijden van deze locatie voor dit product.")

    class Meta(Orderable.Meta):
        verbose_name = "locatie"
        verbose_name_plural = "locaties"


class VraagAntwoord(KanaalOpties, RedactieItem):
    """A vraag-antwoordcombinatie (VAC) in the KISS objecttype shape, generiek or for one gemeente."""

    vraag = models.CharField(max_length=255, help_text="De vraag zoals een inwoner hem stelt.")
    alternatieve_vragen = LijstField(help_text="Andere formuleringen van dezelfde vraag, één per regel (voor chatbot en zoeken).")
    antwoord = models.TextField(help_text="Volledig antwoord (Markdown).")
    kort_antwoord = models.TextField(
        blank=True,
        help_text=f"Kort antwoord voor chatbot, social en telefoon, hoogstens {KORT_ANTWOORD_MAX} tekens. "
        "VAC's uit andere systemen hebben het vaak niet; de kwaliteitscontrole vraagt erom.",
    )
    toelichting = models.TextField(blank=True, help_text="Interne toelichting voor KCC-medewerkers; nooit publiek.")
    trefwoorden = LijstField(help_text="Zoekwoorden, één per regel.")
    afdelingen = LijstField(help_text="Afdelingen die over deze vraag gaan, één per regel.")
    gerelateerde_producten = LijstField(help_text="UPL-URI's van gerelateerde producten, één per regel.")
    gerelateerde_vacs = LijstField(
        help_text="UUID's van andere VAC's die vaak samen gevraagd worden, één per regel; "
        "een URI verwijst naar een VAC buiten de hub."
    )
    status = models.CharField(
        max_length=20, choices=VacStatus.choices, default=VacStatus.ACTIEF, help_text="Alleen actieve VAC's gaan naar kanalen."
    )
    doelgroep = models.CharField(
        max_length=20, choices=Doelgroep.choices, default=Doelgroep.BURGER, help_text="Voor wie de vraag is."
    )
    gemeente = models.ForeignKey(
        Gemeente,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="vacs",
        help_text="Leeg voor een generieke VAC; anders de gemeente waarvoor deze VAC geldt.",
    )
    vervangt = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vervangen_door",
        help_text="Generieke VAC die deze gemeentelijke VAC voor deze gemeente vervangt.",
    )

    bronvelden = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="Velden uit de bron die de hub niet zelf bewerkt (bijv. afdelingId, onbekende velden). "
        "De export geeft ze ongewijzigd terug.",
    )

    _revisions, workflow_states = redactie_relaties("vraagantwoord")

    search_fields = [
        index.SearchField("vraag", boost=3),
        index.AutocompleteField("vraag"),
        index.SearchField("antwoord"),
        index.FilterField("gemeente"),
        index.FilterField("status"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["vraag"]
        verbose_name = "vraag-antwoordcombinatie"
        verbose_name_plural = "vraag-antwoordcombinaties"
        constraints = [
            # The quality check reports this in the editor; the database guarantees it for every other path.
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("kort_antwoord"), KORT_ANTWOORD_MAX), name="kort_antwoord_max_280"
            ),
            # One replacement per gemeente per generiek VAC; that the replaced VAC is generiek needs the target's
            # row, which a CHECK cannot see: a trigger enforces it (migration 0006).
            models.UniqueConstraint(
                fields=["gemeente", "vervangt"],
                condition=models.Q(vervangt__isnull=False),
                name="een_vervanging_per_gemeente_en_vac",
                violation_error_message="Deze gemeente vervangt deze generieke VAC al met een andere VAC.",
            ),
        ]

    def __str__(self) -> str:
        return self.vraag

    def tekstvelden(self):
        return [
            ("vraag", "Vraag", self.vraag, False),
            ("antwoord", "Antwoord", self.antwoord, True),
            ("kort_antwoord", "Kort antwoord", self.kort_antwoord, False),
            ("toelichting", "Toelichting", self.toelichting, False),
            *[("alternatieve_vragen", "Alternatieve vraag", v, False) for v in self.alternatieve_vragen or []],
        ]

    @property
    def laag(self) -> str:
        return Laag.GEMEENTELIJK if self.gemeente_id else Laag.GENERIEK

    @property
    def scope_gemeente(self):
        return self.gemeente if self.gemeente_id else None

    def clean(self):
        fouten = {}
        if self.vervangt_id:
            if not self.gemeente_id:
                fouten["vervangt"] = "Alleen een gemeentelijke VAC kan een generieke VAC vervangen."
            elif self.vervangt.gemeente_id is not None:
                fouten["vervangt"] = "Kies een generieke VAC (zonder gemeente) om te vervangen."
            elif self.vervangt_id == self.pk:
                fouten["vervangt"] = "Een VAC kan zichzelf niet vervangen."
        if self.gerelateerde_vacs and not getattr(self, "_verwijzingen_gecontroleerd", False):
            bestaand = {
                str(u)
                for u in VraagAntwoord.objects.filter(pk__in=_geldige_uuids(self.gerelateerde_vacs)).values_list("pk", flat=True)
            }
            # A URI points at a VAC outside the hub (e.g. another Objecten API); it is kept as it is.
            onbekend = [u for u in self.gerelateerde_vacs if u not in bestaand and "://" not in str(u)]
            if onbekend:
                fouten["gerelateerde_vacs"] = f"Onbekende VAC-UUID('s): {', '.join(onbekend)}."
        if fouten:
            raise ValidationError(fouten)
        super().clean()


def _geldige_uuids(waarden):
    geldig = []
    for waarde in waarden:
        try:
            geldig.append(uuid.UUID(str(waarde)))
        except ValueError:
            continue
    return geldig


class PersoonlijkSjabloon(RedactieItem):
    """Template text whose slots a channel fills from the citizen's own data at the source.

    The hub keeps only the template and its rules; ``voorbeelddata`` is fictitious and exists so that
    editors can preview and tests can render.
    """

    naam = models.CharField(max_length=200, help_text="Naam van het sjabloon, bijv. 'Uw reisdocument verloopt binnenkort'.")
    sjabloon = models.TextField(help_text="Tekst in Markdown met slots in Jinja2-notatie, bijv. {{ reisdocument.vervaldatum }}.")
    kanalen = LijstField(
        keuzes=[(k, label) for k, label in Kanaal.choices if k not in ANONIEME_KANALEN],
        help_text="Kanalen waar de inwoner zich identificeert en dit sjabloon mag verschijnen, één per regel. "
        "Website en social zijn nooit toegestaan.",
    )
    vereist_betrouwbaarheidsniveau = models.CharField(
        max_length=20,
        choices=Betrouwbaarheidsniveau.choices,
        default=Betrouwbaarheidsniveau.SUBSTANTIEEL,
        help_text="Minimaal betrouwbaarheidsniveau van de inlog voordat dit sjabloon wordt getoond.",
    )
    bron = models.CharField(max_length=255, help_text="Bron-API die de gegevens levert, bijv. Haal Centraal BRP bevragen.")
    gerelateerd_product = models.CharField(max_length=255, blank=True, help_text="UPL-URI van het gerelateerde product.")
    voorbeelddata = models.JSONField(
        default=dict, blank=True, help_text="Fictieve voorbeeldgegevens (JSON) voor de preview. Nooit echte persoonsgegevens."
    )

    _revisions, workflow_states = redactie_relaties("persoonlijksjabloon")

    search_fields = [index.SearchField("naam"), index.AutocompleteField("naam")]

    class Meta:
        ordering = ["naam"]
        verbose_name = "persoonlijk sjabloon"
        verbose_name_plural = "persoonlijke sjablonen"

    def __str__(self) -> str:
        return self.naam

    @property
    def laag(self) -> str:
        return Laag.PERSOONLIJK

    def clean(self):
        from contenthub.content.sjablonen import SjabloonFout, SjabloonTeZwaar, controleer_sjabloon, vul_in

        fouten = {}
        verboden = [k for k in self.kanalen if k in ANONIEME_KANALEN]
        if verboden:
            fouten["kanalen"] = (
                f"Persoonlijke inhoud mag nooit naar {', '.join(verboden)}: daar is de inwoner niet geïdentificeerd."
            )
        if not self.kanalen:
            fouten["kanalen"] = "Kies minstens één kanaal waar de inwoner is ingelogd."
        try:
            controleer_sjabloon(self.sjabloon)
            if isinstance(self.voorbeelddata, dict):
                # Filling with the example data finds templates that would exhaust a worker or channel.
                vul_in(self.sjabloon, self.voorbeelddata)
        except SjabloonTeZwaar as exc:
            fouten["sjabloon"] = str(exc)
        except SjabloonFout as exc:
            if "Slot zonder waarde" not in str(exc):  # incomplete example data is shown in the preview instead
                fouten["sjabloon"] = str(exc)
        if not isinstance(self.voorbeelddata, dict):
            fouten["voorbeelddata"] = 'Voorbeelddata is een JSON-object, bijv. {"persoon": {"aanschrijfnaam": "..."}}.'
        if fouten:
            raise ValidationError(fouten)
        super().clean()

    def get_preview_context(self, request, mode_name):
        from contenthub.content.sjablonen import SjabloonFout, vul_sjabloon

        context = super().get_preview_context(request, mode_name)
        try:
            context["html"] = vul_sjabloon(self.sjabloon, self.voorbeelddata or {})
        except SjabloonFout as exc:
            context["fout"] = str(exc)
        return context
