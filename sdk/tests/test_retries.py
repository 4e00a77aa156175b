"""Our own retry logic (backoff, jitter, Retry-After) and time-outs, against a tiny local httpx MockTransport.

Only here is the hub replaced: a live hub cannot be made to fail on cue. Sleeps are recorded, not slept.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
from collections.abc import Callable, Iterator

import httpx
import pytest
from contenthub_sdk import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncContentHub,
    ContentHub,
    InternalServerError,
    NotFoundError,
    RateLimitError,
)
from contenthub_sdk._base import INITIAL_RETRY_DELAY, MAX_RETRY_DELAY, backoff, parse_retry_after

BASE = "http://hub.test"
GEMEENTEN = [
    {
        "slug": "dijkstad",
        "naam": "Gemeente Dijkstad",
        "code": "gm9999",
        "telefoon": "14 0999",
        "email": "info@dijkstad.example",
        "adres": "Dijk 1",
        "openingstijden": "<p>altijd</p>",
    }
]

Antwoord = httpx.Response | Exception


def probleem(status: int, titel: str, headers: dict[str, str] | None = None) -> httpx.Response:
    body = {"type": "about:blank", "title": titel, "status": status, "detail": "", "instance": "/api/v1/gemeenten"}
    return httpx.Response(
        status, content=json.dumps(body), headers={"content-type": "application/problem+json", **(headers or {})}
    )


def ok() -> httpx.Response:
    return httpx.Response(200, json=GEMEENTEN)


class Script:
    """A transport handler that plays the given answers in order and records each request."""

    def __init__(self, *antwoorden: Antwoord) -> None:
        self.antwoorden: Iterator[Antwoord] = iter(antwoorden)
        self.verzoeken: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.verzoeken.append(request)
        antwoord = next(self.antwoorden)
        if isinstance(antwoord, Exception):
            raise antwoord
        return antwoord


def maak(script: Script, max_retries: int = 2) -> tuple[ContentHub, list[float]]:
    slaap: list[float] = []
    hub = ContentHub(
        api_key="ch_0000000a_test",
        base_url=BASE,
        max_retries=max_retries,
        http_client=httpx.Client(transport=httpx.MockTransport(script)),
    )
    hub._sleep = slaap.append
    return hub, slaap


def test_retries_5xx_with_growing_backoff_and_jitter() -> None:
    script = Script(probleem(503, "Even niet"), probleem(502, "Even niet"), ok())
    hub, slaap = maak(script)
    assert [g.slug for g in hub.gemeenten.list()] == ["dijkstad"]
    assert len(script.verzoeken) == 3
    assert len(slaap) == 2
    assert 0.75 * INITIAL_RETRY_DELAY <= slaap[0] <= INITIAL_RETRY_DELAY
    assert 0.75 * 2 * INITIAL_RETRY_DELAY <= slaap[1] <= 2 * INITIAL_RETRY_DELAY
    assert all(r.headers["authorization"] == "Bearer ch_0000000a_test" for r in script.verzoeken)


@pytest.mark.parametrize("status", [408, 409, 429, 500, 504])
def test_retryable_statuses(status: int) -> None:
    script = Script(probleem(status, "Tijdelijk"), ok())
    hub, slaap = maak(script)
    hub.gemeenten.list()
    assert len(script.verzoeken) == 2 and len(slaap) == 1


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410])
def test_client_errors_are_not_retried(status: int) -> None:
    script = Script(probleem(status, "Nee"))
    hub, slaap = maak(script)
    with pytest.raises(APIStatusError) as info:
        hub.gemeenten.list()
    assert info.value.status_code == status
    assert len(script.verzoeken) == 1 and slaap == []


def test_retry_after_seconds_is_honoured() -> None:
    script = Script(probleem(429, "Te veel verzoeken", {"Retry-After": "3"}), ok())
    hub, slaap = maak(script)
    hub.gemeenten.list()
    assert slaap == [3.0]


def test_retry_after_http_date_is_honoured() -> None:
    straks = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=20)
    script = Script(probleem(503, "Onderhoud", {"Retry-After": email.utils.format_datetime(straks, usegmt=True)}), ok())
    hub, slaap = maak(script)
    hub.gemeenten.list()
    assert len(slaap) == 1 and 15 <= slaap[0] <= 20


def test_retry_after_too_long_is_not_waited_for() -> None:
    script = Script(probleem(429, "Te veel verzoeken", {"Retry-After": "3600"}))
    hub, slaap = maak(script)
    with pytest.raises(RateLimitError) as info:
        hub.gemeenten.list()
    assert info.value.retry_after == 3600.0 and slaap == []


def test_exhausted_retries_raise_the_last_error() -> None:
    wacht = {"Retry-After": "1"}
    script = Script(*(probleem(429, "Te veel verzoeken", wacht) for _ in range(3)))
    hub, slaap = maak(script)
    with pytest.raises(RateLimitError) as info:
        hub.gemeenten.list()
    assert info.value.status_code == 429 and info.value.retry_after == 1.0
    assert "Te veel verzoeken" in str(info.value)
    assert slaap == [1.0, 1.0] and len(script.verzoeken) == 3


def test_max_retries_zero() -> None:
    script = Script(probleem(500, "Stuk"))
    hub, slaap = maak(script, max_retries=0)
    with pytest.raises(InternalServerError, match="500 Stuk"):
        hub.gemeenten.list()
    assert slaap == []


def test_connection_errors_are_retried() -> None:
    script = Script(httpx.ConnectError("geweigerd"), httpx.RemoteProtocolError("weg"), ok())
    hub, slaap = maak(script)
    assert hub.gemeenten.list()[0].slug == "dijkstad"
    assert len(slaap) == 2


def test_connection_error_after_retries() -> None:
    script = Script(*(httpx.ConnectError("geweigerd") for _ in range(3)))
    hub, _ = maak(script)
    with pytest.raises(APIConnectionError) as info:
        hub.gemeenten.list()
    assert not isinstance(info.value, APITimeoutError)
    assert len(script.verzoeken) == 3


def test_timeout_raises_api_timeout_error() -> None:
    script = Script(*(httpx.ReadTimeout("te traag") for _ in range(3)))
    hub, slaap = maak(script)
    with pytest.raises(APITimeoutError) as info:
        hub.gemeenten.list()
    assert isinstance(info.value, APIConnectionError)
    assert len(script.verzoeken) == 3 and len(slaap) == 2


def test_timeout_then_success() -> None:
    script = Script(httpx.ConnectTimeout("te traag"), ok())
    hub, slaap = maak(script)
    assert hub.gemeenten.list()[0].naam == "Gemeente Dijkstad"
    assert len(slaap) == 1


def test_non_json_error_body() -> None:
    script = Script(httpx.Response(404, text="<html>Not Found</html>", headers={"content-type": "text/html"}))
    hub, _ = maak(script)
    with pytest.raises(NotFoundError) as info:
        hub.gemeenten.list()
    assert info.value.problem is None and info.value.title is None
    assert str(info.value).startswith("404 Not Found")


def test_request_id_is_taken_from_the_header() -> None:
    script = Script(probleem(404, "Weg", {"X-Request-ID": "req-123"}))
    hub, _ = maak(script)
    with pytest.raises(NotFoundError) as info:
        hub.gemeenten.list()
    assert info.value.request_id == "req-123"


def test_backoff_is_capped() -> None:
    for poging in range(10):
        assert 0 < backoff(poging) <= MAX_RETRY_DELAY


@pytest.mark.parametrize(
    ("waarde", "verwacht"),
    [("5", 5.0), ("0", 0.0), ("-3", 0.0), ("2.5", 2.5), ("onzin", None), ("", None)],
)
def test_parse_retry_after(waarde: str, verwacht: float | None) -> None:
    assert parse_retry_after(httpx.Headers({"Retry-After": waarde})) == verwacht


async def test_async_retries_and_timeout() -> None:
    def nieuw(script: Callable[[httpx.Request], httpx.Response]) -> tuple[AsyncContentHub, list[float]]:
        slaap: list[float] = []

        async def sleep(seconden: float) -> None:
            slaap.append(seconden)

        hub = AsyncContentHub(
            api_key="ch_0000000a_test", base_url=BASE, http_client=httpx.AsyncClient(transport=httpx.MockTransport(script))
        )
        hub._sleep = sleep
        return hub, slaap

    script = Script(probleem(429, "Te veel verzoeken", {"Retry-After": "2"}), probleem(503, "Even niet"), ok())
    hub, slaap = nieuw(script)
    assert (await hub.gemeenten.list())[0].slug == "dijkstad"
    assert slaap[0] == 2.0 and len(slaap) == 2
    await hub.close()

    script = Script(*(httpx.ReadTimeout("te traag") for _ in range(3)))
    hub, slaap = nieuw(script)
    with pytest.raises(APITimeoutError):
        await hub.gemeenten.list()
    assert len(slaap) == 2
    await hub.close()
