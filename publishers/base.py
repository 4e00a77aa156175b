"""The one protocol every channel publisher follows, and the errors that decide retry or dead letter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from publishers.payload import Intrekking, Item


class PublicatieFout(Exception):
    """Base of publisher errors."""


class TijdelijkeFout(PublicatieFout):
    """May succeed later (timeouts, 5xx, 408/409/429, a search node that is down): retry with backoff."""

    def __init__(self, melding: str, *, wacht: float | None = None):
        super().__init__(melding)
        self.wacht = wacht  # seconds the receiver asked us to wait (Retry-After), if any


class BlijvendeFout(PublicatieFout):
    """Can never succeed as it is (another 4xx, an invalid payload): straight to the dead letters."""


@dataclass(frozen=True)
class Bevestiging:
    """The channel's acknowledgement: which fingerprint it now serves (None after a withdrawal)."""

    fingerprint: str | None
    volgnummer: int
    details: dict[str, Any] | None = None
    extern_id: str | None = None  # the channel's own id for the item (e.g. a Mastodon status id); None: unchanged


@dataclass(frozen=True)
class Stand:
    """What the ledger says the channel has for the item before this attempt.

    Channels that change an item in place (social edits or deletes its post) need their own id for it, and a
    retry needs to know it is one: a post whose answer got lost may already exist."""

    extern_id: str = ""
    volgnummer: int = 0
    fingerprint: str = ""
    pogingen: int = 0
    sinds: dt.datetime | None = None


GEEN_STAND = Stand()


@dataclass(frozen=True)
class Bestemming:
    """Where a publisher delivers for one gemeente (the hub keeps these per kanaal and gemeente)."""

    url: str = ""
    geheim: str = ""
    instellingen: dict[str, Any] | None = None


class Publisher(Protocol):
    kanaal: str

    def inhoud(self, item: Item) -> dict[str, Any] | None:
        """What this channel receives for the item, or None when the channel does not carry it.

        Must be deterministic: the ledger compares fingerprints of this dict to decide what is stale."""

    def publiceer(
        self,
        item: Item,
        inhoud: dict[str, Any],
        fingerprint: str,
        volgnummer: int,
        bestemming: Bestemming,
        stand: Stand = GEEN_STAND,
    ) -> Bevestiging:
        """Deliver; raise :class:`TijdelijkeFout` or :class:`BlijvendeFout` when it fails."""

    def trek_in(self, intrekking: Intrekking, volgnummer: int, bestemming: Bestemming, stand: Stand = GEEN_STAND) -> Bevestiging:
        """Remove the item from the channel; removing what is not there succeeds."""
