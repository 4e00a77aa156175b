"""Relay: turns outbox events into delivery tasks per (kanaal, gemeente), merged and batched.

Events of one relay run are merged: a generiek change becomes one task per channel per batch of
gemeenten (on the ``bulk`` queue, so it never delays a gemeente editor's publish), a gemeente's changes
one task per channel for that gemeente (on the ``redactie`` queue). Tasks are sent after the relay's
transaction commits; if the process dies in between, the periodic sweep delivers what they would have.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from contenthub.core.models import Gemeente
from contenthub.publicatie.models import Gebeurtenis, Soort, Wijziging
from contenthub.publicatie.samenstellen import Doelen, lokale_producten
from publishers.registry import kanalen

WACHTRIJ_SPOED = "spoed"
WACHTRIJ_REDACTIE = "redactie"
WACHTRIJ_BULK = "bulk"


@dataclass
class Taak:
    kanaal: str
    gemeenten: list[UUID]
    doelen: Doelen
    gebeurtenissen: list[int]
    wachtrij: str


def doelen_naar_json(d: Doelen) -> dict:
    return {k: None if v is None else sorted(str(u) for u in v) for k, v in vars(d).items()}


def doelen_uit_json(data: dict) -> Doelen:
    return Doelen(**{k: None if v is None else {UUID(u) for u in v} for k, v in data.items()})


def _bijdrage(e: Gebeurtenis, lokaal: set[UUID]) -> tuple[UUID | None, Doelen] | None:
    """(gemeente or None for every gemeente, items) that this event may have changed."""
    verwant = {u for u in (e.verwant_oud, e.verwant_nieuw) if u}
    if e.soort == Soort.KENNISARTIKEL:
        return None, Doelen(kennisartikelen={e.object_uuid})
    if e.soort == Soort.AANVULLING:
        if verwant:
            return e.gemeente_uuid, Doelen(kennisartikelen=verwant)
        return e.gemeente_uuid, Doelen(lokale={e.object_uuid})
    if e.soort == Soort.VAC:
        return e.gemeente_uuid, Doelen(vacs={e.object_uuid} | verwant)
    if e.soort == Soort.GEMEENTE:
        return e.object_uuid, Doelen.alles()
    return None  # persoonlijk sjablonen reach identified channels through the API, not by push


def _spoedeisend(gebeurtenissen: list[Gebeurtenis]) -> set[int]:
    """Events of items marked spoed (one query per kind, whatever the number of events)."""
    from contenthub.content.models import GemeentelijkeAanvulling, Kennisartikel, VraagAntwoord

    per_soort = {Soort.KENNISARTIKEL: Kennisartikel, Soort.AANVULLING: GemeentelijkeAanvulling, Soort.VAC: VraagAntwoord}
    spoed: set = set()
    for soort, model in per_soort.items():
        uuids = [e.object_uuid for e in gebeurtenissen if e.soort == soort and not e.verwijderd]
        if uuids:
            spoed |= set(model.objects.filter(uuid__in=uuids, spoed=True, live=True).values_list("uuid", flat=True))
    return {e.id for e in gebeurtenissen if e.object_uuid in spoed}


def _lokaal(gebeurtenissen: list[Gebeurtenis]) -> set[UUID]:
    return lokale_producten(e.object_uuid for e in gebeurtenissen if e.soort == Soort.AANVULLING)


def plan(gebeurtenissen: list[Gebeurtenis], lokaal: set[UUID] | None = None) -> list[Taak]:
    spoed = _spoedeisend(gebeurtenissen)
    lokaal = _lokaal(gebeurtenissen) if lokaal is None else lokaal
    alle, alle_ids = Doelen(), []
    per_gemeente: dict[UUID, Doelen] = defaultdict(Doelen)
    per_gemeente_ids: dict[UUID, list[int]] = defaultdict(list)
    for e in gebeurtenissen:
        bijdrage = _bijdrage(e, lokaal)
        if bijdrage is None:
            continue
        gemeente, doelen = bijdrage
        if gemeente is None:
            alle = alle.samen(doelen)
            alle_ids.append(e.id)
        else:
            per_gemeente[gemeente] = per_gemeente[gemeente].samen(doelen)
            per_gemeente_ids[gemeente].append(e.id)
    taken: list[Taak] = []
    bestaand = set(Gemeente.objects.filter(pk__in=list(per_gemeente)).values_list("pk", flat=True))
    alle_gemeenten = list(Gemeente.objects.order_by("slug").values_list("pk", flat=True)) if not alle.leeg() else []
    batch = settings.PUBLICATIE_BATCH_GEMEENTEN
    for kanaal in kanalen():
        for begin in range(0, len(alle_gemeenten), batch):
            deel = alle_gemeenten[begin : begin + batch]
            wachtrij = WACHTRIJ_BULK if len(alle_gemeenten) > 1 else WACHTRIJ_REDACTIE
            if spoed & set(alle_ids):
                wachtrij = WACHTRIJ_SPOED
            taken.append(Taak(kanaal, deel, alle, alle_ids, wachtrij))
        for gemeente, doelen in per_gemeente.items():
            if gemeente in bestaand:  # a deleted gemeente's ledger rows go with it (cascade)
                ids = per_gemeente_ids[gemeente]
                wachtrij = WACHTRIJ_SPOED if spoed & set(ids) else WACHTRIJ_REDACTIE
                taken.append(Taak(kanaal, [gemeente], doelen, ids, wachtrij))
    return taken


def schrijf_wijzigingen(gebeurtenissen: list[Gebeurtenis], lokaal: set[UUID], nu) -> None:
    """Append what these events may have changed to the sync log, in commit order (see :class:`Wijziging`)."""
    from django.db import connection

    rijen: dict[tuple, None] = {}
    for e in gebeurtenissen:
        bijdrage = _bijdrage(e, lokaal)
        if bijdrage is None:
            continue
        gemeente, doelen = bijdrage
        if e.soort == Soort.GEMEENTE:
            rijen[(gemeente, "gemeente", None)] = None
            continue
        for uuid in (doelen.kennisartikelen or set()) | (doelen.lokale or set()):
            rijen[(gemeente, "kennisartikel", uuid)] = None
        for uuid in doelen.vacs or set():
            rijen[(gemeente, "vac", uuid)] = None
    if not rijen:
        return
    if connection.vendor == "postgresql":  # serialise writers until commit (SQLite serialises writes itself)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SYNC_SLOT])
    Wijziging.objects.bulk_create(Wijziging(gemeente_uuid=g, soort=soort, item_uuid=u, tijdstip=nu) for (g, soort, u) in rijen)


SYNC_SLOT = 0x636F6E74656E74  # advisory lock key of the sync log ("content")


def relay(maximum: int = 10_000) -> int:
    """Plan tasks for unprocessed events and send them after commit; returns the number of events taken."""
    from contenthub.publicatie.tasks import verstuur_taken

    with transaction.atomic():
        gebeurtenissen = list(
            Gebeurtenis.objects.select_for_update(skip_locked=True).filter(verwerkt_op__isnull=True).order_by("id")[:maximum]
        )
        if not gebeurtenissen:
            return 0
        lokaal = _lokaal(gebeurtenissen)
        taken = plan(gebeurtenissen, lokaal)
        nu = timezone.now()
        schrijf_wijzigingen(gebeurtenissen, lokaal, nu)
        per_gebeurtenis: dict[int, int] = defaultdict(int)
        for t in taken:
            for gid in t.gebeurtenissen:
                per_gebeurtenis[gid] += 1
        klaar = [e.id for e in gebeurtenissen if not per_gebeurtenis.get(e.id)]
        Gebeurtenis.objects.filter(id__in=klaar).update(verwerkt_op=nu, afgerond_op=nu)
        per_aantal: dict[int, list[int]] = defaultdict(list)
        for gid, aantal in per_gebeurtenis.items():
            per_aantal[aantal].append(gid)
        for aantal, ids in per_aantal.items():
            Gebeurtenis.objects.filter(id__in=ids).update(verwerkt_op=nu, taken=aantal)
        transaction.on_commit(lambda: verstuur_taken(taken))
    return len(gebeurtenissen)
