"""Exceptions raised by the SDK.

Hierarchy::

    ContentHubError
    ├── APIError
    │   ├── APIStatusError                 (the hub answered with an error status)
    │   │   ├── BadRequestError            400
    │   │   ├── AuthenticationError        401
    │   │   ├── PermissionDeniedError      403
    │   │   ├── NotFoundError              404
    │   │   ├── CursorExpiredError         410  (delta sync: start again without a cursor)
    │   │   ├── RateLimitError             429
    │   │   └── InternalServerError        >= 500
    │   ├── APIConnectionError             (no answer at all)
    │   │   └── APITimeoutError
    │   └── APIResponseValidationError     (an answer the SDK could not read)
    └── WebhookVerificationError
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from contenthub_sdk.models import Problem, Veldfout

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ContentHubError",
    "CursorExpiredError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "WebhookVerificationError",
]


def _request_of(response: httpx.Response) -> httpx.Request | None:
    try:
        return response.request
    except RuntimeError:  # a response built by hand, without a request
        return None


class ContentHubError(Exception):
    """Base class of every error the SDK raises (including configuration errors)."""


class WebhookVerificationError(ContentHubError):
    """A webhook could not be verified: missing headers, wrong signature, stale timestamp, bad secret or body."""


class APIError(ContentHubError):
    """Something went wrong while talking to the hub's API."""

    message: str
    request: httpx.Request | None
    body: object | None

    def __init__(self, message: str, *, request: httpx.Request | None = None, body: object | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request
        self.body = body


class APIConnectionError(APIError):
    """The hub could not be reached (DNS, refused connection, connection reset, …)."""

    def __init__(self, message: str | None = None, *, request: httpx.Request | None = None) -> None:
        super().__init__(message or "Geen verbinding met de contenthub.", request=request)


class APITimeoutError(APIConnectionError):
    """The hub did not answer in time."""

    def __init__(self, message: str | None = None, *, request: httpx.Request | None = None) -> None:
        super().__init__(message or "De contenthub antwoordde niet op tijd (time-out).", request=request)


class APIResponseValidationError(APIError):
    """The hub answered successfully, but the body does not have the documented shape."""

    response: httpx.Response
    status_code: int

    def __init__(self, message: str, *, response: httpx.Response, body: object | None = None) -> None:
        super().__init__(message, request=_request_of(response), body=body)
        self.response = response
        self.status_code = response.status_code


class APIStatusError(APIError):
    """The hub answered with a 4xx or 5xx status; ``problem`` holds its problem details (RFC 9457) when it sent them."""

    response: httpx.Response
    status_code: int
    request_id: str | None
    problem: Problem | None

    def __init__(self, message: str, *, response: httpx.Response, body: object | None, problem: Problem | None) -> None:
        super().__init__(message, request=_request_of(response), body=body)
        self.response = response
        self.status_code = response.status_code
        self.request_id = response.headers.get("x-request-id")
        self.problem = problem

    @property
    def title(self) -> str | None:
        """The problem's (Dutch) title, e.g. ``"Niet aangemeld"``."""
        return self.problem.title if self.problem is not None else None

    @property
    def detail(self) -> str | None:
        """The problem's (Dutch) explanation."""
        return self.problem.detail if self.problem is not None else None


class BadRequestError(APIStatusError):
    """400: invalid input (``fouten`` lists the fields) or an invalid cursor."""

    @property
    def fouten(self) -> list[Veldfout]:
        """Per invalid field: ``veld`` and ``melding``."""
        return list(self.problem.fouten) if self.problem is not None else []


class AuthenticationError(APIStatusError):
    """401: no key, an unknown key or a revoked key."""


class PermissionDeniedError(APIStatusError):
    """403: the key lacks the scope for this resource (e.g. ``persoonlijk`` for sjablonen)."""


class NotFoundError(APIStatusError):
    """404: unknown item, or a gemeente this key may not read."""


class CursorExpiredError(APIStatusError):
    """410: the delta-sync cursor is older than the hub's change log; start a full sync again (``cursor=None``)."""


class RateLimitError(APIStatusError):
    """429: too many requests for this key; ``retry_after`` says how many seconds to wait (if the hub said)."""

    retry_after: float | None

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: object | None,
        problem: Problem | None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, response=response, body=body, problem=problem)
        self.retry_after = retry_after


class InternalServerError(APIStatusError):
    """5xx: the hub (or a proxy in front of it) failed."""
