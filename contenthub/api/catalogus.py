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
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection

from contenthub.content.resolver import samengesteld_bulk, vacs_per_gemeente
from contenthub.core.models import Gemeente
from contenthub.publicatie.models import Inhoudsversie
from contenthub.publicatie.triggers import SLEUTELVERSIE


@dataclass(frozen=True)
class Stand:
    """The versions one request works with, read in one query before anything else: of the API keys, and per
    gemeente pk (generiek version, gemeente version)."""

    sleutels: int
    gemeenten: dict[Any, tuple[int, int]]


def lees_stand(gemeente_pks: Iterable[Any]) -> Stand:
    """One query: the version of the API keys, of generiek content and of each of these gemeenten."""
    pks = list(gemeente_pks)
    # PostgreSQL's trigger writes the uuid with dashes; SQLite stores UUIDField as 32 hex digits.
    sleutels = ["", SLEUTELVERSIE] + [str(pk) for pk in pks] + [pk.hex for pk in pks]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT sleutel, versie FROM {Inhoudsversie._meta.db_table} WHERE sleutel IN ({', '.join(['%s'] * len(sleutels))})",  # noqa: S608 - placeholders only
            sleutels,
        )
        stand = dict(cursor.fetchall())
    generiek = stand.get("", 0)
    per_gemeente = {pk: (generiek, stand.get(str(pk), stand.get(pk.hex, 0))) for pk in pks}
    return Stand(stand.get(SLEUTELVERSIE, 0), per_gemeente)


def versies(gemeenten: Iterable[Gemeente]) -> dict[Any, tuple[int, int]]:
    """(generiek version, gemeente version) per gemeente pk."""
    return lees_stand(g.pk for g in gemeenten).gemeenten


class Catalogus:
    """What one gemeente shows at one content version: composed kennisartikelen and VACs, sorted by uuid, each
    composed on first use, and the records rendered from them per view (``maak``'s key), on first use too."""

    def __init__(self, gemeente: Gemeente, versie: tuple[int, int]):
        self.gemeente, self.versie = gemeente, versie
        self._artikelen: dict[str, Any] | None = None
        self._vacs: dict[str, Any] | None = None
        self._records: dict[tuple, Any] = {}
        self._aantallen: dict[Any, int] = {}

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

    def record(self, sleutel: tuple, maak: Callable[[], Any], *, maximum: int | None = None) -> Any:
        """The rendered record under ``sleutel`` (e.g. view, soort, uuid, intern), made once per version.

        ``maximum``: keep at most this many entries whose key starts like this one (beyond it, made every time).
        Callers get the shared object: copy before changing it."""
        try:
            return self._records[sleutel]
        except KeyError:
            waarde = maak()
            if maximum is None or self._aantallen.get(sleutel[0], 0) < maximum:
                self._records[sleutel] = waarde
                self._aantallen[sleutel[0]] = self._aantallen.get(sleutel[0], 0) + 1
            return waarde


_cache: OrderedDict[Any, Catalogus] = OrderedDict()
_slot = threading.Lock()


def catalogi(
    gemeenten: Iterable[Gemeente], *, stand: Stand | None = None, artikelen: bool = False, vacs: bool = False
) -> dict[Any, Catalogus]:
    """The current catalogue per gemeente pk: one version query, then from this process's cache where current.

    ``artikelen`` / ``vacs``: compose what is missing now, for all these gemeenten together (the bulk resolver's
    constant number of queries), rather than one gemeente at a time on first use. ``stand``: the versions this
    request read already (when it checked its key); otherwise one query reads them."""
    gemeenten = list(gemeenten)
    if stand is None or any(g.pk not in stand.gemeenten for g in gemeenten):
        stand = lees_stand(g.pk for g in gemeenten)
    per_gemeente = stand.gemeenten
    maximum = settings.API_CATALOGUS_GEMEENTEN
    uit = {}
    with _slot:
        for g in gemeenten:
            catalogus = _cache.get(g.pk)
            if catalogus is None or catalogus.versie != per_gemeente[g.pk]:
                catalogus = Catalogus(g, per_gemeente[g.pk])
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


def catalogus(gemeente: Gemeente, stand: Stand | None = None) -> Catalogus:
    return catalogi([gemeente], stand=stand)[gemeente.pk]


def leeg() -> None:
    """Forget every cached catalogue and checked key (tests, or after restoring a database backup)."""
    from contenthub.api.sleutels import vergeet_sleutels

    with _slot:
        _cache.clear()
    vergeet_sleutels()
