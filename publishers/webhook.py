"""Signed webhooks (Standard Webhooks: ``webhook-id``, ``webhook-timestamp``, ``webhook-signature``).

Shared by every channel that delivers by webhook (website, chatbot). Signed afresh on every attempt, so a
retry never carries a stale timestamp that the receiver would refuse as a replay. The HTTP outcome decides
what happens next: 2xx is done; 408, 409, 425, 429 and 5xx (and network errors) are worth retrying, with
the receiver's ``Retry-After`` honoured; any other 4xx can never succeed and becomes a dead letter.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import secrets
import threading
from typing import Any

import httpx
from standardwebhooks.webhooks import Webhook

from publishers.base import GEEN_STAND, Bestemming, Bevestiging, BlijvendeFout, Stand, TijdelijkeFout
from publishers.payload import Intrekking, Item

TIJDELIJKE_STATUS = {408, 409, 425, 429}


def nieuw_geheim() -> str:
    """A secret in the Standard Webhooks format (``whsec_`` + base64 of 32 random bytes)."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


_clients: dict[int, httpx.Client] = {}
_slot = threading.Lock()


def gedeelde_client() -> httpx.Client:
    """One connection pool per process: a new client costs ~40 ms (it loads the CA bundle) and a new
    connection per delivery; a forked worker gets its own, never its parent's sockets."""
    pid = os.getpid()
    client = _clients.get(pid)
    if client is None:
        with _slot:
            client = _clients.get(pid)
            if client is None:
                client = _clients[pid] = httpx.Client(limits=httpx.Limits(max_connections=50, max_keepalive_connections=20))
    return client


def _retry_after(response: httpx.Response) -> float | None:
    waarde = response.headers.get("retry-after")
    if not waarde:
        return None
    try:
        return max(0.0, float(waarde))
    except ValueError:
        return None


def verstuur(
    url: str, geheim: str, bericht_id: str, body: dict[str, Any], *, timeout: float = 10.0, client: httpx.Client | None = None
) -> dict:
    """POST ``body`` signed with ``geheim``; returns the receiver's JSON acknowledgement."""
    if not url:
        raise BlijvendeFout("Geen adres ingesteld voor dit kanaal en deze gemeente.")
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    tijd = dt.datetime.now(tz=dt.UTC)
    try:
        handtekening = Webhook(geheim).sign(bericht_id, tijd, data)
    except Exception as exc:  # a malformed secret: configuration, not a transient problem
        raise BlijvendeFout(f"Ongeldig webhookgeheim: {exc}") from exc
    headers = {
        "content-type": "application/json",
        "webhook-id": bericht_id,
        "webhook-timestamp": str(int(tijd.timestamp())),
        "webhook-signature": handtekening,
    }
    try:
        response = (client or gedeelde_client()).post(url, content=data.encode(), headers=headers, timeout=timeout)
    except httpx.TimeoutException as exc:
        raise TijdelijkeFout(f"Time-out bij {url}: {exc}") from exc
    except httpx.TransportError as exc:
        raise TijdelijkeFout(f"Geen verbinding met {url}: {exc}") from exc
    if response.status_code >= 500 or response.status_code in TIJDELIJKE_STATUS:
        raise TijdelijkeFout(f"{url} antwoordde {response.status_code}: {response.text[:300]}", wacht=_retry_after(response))
    if response.status_code >= 400:
        raise BlijvendeFout(f"{url} weigerde het bericht ({response.status_code}): {response.text[:300]}")
    try:
        return response.json()
    except ValueError as exc:
        raise TijdelijkeFout(f"{url} gaf geen JSON-bevestiging terug") from exc


class WebhookPublisher:
    """A channel that receives each item by signed webhook and acknowledges what it now serves.

    Subclasses say what the channel receives (:meth:`inhoud`) and name their messages (``onderwerp``:
    ``<onderwerp>.gepubliceerd`` / ``<onderwerp>.ingetrokken``). Only the receiver's echo of this very
    fingerprint and volgnummer counts as delivered.
    """

    kanaal = ""
    onderwerp = ""
    vereist_aansluiting = True

    def __init__(self, timeout: float = 10.0):
        self.timeout = timeout

    def inhoud(self, item: Item) -> dict[str, Any] | None:
        raise NotImplementedError

    def publiceer(
        self,
        item: Item,
        inhoud: dict[str, Any],
        fingerprint: str,
        volgnummer: int,
        bestemming: Bestemming,
        stand: Stand = GEEN_STAND,
    ) -> Bevestiging:
        body = {"type": f"{self.onderwerp}.gepubliceerd", "data": inhoud | {"fingerprint": fingerprint, "volgnummer": volgnummer}}
        bericht = f"msg_{item.gemeente.slug}_{item.soort}_{item.uuid}_{volgnummer}"
        antwoord = verstuur(bestemming.url, bestemming.geheim, bericht, body, timeout=self.timeout)
        return self._bevestiging(antwoord, fingerprint, volgnummer)

    def trek_in(self, intrekking: Intrekking, volgnummer: int, bestemming: Bestemming, stand: Stand = GEEN_STAND) -> Bevestiging:
        body = {"type": f"{self.onderwerp}.ingetrokken", "data": intrekking.model_dump(mode="json") | {"volgnummer": volgnummer}}
        bericht = f"msg_{intrekking.gemeente}_{intrekking.soort}_{intrekking.uuid}_{volgnummer}"
        antwoord = verstuur(bestemming.url, bestemming.geheim, bericht, body, timeout=self.timeout)
        return self._bevestiging(antwoord, None, volgnummer)

    def _bevestiging(self, antwoord: dict, fingerprint: str | None, volgnummer: int) -> Bevestiging:
        if antwoord.get("volgnummer") != volgnummer or antwoord.get("fingerprint") != fingerprint:
            # The receiver kept something else (a newer volgnummer it already had): not ours to overwrite.
            raise TijdelijkeFout(f"{self.kanaal} bevestigde iets anders: {antwoord}")
        return Bevestiging(fingerprint=fingerprint, volgnummer=volgnummer, details=antwoord)
