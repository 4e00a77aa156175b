"""Celery tasks of the publication pipeline: relay, delivery per (kanaal, gemeenten), sweep.

Delivery tasks are ``acks_late`` and rejected on a lost worker, so a crash redelivers them; the ledger
makes a redelivery harmless (what is current is not sent again). Transient failures retry with capped
exponential backoff and jitter, only for the gemeenten that failed; dead letters are not retried.
"""

from __future__ import annotations

import logging
import random
from uuid import UUID

from celery import shared_task
from django.conf import settings
from django.db.models import F
from django.utils import timezone

from contenthub.core.models import Gemeente
from contenthub.publicatie.levering import lever
from contenthub.publicatie.models import Afhandeling, Gebeurtenis
from contenthub.publicatie.relay import WACHTRIJ_BULK, Taak, doelen_naar_json, doelen_uit_json, relay
from contenthub.publicatie.samenstellen import Doelen

logger = logging.getLogger(__name__)


def wachttijd(poging: int, gevraagd: float | None = None) -> float:
    """Capped exponential backoff with full jitter; never shorter than what the receiver asked for."""
    plafond = min(settings.PUBLICATIE_BACKOFF_MAX, settings.PUBLICATIE_BACKOFF_BASIS * 2**poging)
    return max(gevraagd or 0.0, random.uniform(plafond / 2, plafond))  # noqa: S311 - jitter, not a secret


def verstuur_taken(taken: list[Taak]) -> None:
    from kombu.exceptions import OperationalError

    for i, t in enumerate(taken):
        try:
            lever_taak.apply_async(
                kwargs={
                    "kanaal": t.kanaal,
                    "gemeenten": [str(g) for g in t.gemeenten],
                    "doelen": doelen_naar_json(t.doelen),
                    "gebeurtenissen": t.gebeurtenissen,
                },
                queue=t.wachtrij,
            )
        except OperationalError:
            # The broker went away between the relay's commit and sending: hand the events back to the relay.
            ids = {gid for rest in taken[i:] for gid in rest.gebeurtenissen}
            Gebeurtenis.objects.filter(id__in=ids).update(verwerkt_op=None, taken=0, taken_klaar=0)
            logger.warning("Takenwachtrij onbereikbaar; %s gebeurtenis(sen) terug naar de relay.", len(ids))
            raise


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def relay_taak(self):
    """Picks up outbox events (after each commit that wrote some, and every few seconds from beat)."""
    totaal = 0
    while aantal := relay():
        totaal += aantal
    return totaal


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True, max_retries=None)
def lever_taak(self, kanaal: str, gemeenten: list[str], doelen: dict, gebeurtenissen: list[int], opnieuw: bool = False):
    sleutel = max(gebeurtenissen) if gebeurtenissen else None
    pks = [UUID(g) for g in gemeenten]
    if sleutel is not None:
        gedaan = set(
            Afhandeling.objects.filter(gebeurtenis_id=sleutel, kanaal=kanaal, gemeente_uuid__in=pks).values_list(
                "gemeente_uuid", flat=True
            )
        )
        pks = [g for g in pks if g not in gedaan]  # a redelivered task: what was handled stays handled
    uitkomst = lever(
        kanaal, list(Gemeente.objects.filter(pk__in=pks)), doelen_uit_json(doelen), gebeurtenis=sleutel, opnieuw=opnieuw
    )
    gelukt = [g for g in pks if g not in uitkomst.tijdelijk_mislukt]
    if sleutel is not None and gelukt:
        Afhandeling.objects.bulk_create(
            [Afhandeling(gebeurtenis_id=sleutel, kanaal=kanaal, gemeente_uuid=g) for g in gelukt], ignore_conflicts=True
        )
    # In-process (embedded default) a retry would run at once and block the editor's request: the admin's resend
    # (or the next publish) picks it up instead.
    if uitkomst.tijdelijk_mislukt and not self.request.is_eager and self.request.retries < settings.PUBLICATIE_MAX_POGINGEN:
        mislukt = [str(g) for g in uitkomst.tijdelijk_mislukt]
        raise self.retry(
            kwargs={
                "kanaal": kanaal,
                "gemeenten": mislukt,
                "doelen": doelen,
                "gebeurtenissen": gebeurtenissen,
                "opnieuw": opnieuw,
            },
            countdown=wachttijd(self.request.retries),
        )
    if gebeurtenissen:
        # Done (delivered, dead letter, or out of retries: the sweep takes over from here).
        Gebeurtenis.objects.filter(id__in=gebeurtenissen).update(taken_klaar=F("taken_klaar") + 1)
        Gebeurtenis.objects.filter(id__in=gebeurtenissen, afgerond_op__isnull=True, taken_klaar__gte=F("taken")).update(
            afgerond_op=timezone.now()
        )
    return {"gepubliceerd": uitkomst.gepubliceerd, "ingetrokken": uitkomst.ingetrokken}


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def sweep(self):
    """Compares every item of every gemeente with the ledger per channel and delivers what is missing or stale.

    Covers what no event announced (a task lost between commit and enqueue, a signal outside a transaction,
    a direct database change). Runs on the bulk queue in batches of gemeenten.
    """
    from publishers.registry import kanalen

    gemeenten = [str(g) for g in Gemeente.objects.order_by("slug").values_list("pk", flat=True)]
    batch = settings.PUBLICATIE_BATCH_GEMEENTEN
    for kanaal in kanalen():
        for begin in range(0, len(gemeenten), batch):
            lever_taak.apply_async(
                kwargs={
                    "kanaal": kanaal,
                    "gemeenten": gemeenten[begin : begin + batch],
                    "doelen": doelen_naar_json(Doelen.alles()),
                    "gebeurtenissen": [],
                },
                queue=WACHTRIJ_BULK,
            )


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def opruimen(self) -> dict:
    """Daily: history older than PUBLICATIE_HISTORIE_DAGEN (never under six months), payloads no history refers
    to any more, and handled outbox events with their idempotency keys older than PUBLICATIE_GEBEURTENIS_DAGEN."""
    import datetime as dt

    from contenthub.publicatie.models import Levering, LeveringHistorie, Payload, Wijziging

    nu = timezone.now()
    historie_grens = nu - dt.timedelta(days=max(183, settings.PUBLICATIE_HISTORIE_DAGEN))
    historie = LeveringHistorie.objects.filter(tijdstip__lt=historie_grens).delete()[0]
    in_gebruik = LeveringHistorie.objects.filter(payload_id__isnull=False).values("payload_id")
    huidig = Levering.objects.exclude(fingerprint="").values("fingerprint")
    payloads = Payload.objects.exclude(fingerprint__in=in_gebruik).exclude(fingerprint__in=huidig).delete()[0]
    grens = nu - dt.timedelta(days=settings.PUBLICATIE_GEBEURTENIS_DAGEN)
    afhandelingen = Afhandeling.objects.filter(afgehandeld_op__lt=grens).delete()[0]
    gebeurtenissen = Gebeurtenis.objects.filter(afgerond_op__lt=grens).delete()[0]
    sync_grens = nu - dt.timedelta(days=settings.API_SYNC_DAGEN)
    wijzigingen = Wijziging.objects.filter(tijdstip__lt=sync_grens).delete()[0]
    return {
        "historie": historie,
        "payloads": payloads,
        "afhandelingen": afhandelingen,
        "gebeurtenissen": gebeurtenissen,
        "wijzigingen": wijzigingen,
    }
