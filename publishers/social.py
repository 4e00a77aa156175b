"""Social channel: a Mastodon post per item that an editor marked for sharing (``delen``), through Mastodon.py.

Only items marked *delen* (news, an outage, a deadline extension, a VAC worth sharing) travel here, never
intern fields, and never persoonlijk content (templates are not items; social is anonymous). A post states
the title and the first lines, and links back to the website page, where the full and binding text is.

The post fits the server's own limit: ``configuration.statuses.max_characters`` and
``characters_reserved_per_url`` from ``/api/v2/instance`` (read once an hour per server), counting every link
as Mastodon does. A change edits the post in place (Mastodon 3.5+), a withdrawal deletes it; the ledger keeps
the status id for that (:class:`~publishers.base.Stand`).

Duplicates: a new post carries an ``Idempotency-Key`` derived from the item, the fingerprint and the last
delivery, so a retry within Mastodon's window (about an hour) returns the same post. Past that window the key
is forgotten, so a *retry* first looks among the account's posts since the first attempt for one that links to
this page (an answer that got lost in transit), and takes that one over instead of posting twice.

No Mastodon server runs on our machines: tests drive the real Mastodon.py client against a double of the
documented server contract (``tests/dubbels/mastodon.py``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import threading
import time
from typing import Any

from mastodon import Mastodon
from mastodon.errors import (
    MastodonAPIError,
    MastodonError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonRatelimitError,
    MastodonServerError,
)

from publishers.base import GEEN_STAND, Bestemming, Bevestiging, BlijvendeFout, Stand, TijdelijkeFout
from publishers.payload import Intrekking, Item, Product
from publishers.tekst import eerste_alinea, inkorten, platte_tekst

STANDAARD_LIMIET = (500, 23)  # Mastodon's defaults: max_characters, characters_reserved_per_url
LIMIET_GELDIG = 3600  # seconds an instance's limits are trusted before they are read again
TIJDELIJKE_STATUS = {408, 409, 425, 429}
_url = re.compile(r"https?://\S+")


def lengte(tekst: str, tekens_per_url: int) -> int:
    """Length as Mastodon counts it: every link as ``characters_reserved_per_url`` characters."""
    return len(_url.sub("x" * tekens_per_url, tekst))


def bericht(inhoud: dict[str, Any], max_tekens: int, tekens_per_url: int) -> str:
    """The post: title, the first lines that fit, and the link to the page; never over the server's limit."""
    kop = ("Let op: " if inhoud.get("spoed") else "") + inhoud["titel"]
    staart = f"\n\n{inhoud['url']}"
    ruimte = max_tekens - lengte(staart, tekens_per_url)
    kop = inkorten(kop, max(ruimte, 0))
    romp = ""
    if inhoud.get("tekst"):
        over = ruimte - lengte(kop, tekens_per_url) - 2
        romp = inkorten(inhoud["tekst"], over) if over > 20 else ""
    tekst = kop + (f"\n\n{romp}" if romp else "") + staart
    while lengte(tekst, tekens_per_url) > max_tekens and romp:  # links inside the text count differently
        romp = inkorten(romp, len(romp) - 10) if len(romp) > 30 else ""
        tekst = kop + (f"\n\n{romp}" if romp else "") + staart
    return tekst


def idempotentiesleutel(inhoud: dict[str, Any], fingerprint: str, stand: Stand) -> str:
    """The same change of the same item gives the same key on every retry; a later change (or a republish after a
    withdrawal, whose volgnummer differs) gives a new one."""
    bron = f"{inhoud['gemeente']}|{inhoud['soort']}|{inhoud['uuid']}|{stand.volgnummer}|{fingerprint}"
    return "contenthub-" + hashlib.sha256(bron.encode()).hexdigest()[:40]


def _fout(exc: MastodonError, client: Mastodon | None = None) -> Exception:
    """Mastodon.py's exceptions as retry (transient) or dead letter (can never succeed as it is)."""
    if isinstance(exc, MastodonRatelimitError):
        reset = getattr(client, "ratelimit_reset", None)
        wacht = max(1.0, reset - time.time()) if reset else None
        return TijdelijkeFout(f"Mastodon: limiet bereikt ({exc})", wacht=wacht)
    if isinstance(exc, MastodonNetworkError | MastodonServerError):
        return TijdelijkeFout(f"Mastodon niet bereikbaar of in storing: {exc}")
    if isinstance(exc, MastodonAPIError):
        status = exc.args[1] if len(exc.args) > 1 and isinstance(exc.args[1], int) else 0
        if status in TIJDELIJKE_STATUS or status >= 500 or status == 0:
            return TijdelijkeFout(f"Mastodon gaf {status}: {exc}")
        return BlijvendeFout(f"Mastodon weigerde het bericht ({status}): {exc.args[-1] if exc.args else exc}")
    return TijdelijkeFout(f"Mastodon: {exc}")


class SocialPublisher:
    kanaal = "social"
    vereist_aansluiting = True  # per gemeente: the Mastodon server (url) and the account's access token (geheim)

    def __init__(self, timeout: float = 10.0):
        self.timeout = timeout
        self._clients: dict[tuple[int, str, str], Mastodon] = {}
        self._limieten: dict[str, tuple[float, tuple[int, int]]] = {}
        self._accounts: dict[tuple[str, str], str] = {}
        self._slot = threading.Lock()

    # --- what the channel receives ------------------------------------------------------------------

    def inhoud(self, item: Item) -> dict[str, Any] | None:
        if not item.delen:
            return None  # only what an editor chose to share
        if isinstance(item, Product):
            titel = item.titel
            tekst = eerste_alinea(next((s.html for s in item.secties if s.sleutel == "tekst"), ""))
        else:
            titel, tekst = item.vraag, item.kort_antwoord.strip() or platte_tekst(item.antwoord_html)
        return {
            "soort": item.soort,
            "uuid": str(item.uuid),
            "gemeente": item.gemeente.slug,
            "taal": item.taal,
            "titel": titel,
            "tekst": tekst,
            "url": item.url,
            "spoed": item.spoed,
        }

    # --- talking to Mastodon ------------------------------------------------------------------------

    def _client(self, bestemming: Bestemming) -> Mastodon:
        if not bestemming.url or not bestemming.geheim:
            raise BlijvendeFout("Geen Mastodon-server of toegangstoken ingesteld voor deze gemeente.")
        sleutel = (os.getpid(), bestemming.url, bestemming.geheim)  # a forked worker never shares its parent's sockets
        client = self._clients.get(sleutel)
        if client is None:
            client = Mastodon(
                access_token=bestemming.geheim,
                api_base_url=bestemming.url,
                version_check_mode="none",
                ratelimit_method="throw",  # never sleep inside a worker: the task retries after Retry-After
                request_timeout=self.timeout,
                user_agent="contenthub",
            )
            with self._slot:
                self._clients[sleutel] = client
        return client

    def limieten(self, client: Mastodon, url: str) -> tuple[int, int]:
        bekend = self._limieten.get(url)
        if bekend and time.monotonic() - bekend[0] < LIMIET_GELDIG:
            return bekend[1]
        try:
            statuses = client.instance_v2()["configuration"]["statuses"]
            limiet = (int(statuses["max_characters"]), int(statuses["characters_reserved_per_url"]))
        except (KeyError, TypeError, ValueError):
            limiet = STANDAARD_LIMIET  # a server without these fields uses Mastodon's defaults
        except MastodonError as exc:
            raise _fout(exc, client) from exc
        self._limieten[url] = (time.monotonic(), limiet)
        return limiet

    def _account(self, client: Mastodon, bestemming: Bestemming) -> str:
        sleutel = (bestemming.url, bestemming.geheim)
        if sleutel not in self._accounts:
            self._accounts[sleutel] = str(client.account_verify_credentials()["id"])
        return self._accounts[sleutel]

    def _bestaand(self, client: Mastodon, bestemming: Bestemming, url: str, sinds: dt.datetime | None) -> dict | None:
        """A post of this account linking to ``url`` since ``sinds``: one whose answer got lost in transit."""
        vanaf = (sinds or dt.datetime.now(dt.UTC)) - dt.timedelta(minutes=5)
        berichten = client.account_statuses(self._account(client, bestemming), min_id=vanaf, limit=40)
        while berichten:
            for b in berichten:
                if f'href="{url}"' in (b.get("content") or ""):
                    return b
            berichten = client.fetch_previous(berichten)  # min_id pages run towards newer posts
        return None

    # --- the publisher protocol ---------------------------------------------------------------------

    def publiceer(
        self,
        item: Item,
        inhoud: dict[str, Any],
        fingerprint: str,
        volgnummer: int,
        bestemming: Bestemming,
        stand: Stand = GEEN_STAND,
    ) -> Bevestiging:
        client = self._client(bestemming)
        try:
            tekst = bericht(inhoud, *self.limieten(client, bestemming.url))
            status = None
            if stand.extern_id:
                try:
                    status = client.status_update(stand.extern_id, status=tekst)
                except MastodonNotFoundError:
                    status = None  # removed on the platform itself: post it again
            elif stand.pogingen:
                status = self._bestaand(client, bestemming, inhoud["url"], stand.sinds)
                if status is not None and status.get("text") != tekst:  # Mastodon sends no source text: edit
                    status = client.status_update(status["id"], status=tekst)
            if status is None:
                status = client.status_post(
                    tekst,
                    visibility="public",
                    language=inhoud["taal"],
                    idempotency_key=idempotentiesleutel(inhoud, fingerprint, stand),
                )
        except MastodonError as exc:
            raise _fout(exc, client) from exc
        return Bevestiging(
            fingerprint=fingerprint,
            volgnummer=volgnummer,
            extern_id=str(status["id"]),
            details={"status": str(status["id"]), "url": status.get("url") or "", "tekst": tekst},
        )

    def trek_in(self, intrekking: Intrekking, volgnummer: int, bestemming: Bestemming, stand: Stand = GEEN_STAND) -> Bevestiging:
        client = self._client(bestemming)
        try:
            doel = stand.extern_id
            if not doel and stand.sinds is not None:  # never confirmed, but a post may exist all the same
                gevonden = self._bestaand(client, bestemming, intrekking.url, stand.sinds)
                doel = str(gevonden["id"]) if gevonden else ""
            if doel:
                try:
                    client.status_delete(doel)
                except MastodonNotFoundError:
                    pass  # already gone: removing what is not there succeeds
        except MastodonError as exc:
            raise _fout(exc, client) from exc
        return Bevestiging(fingerprint=None, volgnummer=volgnummer, extern_id="", details={"verwijderd": doel})
