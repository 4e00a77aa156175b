"""Delivery: bring one channel of some gemeenten up to date for some items, and record it in the ledger.

The rule that makes every channel converge: a delivery never sends what an event said, it sends what
the bulk resolver composes *now*, and only where that differs from what the ledger says the channel
serves. So a retry after a newer publish sends the newer content, a redelivered task finds nothing left
to do, and the periodic sweep is the same function over everything.

Ordering: the ledger rows of the stale items are locked (``SELECT … FOR UPDATE``) before composing under
the lock and sending, so two workers never interleave sends for one item; each send carries a
``volgnummer`` that only grows (microseconds, at least one above the last), and receivers keep the
highest, so no channel can go back to an older revision, even after a timed-out request lands late.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from contenthub.core.models import Gemeente
from contenthub.publicatie.bestemmingen import Bestemmingen
from contenthub.publicatie.models import Levering, LeveringHistorie, Payload, Status
from contenthub.publicatie.samenstellen import Doelen, Sleutel, kanaal_items
from publishers.base import Bestemming, BlijvendeFout, Stand, TijdelijkeFout
from publishers.payload import Intrekking, fingerprint
from publishers.registry import publisher

logger = logging.getLogger(__name__)

OPEN = (Status.WACHTEND, Status.AFGELEVERD, Status.MISLUKT, Status.DODE_LETTER)
ONAF = (Status.WACHTEND, Status.MISLUKT)


@dataclass
class Uitkomst:
    """What one delivery run did, per gemeente: so a task knows what to retry and what is done."""

    gepubliceerd: int = 0
    ingetrokken: int = 0
    ongewijzigd: int = 0
    tijdelijk_mislukt: dict[UUID, str] = field(default_factory=dict)  # gemeente pk → last error
    dode_letters: int = 0

    def __iadd__(self, ander: Uitkomst) -> Uitkomst:
        self.gepubliceerd += ander.gepubliceerd
        self.ingetrokken += ander.ingetrokken
        self.ongewijzigd += ander.ongewijzigd
        self.tijdelijk_mislukt.update(ander.tijdelijk_mislukt)
        self.dode_letters += ander.dode_letters
        return self


def _volgnummer(vorige: int) -> int:
    return max(vorige + 1, time.time_ns() // 1000)


def gewenste_inhoud(kanaal: str, gemeenten: list[Gemeente], doelen: Doelen) -> dict[Sleutel, tuple]:
    """(item, payload, fingerprint) per key that this channel should serve now."""
    pub = publisher(kanaal)
    uit = {}
    for sleutel, item in kanaal_items(gemeenten, doelen).items():
        inhoud = pub.inhoud(item)
        if inhoud is not None:
            uit[sleutel] = (item, inhoud, fingerprint(inhoud))
    verrijk = getattr(pub, "verrijk", None)
    if verrijk and uit:  # derived data (an embedding) is added after the fingerprint: it follows from the content
        verrijk([inhoud for _, inhoud, _ in uit.values()])
    return uit


def ledger_rijen(kanaal: str, gemeenten: list[Gemeente], doelen: Doelen):
    """The ledger rows of ``doelen`` in ``gemeenten`` that still say something (not withdrawn), by key; one query."""
    qs = Levering.objects.filter(kanaal=kanaal, gemeente__in=gemeenten, status__in=OPEN)
    if doelen.kennisartikelen is not None and doelen.lokale is not None and doelen.vacs is not None:
        qs = qs.filter(item_uuid__in=list(doelen.kennisartikelen | doelen.lokale | doelen.vacs))
    return {(r.gemeente_id, r.soort, r.item_uuid): r for r in qs if doelen.omvat(r.soort, r.item_uuid)}


def _verouderd(gewenst: dict, ledger: dict) -> set[Sleutel]:
    stale = set()
    for sleutel, (_, _, fp) in gewenst.items():
        rij = ledger.get(sleutel)
        if rij is None or rij.status != Status.AFGELEVERD or rij.fingerprint != fp:
            if rij is not None and rij.status == Status.DODE_LETTER and rij.gewenst_fingerprint == fp:
                continue  # this exact payload can never succeed; a new revision (or a resend) tries again
            stale.add(sleutel)
    for sleutel, rij in ledger.items():
        if sleutel not in gewenst and (rij.fingerprint or rij.status in ONAF):
            stale.add(sleutel)  # served (or half-served) before, gone now: a withdrawal
    return stale


def lever(
    kanaal: str, gemeenten: list[Gemeente], doelen: Doelen, *, gebeurtenis: int | None = None, opnieuw: bool = False
) -> Uitkomst:
    """Make ``kanaal`` serve exactly what the resolver composes now for ``doelen`` in ``gemeenten``.

    ``opnieuw`` (a resend) sends even what the ledger says is current, and retries dead letters.
    """
    uitkomst = Uitkomst()
    bestemmingen = Bestemmingen(kanaal)
    gemeenten = [g for g in gemeenten if bestemmingen.bedient(g)]
    if not gemeenten:
        return uitkomst
    gewenst = gewenste_inhoud(kanaal, gemeenten, doelen)
    ledger = ledger_rijen(kanaal, gemeenten, doelen)
    stale = set(gewenst) | set(ledger) if opnieuw else _verouderd(gewenst, ledger)
    uitkomst.ongewijzigd = len(gewenst) - len(stale & set(gewenst))
    if not stale:
        return uitkomst

    nu = timezone.now()
    nieuw = [
        Levering(kanaal=kanaal, gemeente_id=g, soort=s, item_uuid=u, status=Status.WACHTEND, wacht_sinds=nu)
        for (g, s, u) in stale
        if (g, s, u) not in ledger
    ]
    Levering.objects.bulk_create(nieuw, ignore_conflicts=True)
    per_gemeente = {g.pk: g for g in gemeenten}
    with transaction.atomic():
        # Lock in a fixed order so two workers never deadlock; compose again under the lock (see module doc).
        rijen = list(
            Levering.objects.select_for_update()
            .filter(kanaal=kanaal, gemeente__in=list({g for g, _, _ in stale}), item_uuid__in=list({u for _, _, u in stale}))
            .order_by("pk")
        )
        rijen = {(r.gemeente_id, r.soort, r.item_uuid): r for r in rijen if (r.gemeente_id, r.soort, r.item_uuid) in stale}
        beperkt = Doelen(
            kennisartikelen={u for _, s, u in stale if s == "kennisartikel"},
            lokale={u for _, s, u in stale if s == "kennisartikel"},
            vacs={u for _, s, u in stale if s == "vac"},
        )
        betrokken = [per_gemeente[g] for g in sorted({g for g, _, _ in rijen}, key=str)]
        nu_gewenst = gewenste_inhoud(kanaal, betrokken, beperkt)
        schrijven = _Schrijven()
        for sleutel, rij in sorted(rijen.items(), key=lambda x: x[1].pk):
            gemeente = per_gemeente[sleutel[0]]
            bestemming = bestemmingen.voor(gemeente)
            uitkomst += _lever_een(kanaal, gemeente, rij, nu_gewenst.get(sleutel), bestemming, gebeurtenis, opnieuw, schrijven)
        schrijven.opslaan()
    return uitkomst


@dataclass
class _Schrijven:
    """Ledger writes of one run, saved in bulk: a batch costs the same few queries whatever its size."""

    rijen: list[Levering] = field(default_factory=list)
    historie: list[LeveringHistorie] = field(default_factory=list)
    payloads: dict[str, Payload] = field(default_factory=dict)

    VELDEN = (
        "status",
        "fingerprint",
        "revisies",
        "volgnummer",
        "gewenst_fingerprint",
        "pogingen",
        "laatste_fout",
        "wacht_sinds",
        "afgeleverd_op",
        "bevestigd_op",
        "extern_id",
    )

    def opslaan(self) -> None:
        if self.payloads:
            Payload.objects.bulk_create(list(self.payloads.values()), ignore_conflicts=True)
        if self.rijen:
            Levering.objects.bulk_update(self.rijen, list(self.VELDEN))
        if self.historie:
            LeveringHistorie.objects.bulk_create(self.historie)


def _lever_een(
    kanaal: str,
    gemeente: Gemeente,
    rij: Levering,
    gewenst: tuple | None,
    bestemming: Bestemming,
    gebeurtenis: int | None,
    opnieuw: bool,
    schrijven: _Schrijven,
) -> Uitkomst:
    uitkomst = Uitkomst()
    pub = publisher(kanaal)
    nu = timezone.now()
    stand = Stand(
        extern_id=rij.extern_id,
        volgnummer=rij.volgnummer,
        fingerprint=rij.fingerprint,
        pogingen=rij.pogingen,
        sinds=rij.wacht_sinds,
    )
    if gewenst is not None:
        item, inhoud, fp = gewenst
        if not opnieuw and rij.status == Status.AFGELEVERD and rij.fingerprint == fp:
            uitkomst.ongewijzigd += 1
            return uitkomst
        rij.wacht_sinds = rij.wacht_sinds or nu
        rij.gewenst_fingerprint = fp
        volgnummer = _volgnummer(rij.volgnummer)
        try:
            bevestiging = pub.publiceer(item, inhoud, fp, volgnummer, bestemming, stand)
        except (TijdelijkeFout, BlijvendeFout) as exc:
            return _mislukt(rij, exc, gemeente, uitkomst, schrijven)
        schrijven.payloads.setdefault(fp, Payload(fingerprint=fp, kanaal=kanaal, inhoud=inhoud))
        rij.status, rij.fingerprint, rij.revisies = Status.AFGELEVERD, fp, item.revisies
        uitkomst.gepubliceerd += 1
        payload_id = fp
    else:
        if not rij.fingerprint and rij.status not in ONAF and not opnieuw:
            return uitkomst
        laatste = rij.fingerprint or rij.gewenst_fingerprint
        intrekking = Intrekking(
            soort=rij.soort, uuid=rij.item_uuid, gemeente=gemeente.slug, url=_url(gemeente, rij), laatste_fingerprint=laatste
        )
        rij.wacht_sinds = rij.wacht_sinds or nu
        rij.gewenst_fingerprint = ""
        volgnummer = _volgnummer(rij.volgnummer)
        try:
            bevestiging = pub.trek_in(intrekking, volgnummer, bestemming, stand)
        except (TijdelijkeFout, BlijvendeFout) as exc:
            return _mislukt(rij, exc, gemeente, uitkomst, schrijven)
        rij.status, rij.fingerprint, rij.extern_id = Status.INGETROKKEN, "", ""
        uitkomst.ingetrokken += 1
        payload_id = None
    tijd = timezone.now()
    if bevestiging.extern_id is not None:
        rij.extern_id = bevestiging.extern_id
    rij.volgnummer = bevestiging.volgnummer
    rij.pogingen, rij.laatste_fout, rij.wacht_sinds = 0, "", None
    rij.afgeleverd_op = rij.bevestigd_op = tijd
    schrijven.rijen.append(rij)
    schrijven.historie.append(
        LeveringHistorie(
            kanaal=kanaal,
            gemeente_slug=gemeente.slug,
            soort=rij.soort,
            item_uuid=rij.item_uuid,
            ingetrokken=payload_id is None,
            payload_id=payload_id,
            fingerprint=payload_id or laatste,
            revisies=rij.revisies if payload_id else {},
            volgnummer=bevestiging.volgnummer,
            gebeurtenis=gebeurtenis,
            extern_id=bevestiging.extern_id or "",
            details=bevestiging.details or {},
            tijdstip=tijd,
        )
    )
    return uitkomst


def _url(gemeente: Gemeente, rij: Levering) -> str:
    from contenthub.publicatie.samenstellen import website_url

    return website_url(gemeente, rij.soort, rij.item_uuid)


def _mislukt(rij: Levering, exc: Exception, gemeente: Gemeente, uitkomst: Uitkomst, schrijven: _Schrijven) -> Uitkomst:
    rij.pogingen += 1
    rij.laatste_fout = str(exc)[:2000]
    if isinstance(exc, BlijvendeFout):
        rij.status = Status.DODE_LETTER
        uitkomst.dode_letters += 1
        logger.error("Dode letter %s/%s/%s: %s", rij.kanaal, gemeente.slug, rij.item_uuid, exc)
    else:
        rij.status = Status.MISLUKT  # ``fingerprint`` still says what the channel serves meanwhile
        uitkomst.tijdelijk_mislukt[gemeente.pk] = str(exc)
        logger.warning("Levering mislukt %s/%s/%s (poging %s): %s", rij.kanaal, gemeente.slug, rij.item_uuid, rij.pogingen, exc)
    schrijven.rijen.append(rij)
    return uitkomst
