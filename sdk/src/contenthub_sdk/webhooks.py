"""Verify webhooks the hub sends (Standard Webhooks: ``webhook-id``, ``webhook-timestamp``, ``webhook-signature``).

    from contenthub_sdk import webhooks, WebhookVerificationError

    try:
        bericht = webhooks.verify(request_body_bytes, request_headers, secret="whsec_…")
    except WebhookVerificationError:
        return 401
    # bericht == {"type": "pagina.gepubliceerd", "data": {..., "fingerprint": "…", "volgnummer": 7}}

Verify the raw body exactly as received (before any JSON parsing). A timestamp more than five minutes
away from now is refused, which stops replays.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from standardwebhooks import Webhook
from standardwebhooks import WebhookVerificationError as _StandardError

from contenthub_sdk._exceptions import WebhookVerificationError

__all__ = ["WebhookVerificationError", "verify"]


def verify(payload: bytes | str, headers: Mapping[str, str], secret: str) -> dict[str, Any]:
    """Check the signature and timestamp of a webhook and return its JSON body.

    ``headers`` may be any mapping (a dict, Django's ``request.headers``, Starlette's or httpx's headers);
    names are matched case-insensitively. ``secret`` is the ``whsec_…`` secret configured in the hub for this
    receiver. Raises :class:`WebhookVerificationError` on any failure.
    """
    try:
        webhook = Webhook(secret)
    except Exception as exc:  # empty secret, not base64, wrong type: the library raises several kinds
        raise WebhookVerificationError(f"Ongeldig webhookgeheim (verwacht 'whsec_' + base64): {exc}") from exc
    try:
        text = payload.decode("utf-8") if isinstance(payload, bytes | bytearray) else payload
    except UnicodeDecodeError as exc:
        raise WebhookVerificationError("De inhoud van de webhook is geen UTF-8.") from exc
    lowered = {str(naam).lower(): str(waarde) for naam, waarde in headers.items()}
    try:
        webhook.verify(text, lowered, json_parse=False)
    except _StandardError as exc:
        raise WebhookVerificationError(f"Webhook niet geverifieerd: {exc}") from exc
    except (ValueError, TypeError) as exc:  # a malformed signature header (no 'v1,' or bad base64)
        raise WebhookVerificationError(f"Webhook niet geverifieerd: ongeldige handtekeningkop ({exc})") from exc
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise WebhookVerificationError("De handtekening klopt, maar de inhoud is geen JSON.") from exc
    if not isinstance(data, dict):
        raise WebhookVerificationError("De handtekening klopt, maar de inhoud is geen JSON-object.")
    return data
