"""Typed Python client for the contenthub's delivery API v1.

Example::

    from contenthub_sdk import ContentHub

    with ContentHub(api_key="ch_…", base_url="https://contenthub.example.nl") as hub:
        for artikel in hub.kennisartikelen.list("dijkstad"):
            print(artikel.uuid, artikel.titel)
"""

from contenthub_sdk import webhooks
from contenthub_sdk._client import AsyncContentHub, ContentHub
from contenthub_sdk._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ContentHubError,
    CursorExpiredError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    WebhookVerificationError,
)
from contenthub_sdk._pagination import AsyncPage, AsyncPaginator, AsyncSyncStream, Page, SyncStream
from contenthub_sdk._version import __version__
from contenthub_sdk.models import (
    ChatbotAntwoord,
    ChatbotAntwoordItem,
    Gemeente,
    Kennisartikel,
    KennisartikelRecord,
    KennisbankTreffer,
    KennisbankUitslag,
    Levensgebeurtenis,
    Overdracht,
    Problem,
    Sjabloon,
    SjabloonRecord,
    Vac,
    VacRecord,
    Veldfout,
    Vertaling,
    Wijziging,
)
from contenthub_sdk.sjablonen import SjabloonFout, SjabloonTeZwaar

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncContentHub",
    "AsyncPage",
    "AsyncPaginator",
    "AsyncSyncStream",
    "AuthenticationError",
    "BadRequestError",
    "ChatbotAntwoord",
    "ChatbotAntwoordItem",
    "ContentHub",
    "ContentHubError",
    "CursorExpiredError",
    "Gemeente",
    "InternalServerError",
    "Kennisartikel",
    "KennisartikelRecord",
    "KennisbankTreffer",
    "KennisbankUitslag",
    "Levensgebeurtenis",
    "NotFoundError",
    "Overdracht",
    "Page",
    "PermissionDeniedError",
    "Problem",
    "RateLimitError",
    "Sjabloon",
    "SjabloonFout",
    "SjabloonRecord",
    "SjabloonTeZwaar",
    "SyncStream",
    "Vac",
    "VacRecord",
    "Veldfout",
    "Vertaling",
    "WebhookVerificationError",
    "Wijziging",
    "__version__",
    "webhooks",
]
