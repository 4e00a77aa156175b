"""Recording what agents search, open and report, without personal data, and what editors read back from it.

Every function costs a constant number of queries, whatever the size of the logs or the kennisbank; the reports
aggregate in the database (one query per page), so 342 gemeenten and a year of searches cost no more to show.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from contenthub.core.models import Gemeente
from contenthub.kcc.models import Suggestiebesluit, Terugmelding, Zoekopdracht, Zoeksessie
from contenthub.kcc.privacy import normaliseer, schoon

# The as-you-type prefixes of one query are one row: a new query only when the agent starts over, or after a pause.
SAMENVOEGEN_BINNEN = dt.timedelta(minutes=2)
# Searches this close together are one query being typed, whatever their text: the page searches as the agent types
# (180 ms after a key), and a half-typed number, e-mail address or IBAN does not look like one to the scrubber yet, so
# "1234" is no prefix of "[nummer] paspoort" and would otherwise stay behind in its own row. An agent who starts a
# new question within five seconds of the last key replaces the one just abandoned.
TYPEN_BINNEN = dt.timedelta(seconds=5)
# A query nobody opened an answer for counts as "no click" once the agent had this long to open one.
KLIK_TERMIJN = dt.timedelta(minutes=5)


def sessie_uuid(waarde: str | None) -> uuidlib.UUID | None:
    """A uuid from a request parameter; None when it is missing or malformed."""
    try:
        return uuidlib.UUID(str(waarde))
    except (TypeError, ValueError):
        return None


def _sessie(sessie: uuidlib.UUID, gemeente: Gemeente) -> Zoeksessie:
    obj, _ = Zoeksessie.objects.get_or_create(uuid=sessie, defaults={"gemeente": gemeente})
    return obj


@transaction.atomic
def zoekvraag(sessie: uuidlib.UUID | None, gemeente: Gemeente, tekst: str, resultaten: int, zekerheid: float) -> None:
    """Log one search of the page. Typing on (or back) within the same query updates that query's row."""
    geschoond = schoon(tekst)
    sleutel = normaliseer(geschoond)
    if sessie is None or not sleutel:
        return
    zs = _sessie(sessie, gemeente)
    if zs.gemeente_id != gemeente.pk:
        return  # a session belongs to one gemeente; the page starts a new one when the agent switches
    laatste = zs.opdrachten.order_by("-pk").first()
    nu = timezone.now()
    velden = {"tekst": geschoond, "genormaliseerd": sleutel, "resultaten": resultaten, "zekerheid": zekerheid}
    if (
        laatste is not None
        and laatste.geopend_uuid is None
        and (
            nu - laatste.tijdstip < TYPEN_BINNEN
            or nu - laatste.tijdstip < SAMENVOEGEN_BINNEN
            and (sleutel.startswith(laatste.genormaliseerd) or laatste.genormaliseerd.startswith(sleutel))
        )
    ):
        Zoekopdracht.objects.filter(pk=laatste.pk).update(**velden, tijdstip=nu)
    else:
        Zoekopdracht.objects.create(sessie=zs, gemeente=gemeente, **velden)
        Zoeksessie.objects.filter(pk=zs.pk).update(zoekvragen=F("zoekvragen") + 1, bijgewerkt_op=nu)


@transaction.atomic
def geopend(sessie: uuidlib.UUID | None, gemeente: Gemeente, soort: str, uuid: str, titel: str, positie: int | None) -> None:
    """The agent opened an answer: it answers the session's last query (the first answer opened for it counts).
    An answer opened before in the session (a reload, back and forth) is no new click, so "found" and "found with
    one click" hold."""
    if sessie is None:
        return
    zs = Zoeksessie.objects.select_for_update().filter(uuid=sessie, gemeente=gemeente).first()
    if zs is None:
        return
    laatste = zs.opdrachten.order_by("-pk").first()
    if laatste is not None and laatste.geopend_uuid is None:
        Zoekopdracht.objects.filter(pk=laatste.pk).update(
            geopend_soort=soort, geopend_uuid=uuid, geopend_titel=titel[:300], positie=positie
        )
    sleutel = f"{soort}:{uuid}"
    if sleutel in zs.geopende:
        return  # an answer opened before in this session (a reload, back and forth): still one click
    Zoeksessie.objects.filter(pk=zs.pk).update(
        geopend=F("geopend") + 1, geopende=[*zs.geopende, sleutel], bijgewerkt_op=timezone.now()
    )


@transaction.atomic
def bevestig(sessie: uuidlib.UUID | None, gemeente: Gemeente, soort: str, uuid: str) -> bool:
    """The agent marked the opened answer as right ("Dit antwoord klopt") for the session's latest query that opened
    it: that phrasing becomes a suggestion at once (``suggesties``), not only after it recurs. Returns whether there
    was such a query (an answer opened without a search has no phrasing to learn)."""
    if sessie is None:
        return False
    opdracht = (
        Zoekopdracht.objects.filter(sessie__uuid=sessie, gemeente=gemeente, geopend_soort=soort, geopend_uuid=uuid)
        .order_by("-pk")
        .first()
    )
    if opdracht is None:
        return False
    if not opdracht.bevestigd:
        Zoekopdracht.objects.filter(pk=opdracht.pk).update(bevestigd=True)
    return True


def eigenaar(gemeente: Gemeente, item, sectie: str = "") -> Group:
    """Who fixes a wrong answer: the gemeente's redactie for its own content, the landelijke redactie for generiek
    text. For a product with an aanvulling the section decides: a generiek section goes to the landelijke redactie."""
    from contenthub.redactie.permissies import LANDELIJKE_REDACTIE
    from publishers.payload import Product

    landelijk = Group.objects.get_or_create(name=LANDELIJKE_REDACTIE)[0]
    if isinstance(item, Product):
        if item.lokaal:
            eigen = True
        elif sectie:
            herkomst = next((s.herkomst for s in item.secties if s.sleutel == sectie), "generiek")
            eigen = herkomst != "generiek"
        else:
            eigen = bool(item.revisies.get("aanvulling"))
    else:
        eigen = not item.generiek
    if eigen and gemeente.redactiegroep_id:
        return gemeente.redactiegroep
    return landelijk


@transaction.atomic
def terugmelden(
    sessie: uuidlib.UUID | None, gemeente: Gemeente, item, sectie: str, opmerking: str, zoektekst: str
) -> Terugmelding:
    """ "Dit antwoord klopt niet": a task for the owning editors; the session counts the answer as not found."""
    melding = Terugmelding.objects.create(
        gemeente=gemeente,
        soort=item.soort,
        item_uuid=item.uuid,
        titel=(getattr(item, "titel", "") or getattr(item, "vraag", ""))[:300],
        sectie=sectie[:60],
        opmerking=_schoon_lang(opmerking),
        zoekvraag=schoon(zoektekst),
        eigenaar=eigenaar(gemeente, item, sectie),
    )
    zs = Zoeksessie.objects.select_for_update().filter(uuid=sessie, gemeente=gemeente).first() if sessie else None
    sleutel = f"{item.soort}:{item.uuid}"
    # an answer opened in this session, once, however often it is reported
    if zs is not None and sleutel in zs.geopende and sleutel not in zs.afgekeurde:
        Zoeksessie.objects.filter(pk=zs.pk).update(
            afgekeurd=F("afgekeurd") + 1, afgekeurde=[*zs.afgekeurde, sleutel], bijgewerkt_op=timezone.now()
        )
    return melding


def _schoon_lang(tekst: str) -> str:
    """A remark of up to 2 000 characters, scrubbed as a whole with its line breaks kept."""
    return schoon(tekst, lengte=2000, regels=True)


def opruimen(nu: dt.datetime | None = None) -> dict[str, int]:
    """Delete searches, sessions, handled reports and decisions on suggestions older than the retention
    (KCC_LOG_BEWAARDAGEN); open reports stay until an editor handles them. Returns what was deleted, per kind."""
    grens = (nu or timezone.now()) - dt.timedelta(days=settings.KCC_LOG_BEWAARDAGEN)
    opdrachten, _ = Zoekopdracht.objects.filter(tijdstip__lt=grens).delete()
    sessies, _ = Zoeksessie.objects.filter(bijgewerkt_op__lt=grens).delete()
    meldingen, _ = Terugmelding.objects.filter(status=Terugmelding.Status.AFGEHANDELD, afgehandeld_op__lt=grens).delete()
    # A dismissed suggestion can hold a bare name the scrubber could not see ("piet de boer belt over afval"). It
    # goes once no search within the retention can bring it back (the same words opening the same answer); an
    # accepted one is in the item itself.
    nog_gezocht = Zoekopdracht.objects.filter(geopend_uuid=OuterRef("vac_uuid"), genormaliseerd=OuterRef("genormaliseerd"))
    besluiten, _ = Suggestiebesluit.objects.filter(op__lt=grens).exclude(Exists(nog_gezocht)).delete()
    return {"zoekopdrachten": opdrachten, "zoeksessies": sessies, "terugmeldingen": meldingen, "besluiten": besluiten}


# --- what editors read back ------------------------------------------------------------------------------------


def ontbrekende_antwoorden(gemeenten: QuerySet | None, sinds: dt.datetime, nu: dt.datetime | None = None) -> QuerySet:
    """Questions agents asked that found nothing, or for which they opened no answer: grouped by the question,
    most frequent first (one aggregate query; paginate it)."""
    nu = nu or timezone.now()
    qs = Zoekopdracht.objects.filter(tijdstip__gte=sinds).filter(
        Q(resultaten=0) | Q(geopend_uuid__isnull=True, tijdstip__lt=nu - KLIK_TERMIJN)
    )
    if gemeenten is not None:
        qs = qs.filter(gemeente__in=gemeenten)
    return (
        qs.values("gemeente__naam", "gemeente__slug", "genormaliseerd")
        .annotate(
            aantal=Count("pk"),
            zonder_resultaat=Count("pk", filter=Q(resultaten=0)),
            laatst=Max("tijdstip"),
            voorbeeld=Max("tekst"),
        )
        .order_by("-aantal", "-laatst", "genormaliseerd")
    )


@dataclass
class Uitkomst:
    gemeente: str
    slug: str
    sessies: int
    gevonden: int
    een_klik: int
    zoekvragen: int
    zonder_resultaat: int

    @staticmethod
    def _pct(deel: int, geheel: int) -> float | None:
        return round(100.0 * deel / geheel, 1) if geheel else None

    @property
    def gevonden_pct(self) -> float | None:
        return self._pct(self.gevonden, self.sessies)

    @property
    def een_klik_pct(self) -> float | None:
        return self._pct(self.een_klik, self.sessies)

    @property
    def zonder_resultaat_pct(self) -> float | None:
        return self._pct(self.zonder_resultaat, self.zoekvragen)


def uitkomsten(gemeenten: QuerySet | None, sinds: dt.datetime) -> list[Uitkomst]:
    """Per gemeente: search sessions, how many found an answer (and with one click), and the zero-result rate.
    Two aggregate queries, whatever the number of gemeenten or searches."""
    sessies = Zoeksessie.objects.filter(begonnen_op__gte=sinds)
    opdrachten = Zoekopdracht.objects.filter(tijdstip__gte=sinds)
    if gemeenten is not None:
        sessies, opdrachten = sessies.filter(gemeente__in=gemeenten), opdrachten.filter(gemeente__in=gemeenten)
    per_gemeente = {
        r["gemeente"]: r
        for r in opdrachten.values("gemeente").annotate(zoekvragen=Count("pk"), zonder=Count("pk", filter=Q(resultaten=0)))
    }
    uit = []
    for r in (
        sessies.values("gemeente", "gemeente__naam", "gemeente__slug")
        .annotate(
            aantal=Count("pk"),
            gevonden=Count("pk", filter=Q(geopend__gt=F("afgekeurd"))),
            een_klik=Count("pk", filter=Q(geopend=1, afgekeurd=0)),
        )
        .order_by("gemeente__naam")
    ):
        o = per_gemeente.get(r["gemeente"], {})
        uit.append(
            Uitkomst(
                gemeente=r["gemeente__naam"],
                slug=r["gemeente__slug"],
                sessies=r["aantal"],
                gevonden=r["gevonden"],
                een_klik=r["een_klik"],
                zoekvragen=o.get("zoekvragen", 0),
                zonder_resultaat=o.get("zonder", 0),
            )
        )
    return uit


# --- learning from agents ----------------------------------------------------------------------------------------

# A phrasing becomes a suggestion once this many searches led an agent to open the same answer with it, or at once
# when an agent marked the answer as right for it ("Dit antwoord klopt"): a citizen's own sentence seldom recurs
# word for word, an agent's confirmation is evidence enough for the editor to look at it.
SUGGESTIE_MINIMUM = 2
SUGGESTIE_KANDIDATEN = 500


@dataclass
class Suggestie:
    item: object  # VraagAntwoord, Kennisartikel or a local product (GemeentelijkeAanvulling)
    tekst: str
    genormaliseerd: str
    aantal: int
    laatst: dt.datetime
    bevestigd: int = 0  # how many of those times an agent marked the answer as right

    @property
    def soort(self) -> str:
        return "vac" if _is_vac(self.item) else "kennisartikel"

    @property
    def naam(self) -> str:
        """What the answer is called: a VAC's vraag, a product's titel."""
        return self.item.vraag if _is_vac(self.item) else self.item.titel

    @property
    def veld(self) -> str:
        """Where an accepted phrasing goes, in the editors' words."""
        return "alternatieve vraag" if _is_vac(self.item) else "trefwoord"


def _is_vac(item) -> bool:
    return hasattr(item, "alternatieve_vragen")


def _bekend(item) -> set[str]:
    """The phrasings the answer already has: a VAC's vraag and alternatieve vragen, a product's titel and trefwoorden."""
    if _is_vac(item):
        return {normaliseer(v) for v in [item.vraag, *(item.alternatieve_vragen or [])]}
    return {normaliseer(v) for v in [item.titel, *(item.trefwoorden or [])]}


def suggesties(
    vacs: QuerySet, sinds: dt.datetime, minimum: int = SUGGESTIE_MINIMUM, producten: tuple[QuerySet, ...] = ()
) -> list[Suggestie]:
    """Citizens' phrasings the kennisbank lacks: what agents typed before opening one of these VACs or products
    (``producten``: kennisartikelen and local products the editor may change), in sessions where nothing was reported
    wrong, at least ``minimum`` times or once marked as right (``bevestig``), not yet a phrasing the answer has
    (``_bekend``), not decided on before, without scrubbed personal data and of at least two words. Most frequent
    first.

    One aggregate over the logs (joined to the answers in scope by subqueries), then one query per kind of answer."""

    besloten = Suggestiebesluit.objects.filter(vac_uuid=OuterRef("geopend_uuid"), genormaliseerd=OuterRef("genormaliseerd"))
    in_scope = Q(geopend_soort="vac", geopend_uuid__in=vacs.values("uuid"))
    for qs in producten:
        in_scope |= Q(geopend_soort="kennisartikel", geopend_uuid__in=qs.values("uuid"))
    rijen = list(
        Zoekopdracht.objects.filter(in_scope, tijdstip__gte=sinds, sessie__afgekeurd=0, genormaliseerd__contains=" ")
        .exclude(tekst__contains="[")
        .exclude(Exists(besloten))
        .values("geopend_soort", "geopend_uuid", "genormaliseerd")
        .annotate(
            aantal=Count("pk"),
            bevestigingen=Count("pk", filter=Q(bevestigd=True)),
            laatst=Max("tijdstip"),
            voorbeeld=Max("tekst"),
        )
        .filter(Q(aantal__gte=minimum) | Q(bevestigingen__gte=1))
        .order_by("-aantal", "-laatst")[:SUGGESTIE_KANDIDATEN]
    )
    per_uuid: dict = {}
    for soort, bronnen in (("vac", (vacs,)), ("kennisartikel", producten)):
        gezocht = {r["geopend_uuid"] for r in rijen if r["geopend_soort"] == soort}
        for qs in bronnen if gezocht else ():
            # the page names each answer's gemeente
            met_gemeente = any(f.name == "gemeente" for f in qs.model._meta.get_fields())
            bron = qs.select_related("gemeente") if met_gemeente else qs
            per_uuid |= {(soort, k): v for k, v in bron.in_bulk(gezocht).items()}
    uit = []
    for r in rijen:
        item = per_uuid.get((r["geopend_soort"], r["geopend_uuid"]))
        if item is None or r["genormaliseerd"] in _bekend(item):
            continue
        uit.append(Suggestie(item, r["voorbeeld"], r["genormaliseerd"], r["aantal"], r["laatst"], r["bevestigingen"]))
    return uit


@transaction.atomic
def besluit(item, tekst: str, overnemen: bool, user) -> str:
    """Accept (one click: the phrasing joins a VAC's alternatieve vragen, or a product's trefwoorden, in a new
    revision that goes to review like any other change) or dismiss a suggestion. Returns what happened, for the
    editor."""
    from wagtail.models import WorkflowState

    from contenthub.kcc.models import Suggestiebesluit

    sleutel = normaliseer(tekst)
    Suggestiebesluit.objects.update_or_create(
        vac_uuid=item.uuid,
        genormaliseerd=sleutel,
        defaults={"besluit": "overgenomen" if overnemen else "afgewezen", "door": user, "op": timezone.now()},
    )
    suggestie = Suggestie(item, tekst, sleutel, 0, timezone.now())
    if not overnemen:
        return f"‘{tekst}’ wordt niet meer voorgesteld voor ‘{suggestie.naam}’."
    veld = "alternatieve_vragen" if _is_vac(item) else "trefwoorden"
    concept = item.get_latest_revision_as_object()
    if sleutel not in {normaliseer(v) for v in getattr(concept, veld) or []}:
        setattr(concept, veld, [*(getattr(concept, veld) or []), tekst])
    concept.save_revision(user=user, log_action=True)
    if (
        WorkflowState.objects.active()
        .filter(base_content_type_id=item.get_base_content_type().pk, object_id=str(item.pk))
        .exists()
    ):
        return f"‘{tekst}’ is toegevoegd aan de wijziging van ‘{suggestie.naam}’ die al ter review ligt."
    workflow = concept.get_workflow()
    if workflow is not None:
        workflow.start(concept, user)
        return f"‘{tekst}’ is als {suggestie.veld} toegevoegd aan ‘{suggestie.naam}’ en ter review aangeboden."
    return f"‘{tekst}’ is als {suggestie.veld} toegevoegd aan het concept van ‘{suggestie.naam}’."
