"""What the sync and the async client share: configuration, URLs, retry policy and error mapping."""

from __future__ import annotations

import datetime as dt
import email.utils
import os
import random
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx
from pydantic import ValidationError

from contenthub_sdk._exceptions import (
    APIResponseValidationError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ContentHubError,
    CursorExpiredError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
)
from contenthub_sdk._version import __version__
from contenthub_sdk.models import Problem

API_PREFIX = "/api/v1"
ENV_API_KEY = "CONTENTHUB_API_KEY"
ENV_BASE_URL = "CONTENTHUB_BASE_URL"

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_RETRIES = 2
INITIAL_RETRY_DELAY = 0.5
"""Seconds before the first retry; doubles per attempt (with up to 25% jitter taken off)."""
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0
"""A ``Retry-After`` longer than this is not waited for inside a call: the error goes to the caller."""
RETRY_STATUS = frozenset({408, 409, 429})

Params = Mapping[str, str | int | None]


class BaseClient:
    """Configuration and pure helpers; subclasses do the I/O (sync or async)."""

    api_key: str
    base_url: str
    max_retries: int

    def __init__(self, *, api_key: str | None, base_url: str | None, max_retries: int) -> None:
        api_key = api_key if api_key is not None else os.environ.get(ENV_API_KEY)
        if not api_key:
            raise ContentHubError(
                f"Geen API-sleutel: geef api_key=... mee of zet de omgevingsvariabele {ENV_API_KEY} "
                "(een sleutel maakt een beheerder met 'contenthub apikey create')."
            )
        base_url = base_url if base_url is not None else os.environ.get(ENV_BASE_URL)
        if not base_url:
            raise ContentHubError(
                f"Geen adres van de hub: geef base_url=... mee (bijv. 'https://contenthub.example.nl') "
                f"of zet de omgevingsvariabele {ENV_BASE_URL}."
            )
        if max_retries < 0:
            raise ContentHubError("max_retries moet 0 of groter zijn.")
        self.api_key = api_key
        self.base_url = normalise_base_url(base_url)
        self.max_retries = max_retries

    def __repr__(self) -> str:  # never shows the key
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    # --- requests ------------------------------------------------------------------------------------------

    def _url(self, path: str) -> str:
        return f"{self.base_url}{API_PREFIX}{path}"

    def _headers(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        headers = {
            "Authorization": f"Bearer {self.api_key}",
            "Accept": "application/json, application/problem+json",
            "User-Agent": f"contenthub-sdk/{__version__} python-httpx/{httpx.__version__}",
        }
        headers.update(extra or {})
        return headers

    def _follow(self, next_url: str, path: str) -> str:
        """The URL to request for a ``next`` link of a page of ``path``.

        The hub builds ``next`` from the Host and path it saw, which behind a proxy can be an internal address
        or lack a path prefix. A link under our own API root is followed as it is; any other keeps only its
        query, on our base URL and ``path``, so the key never goes to another host.
        """
        return follow_url(self.base_url, self._url(path), next_url)

    # --- retries -------------------------------------------------------------------------------------------

    def _retry_delay(self, attempt: int, response: httpx.Response | None) -> float | None:
        """Seconds to wait before retry number ``attempt + 1``, or None when this outcome should not be retried."""
        if attempt >= self.max_retries:
            return None
        if response is not None:
            if not should_retry(response):
                return None
            retry_after = parse_retry_after(response.headers)
            if retry_after is not None:
                return retry_after if retry_after <= MAX_RETRY_AFTER else None
        return backoff(attempt)

    # --- answers -------------------------------------------------------------------------------------------

    @staticmethod
    def _json(response: httpx.Response) -> Any:
        try:
            return response.json()
        except (ValueError, UnicodeDecodeError) as exc:
            raise APIResponseValidationError(
                f"De hub gaf geen geldige JSON terug (status {response.status_code}).", response=response, body=response.text
            ) from exc

    @staticmethod
    def _invalid(
        response: httpx.Response, body: object, exc: ValidationError | KeyError | TypeError
    ) -> APIResponseValidationError:
        error = APIResponseValidationError(
            f"Het antwoord van de hub heeft niet de verwachte vorm ({response.request.url.path}): {exc}",
            response=response,
            body=body,
        )
        error.__cause__ = exc
        return error


def normalise_base_url(base_url: str) -> str:
    """``https://hub.example/`` and ``https://hub.example/api/v1`` both become ``https://hub.example``."""
    url = base_url.strip().rstrip("/")
    if url.endswith(API_PREFIX):
        url = url[: -len(API_PREFIX)]
    parsed = httpx.URL(url)
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ContentHubError(f"Ongeldig adres van de hub: {base_url!r} (verwacht bijv. 'https://contenthub.example.nl').")
    return url


def path_segment(value: str | UUID, what: str) -> str:
    """One URL path segment, quoted; an empty one is a programming error."""
    text = str(value).strip()
    if not text:
        raise ValueError(f"{what} mag niet leeg zijn")
    return quote(text, safe="")


def follow_url(base_url: str, request_url: str, next_url: str) -> str:
    """See :meth:`BaseClient._follow`.

    ``next`` is followed as it is when it lies under our own API root (same scheme, host, port and path prefix).
    Otherwise (an internal host behind a proxy, or a proxy that strips a path prefix) its query is put on the
    URL of the page we requested: the hub's ``next`` is always that page's path with another query.
    """
    base, nxt = httpx.URL(base_url), httpx.URL(next_url)
    if not nxt.is_absolute_url:
        nxt = httpx.URL(request_url).join(nxt)
    api_root = base.path.rstrip("/") + API_PREFIX
    same_origin = (nxt.scheme, nxt.host, nxt.port) == (base.scheme, base.host, base.port)
    if same_origin and (nxt.path == api_root or nxt.path.startswith(api_root + "/")):
        return str(nxt)
    return str(httpx.URL(request_url).copy_with(query=nxt.query or None))


def clean_params(params: Params | None) -> dict[str, str | int]:
    return {k: v for k, v in (params or {}).items() if v is not None}


def should_retry(response: httpx.Response) -> bool:
    return response.status_code in RETRY_STATUS or response.status_code >= 500


def backoff(attempt: int) -> float:
    """Exponential backoff with jitter: 0.5 s, 1 s, 2 s, … up to 8 s, each minus up to 25%."""
    delay = min(INITIAL_RETRY_DELAY * 2.0**attempt, MAX_RETRY_DELAY)
    return delay * (1.0 - 0.25 * random.random())  # noqa: S311 - jitter, not cryptography


def parse_retry_after(headers: httpx.Headers) -> float | None:
    """``Retry-After`` in seconds (delta-seconds or an HTTP date), or None if absent or unreadable."""
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    410: CursorExpiredError,
}


def status_error(response: httpx.Response) -> APIStatusError:
    """The exception for an error answer, with the problem's Dutch title and detail in its message."""
    response.read()
    body: object
    problem: Problem | None = None
    try:
        body = response.json()
    except (ValueError, UnicodeDecodeError):
        body = response.text
    if isinstance(body, dict):
        try:
            problem = Problem.model_validate(body)
        except ValidationError:
            problem = None
    status = response.status_code
    if problem is not None and problem.title:
        message = f"{status} {problem.title}"
        if problem.detail:
            message += f": {problem.detail}"
        if problem.fouten:
            message += " (" + "; ".join(f"{f.veld}: {f.melding}" for f in problem.fouten) + ")"
    else:
        message = f"{status} {response.reason_phrase or 'Fout'}"
        if isinstance(body, str) and body.strip() and "html" not in response.headers.get("content-type", ""):
            message += f": {body.strip()[:200]}"
    message += f" [{response.request.method} {response.request.url.path}]"
    if status == 429:
        return RateLimitError(
            message, response=response, body=body, problem=problem, retry_after=parse_retry_after(response.headers)
        )
    cls = _STATUS_ERRORS.get(status) or (InternalServerError if status >= 500 else APIStatusError)
    return cls(message, response=response, body=body, problem=problem)
