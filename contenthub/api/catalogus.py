"""The composed catalogue of one gemeente, kept per web process and keyed by the content version.

Composing a gemeente's catalogue through the bulk resolver costs a few queries and tens of milliseconds for
every read; channels read far more often than editors publish. So each process keeps the composition (and the
records it renders, per view) for the gemeenten it serves, and one small query per request says whether it is
still current: the outbox trigger bumps ``Inhoudsversie`` of the gemeente (or of generiek content) in every
transaction that changes what channels show, so a withdrawal or a change is visible on the very next read.

The version is read *before* the content: what is cached under version N holds at least every change up to N.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings

from contenthub.content.resolver import samengesteld_bulk, vacs_per_gemeente
from contenthub.core.models import Gemeente
from contenthub.publicatie.models import Inhoudsversie


def versies(gemeenten: Iterable[Gemeente]) -> dict[Any, tuple[int, int]]:
    """(generiek version, gemeente version) per gemeente pk, in one query."""
    gemeenten = list(gemeenten)
    # PostgreSQL's trigger writes the uuid with dashes; SQLite stores UUIDField as 32 hex digits.
    sleutels = [""] + [str(g.pk) for g in gemeenten] + [g.pk.hex for g in gemeenten]
    stand = dict(Inhoudsversie.objects.filter(sleutel__in=sleutels).values_list("sleutel", "versie"))
    generiek = stand.get("", 0)
    return {g.pk: (generiek, stand.get(str(g.pk), stand.get(g.pk.hex, 0))) for g in gemeenten}


class Catalogus:
    """What one gemeente shows at one content version: composed kennisartikelen and VACs, sorted by uuid, each
    composed on first use, and the records rendered from them per view (``maak``'s key), on first use too."""

    def __init__(self, gemeente: Gemeente, versie: tuple[int, int]):
        self.gemeente, self.versie = gemeente, versie
        self._artikelen: dict[str, Any] | None = None
        self._vacs: dict[str, Any] | None = None
        self._records: dict[tuple, Any] = {}

    def artikelen(self) -> dict[str, Any]:
        """uuid (str) → ``Samenstelling``, in uuid order."""
        if self._artikelen is None:
            self._artikelen = dict(sorted((str(s.uuid), s) for s in samengesteld_bulk([self.gemeente])))
        return self._artikelen

    def vacs(self) -> dict[str, Any]:
        """uuid (str) → the VAC as this gemeente serves it (actief only), in uuid order."""
        if self._vacs is None:
            lijst = vacs_per_gemeente([self.gemeente])[self.gemeente.slug]
            self._vacs = dict(sorted((str(v.uuid), v) for v in lijst))
        return self._vacs

    def record(self, sleutel: tuple, maak: Callable[[], Any]) -> Any:
        """The rendered record under ``sleutel`` (e.g. view, soort, uuid, intern), made once per version.

        Callers get the shared object: copy before changing it."""
        try:
            return self._records[sleutel]
        except KeyError:
            waarde = self._records[sleutel] = maak()
            return waarde


_cache: OrderedDict[Any, Catalogus] = OrderedDict()
_slot = threading.Lock()


def catalogi(gemeenten: Iterable[Gemeente], *, artikelen: bool = False, vacs: bool = False) -> dict[Any, Catalogus]:
    """The current catalogue per gemeente pk: one version query, then from this process's cache where current.

    ``artikelen`` / ``vacs``: compose what is missing now, for all these gemeenten together (the bulk resolver's
    constant number of queries), rather than one gemeente at a time on first use."""
    gemeenten = list(gemeenten)
    stand = versies(gemeenten)
    maximum = settings.API_CATALOGUS_GEMEENTEN
    uit = {}
    with _slot:
        for g in gemeenten:
            catalogus = _cache.get(g.pk)
            if catalogus is None or catalogus.versie != stand[g.pk]:
                catalogus = Catalogus(g, stand[g.pk])
            if maximum > 0:
                _cache[g.pk] = catalogus
                _cache.move_to_end(g.pk)
            uit[g.pk] = catalogus
        while len(_cache) > max(maximum, 0):
            _cache.popitem(last=False)
    _vul(list(uit.values()), artikelen, vacs)
    return uit


def _vul(lijst: list[Catalogus], artikelen: bool, vacs: bool) -> None:
    leeg_a = [c for c in lijst if artikelen and c._artikelen is None]
    if leeg_a:
        per_gemeente: dict[Any, list] = {c.gemeente.pk: [] for c in leeg_a}
        for s in samengesteld_bulk([c.gemeente for c in leeg_a]):
            per_gemeente[s.gemeente.pk].append((str(s.uuid), s))
        for c in leeg_a:
            c._artikelen = dict(sorted(per_gemeente[c.gemeente.pk]))
    leeg_v = [c for c in lijst if vacs and c._vacs is None]
    if leeg_v:
        per_slug = vacs_per_gemeente([c.gemeente for c in leeg_v])
        for c in leeg_v:
            c._vacs = dict(sorted((str(v.uuid), v) for v in per_slug[c.gemeente.slug]))


def catalogus(gemeente: Gemeente) -> Catalogus:
    return catalogi([gemeente])[gemeente.pk]


def leeg() -> None:
    """Forget every cached catalogue (tests, or after restoring a database backup)."""
    with _slot:
        _cache.clear()
