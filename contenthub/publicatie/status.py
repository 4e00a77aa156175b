"""Figures for the dashboard and the channel pages: constant queries, whatever the catalogue size."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils import timezone

from contenthub.publicatie.models import Gebeurtenis, Levering, Status


@dataclass(frozen=True)
class Stand:
    oudste_wachtend: dt.datetime | None
    open: int
    dode_letters: int
    per_kanaal: dict[str, dict[str, int]]

    @property
    def leeftijd(self) -> dt.timedelta | None:
        return timezone.now() - self.oudste_wachtend if self.oudste_wachtend else None

    def kanaalregels(self) -> list[dict]:
        """One row per publication channel for the overview table."""
        from contenthub.publicatie.models import PublicatieKanaal

        regels = []
        for kanaal in PublicatieKanaal:
            s = self.per_kanaal.get(kanaal.value, {})
            regels.append(
                {
                    "kanaal": kanaal.value,
                    "label": kanaal.label,
                    "afgeleverd": s.get(Status.AFGELEVERD, 0),
                    "ingetrokken": s.get(Status.INGETROKKEN, 0),
                    "onderweg": s.get(Status.WACHTEND, 0) + s.get(Status.MISLUKT, 0),
                    "dode_letters": s.get(Status.DODE_LETTER, 0),
                }
            )
        return regels

    @property
    def alarm(self) -> bool:
        leeftijd = self.leeftijd
        return bool(self.dode_letters) or (leeftijd is not None and leeftijd.total_seconds() > settings.PUBLICATIE_ALARM_SECONDEN)


def stand(gemeenten=None) -> Stand:
    """The age of the oldest change not yet on every channel, open deliveries and dead letters.

    ``gemeenten`` (a queryset) limits it to those gemeenten; events of generiek content count for everyone.
    """
    leveringen = Levering.objects.all()
    gebeurtenissen = Gebeurtenis.objects.filter(afgerond_op__isnull=True)
    if gemeenten is not None:
        leveringen = leveringen.filter(gemeente__in=gemeenten)
        gebeurtenissen = gebeurtenissen.filter(Q(gemeente_uuid__isnull=True) | Q(gemeente_uuid__in=gemeenten.values("pk")))
    oudste_gebeurtenis = gebeurtenissen.aggregate(m=Min("aangemaakt_op"))["m"]
    per_kanaal: dict[str, dict[str, int]] = {}
    for rij in leveringen.values("kanaal", "status").annotate(n=Count("pk")).order_by():
        per_kanaal.setdefault(rij["kanaal"], {})[rij["status"]] = rij["n"]
    oudste_levering = leveringen.filter(status__in=[Status.WACHTEND, Status.MISLUKT]).aggregate(m=Min("wacht_sinds"))["m"]
    momenten = [m for m in (oudste_gebeurtenis, oudste_levering) if m]
    return Stand(
        oudste_wachtend=min(momenten) if momenten else None,
        open=sum(s.get(Status.WACHTEND, 0) + s.get(Status.MISLUKT, 0) for s in per_kanaal.values()),
        dode_letters=sum(s.get(Status.DODE_LETTER, 0) for s in per_kanaal.values()),
        per_kanaal=per_kanaal,
    )
