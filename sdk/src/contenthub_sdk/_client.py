"""``ContentHub`` (httpx.Client) and ``AsyncContentHub`` (httpx.AsyncClient)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType

import httpx

from contenthub_sdk._base import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, BaseClient, Params, clean_params, status_error
from contenthub_sdk._exceptions import APIConnectionError, APITimeoutError
from contenthub_sdk._pagination import AsyncSyncStream, SyncStream
from contenthub_sdk._resources import (
    AsyncChatbot,
    AsyncGemeenten,
    AsyncKennisartikelen,
    AsyncKennisbank,
    AsyncLevensgebeurtenissen,
    AsyncSjablonen,
    AsyncVacs,
    Chatbot,
    Gemeenten,
    Kennisartikelen,
    Kennisbank,
    Levensgebeurtenissen,
    Sjablonen,
    Vacs,
)
from contenthub_sdk.models import Soort

__all__ = ["AsyncContentHub", "ContentHub"]


def _request_of(exc: httpx.RequestError) -> httpx.Request | None:
    try:
        return exc.request
    except RuntimeError:  # raised by a transport that did not attach the request
        return None


class ContentHub(BaseClient):
    """Client for the hub's delivery API v1.

    ``api_key`` and ``base_url`` fall back to the environment variables ``CONTENTHUB_API_KEY`` and
    ``CONTENTHUB_BASE_URL``. Failed reads are retried ``max_retries`` times (408, 409, 429, 5xx, connection
    errors and time-outs) with exponential backoff, honouring ``Retry-After``. ``timeout`` (seconds or an
    ``httpx.Timeout``) applies to a client the SDK makes itself; a given ``http_client`` keeps its own settings
    and is not closed by :meth:`close`.

    Use as a context manager (``with ContentHub() as hub: ...``) or call :meth:`close`.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.Client | None = None,
    ) -> None:
        super().__init__(api_key=api_key, base_url=base_url, max_retries=max_retries)
        self.timeout = timeout
        self._owns_client = http_client is None
        self._client = http_client if http_client is not None else httpx.Client(timeout=timeout)
        self._sleep: Callable[[float], None] = time.sleep
        self.gemeenten = Gemeenten(self)
        self.levensgebeurtenissen = Levensgebeurtenissen(self)
        self.kennisartikelen = Kennisartikelen(self)
        self.vacs = Vacs(self)
        self.sjablonen = Sjablonen(self)
        self.kennisbank = Kennisbank(self)
        self.chatbot = Chatbot(self)

    def sync(self, cursor: str | None = None, *, soort: Soort | None = None, limit: int | None = None) -> SyncStream:
        """Delta sync: without ``cursor`` everything this key sees, with one the changes since.

        Returns an iterator of :class:`~contenthub_sdk.models.Wijziging` that follows the pages itself; after
        it is exhausted, ``.cursor`` is what to persist for next time::

            stroom = hub.sync(cursor=opgeslagen)
            for wijziging in stroom:
                ...
            opgeslagen = stroom.cursor

        ``soort`` limits the stream to one kind. The hub moves a cursor past changes of the other kind as well,
        so a cursor belongs to the ``soort`` it was made with: keep one per ``soort``.
        """
        return SyncStream(self, cursor=cursor, soort=soort, limit=limit)

    # --- transport -----------------------------------------------------------------------------------------

    def _get(self, path: str, params: Params | None = None, headers: Mapping[str, str] | None = None) -> httpx.Response:
        return self._request(self._url(path), params=params, headers=headers)

    def _post(self, path: str, body: Mapping[str, object]) -> httpx.Response:
        """A POST that only reads (the chatbot's answer), so it is retried like a GET."""
        return self._request(self._url(path), json=body)

    def _request(
        self,
        url: str,
        *,
        params: Params | None = None,
        headers: Mapping[str, str] | None = None,
        json: Mapping[str, object] | None = None,
    ) -> httpx.Response:
        """GET (or with ``json`` a POST) with retries; returns a 2xx or 304 response, raises an APIError otherwise."""
        query = clean_params(params) or None
        method = "GET" if json is None else "POST"
        attempt = 0
        while True:
            try:
                response = self._client.request(method, url, params=query, headers=self._headers(headers), json=json)
            except httpx.TimeoutException as exc:
                delay = self._retry_delay(attempt, None)
                if delay is None:
                    raise APITimeoutError(request=_request_of(exc)) from exc
            except httpx.TransportError as exc:
                delay = self._retry_delay(attempt, None)
                if delay is None:
                    raise APIConnectionError(f"Geen verbinding met de contenthub: {exc}", request=_request_of(exc)) from exc
            else:
                if response.is_success or response.status_code == 304:
                    return response
                delay = self._retry_delay(attempt, response)
                if delay is None:
                    raise status_error(response)
                response.close()
            self._sleep(delay)
            attempt += 1

    # --- lifecycle -----------------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the HTTP connections (only of a client the SDK made itself)."""
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> ContentHub:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None) -> None:
        self.close()


class AsyncContentHub(BaseClient):
    """The async :class:`ContentHub`, on ``httpx.AsyncClient``; use ``async with AsyncContentHub() as hub``."""

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        super().__init__(api_key=api_key, base_url=base_url, max_retries=max_retries)
        self.timeout = timeout
        self._owns_client = http_client is None
        self._client = http_client if http_client is not None else httpx.AsyncClient(timeout=timeout)
        self._sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
        self.gemeenten = AsyncGemeenten(self)
        self.levensgebeurtenissen = AsyncLevensgebeurtenissen(self)
        self.kennisartikelen = AsyncKennisartikelen(self)
        self.vacs = AsyncVacs(self)
        self.sjablonen = AsyncSjablonen(self)
        self.kennisbank = AsyncKennisbank(self)
        self.chatbot = AsyncChatbot(self)

    def sync(self, cursor: str | None = None, *, soort: Soort | None = None, limit: int | None = None) -> AsyncSyncStream:
        """Delta sync (see :meth:`ContentHub.sync`)::

        stroom = hub.sync(cursor=opgeslagen)
        async for wijziging in stroom:
            ...
        opgeslagen = stroom.cursor
        """
        return AsyncSyncStream(self, cursor=cursor, soort=soort, limit=limit)

    async def _get(self, path: str, params: Params | None = None, headers: Mapping[str, str] | None = None) -> httpx.Response:
        return await self._request(self._url(path), params=params, headers=headers)

    async def _post(self, path: str, body: Mapping[str, object]) -> httpx.Response:
        return await self._request(self._url(path), json=body)

    async def _request(
        self,
        url: str,
        *,
        params: Params | None = None,
        headers: Mapping[str, str] | None = None,
        json: Mapping[str, object] | None = None,
    ) -> httpx.Response:
        query = clean_params(params) or None
        method = "GET" if json is None else "POST"
        attempt = 0
        while True:
            try:
                response = await self._client.request(method, url, params=query, headers=self._headers(headers), json=json)
            except httpx.TimeoutException as exc:
                delay = self._retry_delay(attempt, None)
                if delay is None:
                    raise APITimeoutError(request=_request_of(exc)) from exc
            except httpx.TransportError as exc:
                delay = self._retry_delay(attempt, None)
                if delay is None:
                    raise APIConnectionError(f"Geen verbinding met de contenthub: {exc}", request=_request_of(exc)) from exc
            else:
                if response.is_success or response.status_code == 304:
                    return response
                delay = self._retry_delay(attempt, response)
                if delay is None:
                    raise status_error(response)
                await response.aclose()
            await self._sleep(delay)
            attempt += 1

    async def close(self) -> None:
        if self._owns_client:
            await self._client.aclose()

    async def __aenter__(self) -> AsyncContentHub:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        await self.close()
