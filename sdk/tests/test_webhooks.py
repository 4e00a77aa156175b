"""``contenthub_sdk.webhooks.verify`` with payloads signed here the way the hub signs them (Standard Webhooks)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os

import httpx
import pytest
from contenthub_sdk import ContentHubError, WebhookVerificationError, webhooks
from standardwebhooks import Webhook

BERICHT = {"type": "pagina.gepubliceerd", "data": {"gemeente": "dijkstad", "uuid": "123", "volgnummer": 7, "titel": "Één"}}


def nieuw_geheim() -> str:
    return "whsec_" + base64.b64encode(os.urandom(32)).decode()


def onderteken(geheim: str, body: str, *, tijd: dt.datetime | None = None, bericht_id: str = "msg_1") -> dict[str, str]:
    tijd = tijd or dt.datetime.now(dt.UTC)
    return {
        "webhook-id": bericht_id,
        "webhook-timestamp": str(int(tijd.timestamp())),
        "webhook-signature": Webhook(geheim).sign(bericht_id, tijd, body),
    }


@pytest.fixture
def geheim() -> str:
    return nieuw_geheim()


@pytest.fixture
def body() -> str:
    return json.dumps(BERICHT, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def test_verify_bytes_and_str(geheim: str, body: str) -> None:
    headers = onderteken(geheim, body)
    assert webhooks.verify(body.encode(), headers, geheim) == BERICHT
    assert webhooks.verify(body, headers, geheim) == BERICHT


def test_header_names_any_case_and_mapping_types(geheim: str, body: str) -> None:
    headers = {k.title(): v for k, v in onderteken(geheim, body).items()}
    assert webhooks.verify(body, headers, geheim) == BERICHT
    assert webhooks.verify(body, httpx.Headers(headers), geheim) == BERICHT


def test_several_signatures_one_valid(geheim: str, body: str) -> None:
    headers = onderteken(geheim, body)
    andere = onderteken(nieuw_geheim(), body)["webhook-signature"]
    headers["webhook-signature"] = f"{andere} {headers['webhook-signature']}"
    assert webhooks.verify(body, headers, geheim) == BERICHT


def test_tampered_payload(geheim: str, body: str) -> None:
    headers = onderteken(geheim, body)
    with pytest.raises(WebhookVerificationError, match="signature"):
        webhooks.verify(body.replace("7", "8"), headers, geheim)


def test_wrong_secret(geheim: str, body: str) -> None:
    with pytest.raises(WebhookVerificationError):
        webhooks.verify(body, onderteken(geheim, body), nieuw_geheim())


def test_stale_and_future_timestamps(geheim: str, body: str) -> None:
    oud = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=6)
    with pytest.raises(WebhookVerificationError, match="too old"):
        webhooks.verify(body, onderteken(geheim, body, tijd=oud), geheim)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=6)
    with pytest.raises(WebhookVerificationError, match="too new"):
        webhooks.verify(body, onderteken(geheim, body, tijd=later), geheim)


def test_missing_headers(geheim: str, body: str) -> None:
    headers = onderteken(geheim, body)
    del headers["webhook-signature"]
    with pytest.raises(WebhookVerificationError, match="Missing"):
        webhooks.verify(body, headers, geheim)


@pytest.mark.parametrize("handtekening", ["zonder-komma", "v1,!!geen-base64!!", "v1,a,b"])
def test_malformed_signature_header(geheim: str, body: str, handtekening: str) -> None:
    headers = onderteken(geheim, body) | {"webhook-signature": handtekening}
    with pytest.raises(WebhookVerificationError):
        webhooks.verify(body, headers, geheim)


@pytest.mark.parametrize("slecht", ["", "whsec_", "whsec_!!!"])
def test_bad_secret(body: str, slecht: str) -> None:
    with pytest.raises(WebhookVerificationError, match="webhookgeheim"):
        webhooks.verify(body, onderteken(nieuw_geheim(), body), slecht)


def test_valid_signature_but_not_a_json_object(geheim: str) -> None:
    for inhoud in ("[1, 2]", "geen json"):
        with pytest.raises(WebhookVerificationError, match="JSON"):
            webhooks.verify(inhoud, onderteken(geheim, inhoud), geheim)


def test_not_utf8(geheim: str) -> None:
    with pytest.raises(WebhookVerificationError, match="UTF-8"):
        webhooks.verify(b"\xff\xfe", onderteken(geheim, "x"), geheim)


def test_is_a_contenthub_error() -> None:
    assert issubclass(WebhookVerificationError, ContentHubError)
    assert webhooks.WebhookVerificationError is WebhookVerificationError
