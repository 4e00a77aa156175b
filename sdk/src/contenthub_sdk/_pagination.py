"""Cursor pages of list endpoints, and the delta-sync stream (sync and async).

A list call returns its first page. Iterating the page walks lazily over *all* items, fetching the next
page only when the current one is used up; ``items``, ``next_url``, ``has_next_page()`` and
``get_next_page()`` are there for paging by hand.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from contenthub_sdk._exceptions import ContentHubError
from contenthub_sdk.models import Soort, Wijziging

if TYPE_CHECKING:
    from contenthub_sdk._client import AsyncContentHub, ContentHub

__all__ = ["AsyncPage", "AsyncPaginator", "AsyncSyncStream", "Page", "SyncStream"]

T = TypeVar("T", bound=BaseModel)

SYNC_PATH = "/sync"


def _parse_page(client: ContentHub | AsyncContentHub, response: httpx.Response, model: type[T]) -> tuple[list[T], str | None]:
    data = client._json(response)
    try:
        items = [model.model_validate(item) for item in data["results"]]
        next_url = data.get("next")
        if next_url is not None and not isinstance(next_url, str):
            raise TypeError(f"'next' is geen tekst maar {type(next_url).__name__}")
    except (ValidationError, KeyError, TypeError) as exc:
        raise client._invalid(response, data, exc) from exc
    return items, next_url


class Page(Generic[T]):
    """One page of a list endpoint; ``for item in page`` continues over all following pages."""

    items: list[T]
    next_url: str | None

    def __init__(self, *, client: ContentHub, model: type[T], path: str, response: httpx.Response) -> None:
        self._client, self._model, self._path = client, model, path
        self.items, self.next_url = _parse_page(client, response, model)

    def has_next_page(self) -> bool:
        return self.next_url is not None

    def get_next_page(self) -> Page[T]:
        """Fetch the page ``next_url`` points to."""
        if self.next_url is None:
            raise ContentHubError("Dit is de laatste pagina: er is geen volgende.")
        url = self._client._follow(self.next_url, self._path)
        return Page(client=self._client, model=self._model, path=self._path, response=self._client._request(url))

    def iter_pages(self) -> Iterator[Page[T]]:
        """This page and every following one, fetched one at a time."""
        page: Page[T] = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = page.get_next_page()

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.items

    def __repr__(self) -> str:
        return f"<Page {self._path} items={len(self.items)} next={'ja' if self.next_url else 'nee'}>"


class AsyncPage(Generic[T]):
    """One page of a list endpoint (async); ``async for item in page`` continues over all following pages."""

    items: list[T]
    next_url: str | None

    def __init__(self, *, client: AsyncContentHub, model: type[T], path: str, response: httpx.Response) -> None:
        self._client, self._model, self._path = client, model, path
        self.items, self.next_url = _parse_page(client, response, model)

    def has_next_page(self) -> bool:
        return self.next_url is not None

    async def get_next_page(self) -> AsyncPage[T]:
        if self.next_url is None:
            raise ContentHubError("Dit is de laatste pagina: er is geen volgende.")
        url = self._client._follow(self.next_url, self._path)
        response = await self._client._request(url)
        return AsyncPage(client=self._client, model=self._model, path=self._path, response=response)

    async def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        page: AsyncPage[T] = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = await page.get_next_page()

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.items:
                yield item

    def __repr__(self) -> str:
        return f"<AsyncPage {self._path} items={len(self.items)} next={'ja' if self.next_url else 'nee'}>"


class AsyncPaginator(Generic[T]):
    """What an async ``list()`` returns: ``await`` it for the first :class:`AsyncPage`, or ``async for`` over all items."""

    def __init__(self, fetch: Callable[[], Awaitable[AsyncPage[T]]]) -> None:
        self._fetch = fetch

    def __await__(self) -> Generator[Any, None, AsyncPage[T]]:
        return self._fetch().__await__()

    async def __aiter__(self) -> AsyncIterator[T]:
        page = await self._fetch()
        async for item in page:
            yield item


# --- delta sync --------------------------------------------------------------------------------------------


class _SyncState:
    """The stream's position; holds the changes of at most one page (the response itself is not kept)."""

    def __init__(self, cursor: str | None, soort: Soort | None, limit: int | None) -> None:
        self.params: dict[str, str | int] = {
            k: v for k, v in {"cursor": cursor, "soort": soort, "limit": limit}.items() if v is not None
        }
        self.started = False
        self.next_url: str | None = None
        self.results: Iterator[Wijziging] = iter(())
        self.last_cursor: str | None = None
        self.cursor: str | None = None
        self.exhausted = False
        self.pages = 0

    def take(self, client: ContentHub | AsyncContentHub, response: httpx.Response) -> None:
        data = client._json(response)
        try:
            results, next_url, cursor = data["results"], data.get("next"), data["cursor"]
            if not isinstance(results, list) or not isinstance(cursor, str):
                raise TypeError("'results' moet een lijst en 'cursor' een tekst zijn")
            if next_url is not None and not isinstance(next_url, str):
                raise TypeError(f"'next' is geen tekst maar {type(next_url).__name__}")
            wijzigingen = [Wijziging.model_validate(r) for r in results]
        except (ValidationError, KeyError, TypeError) as exc:
            raise client._invalid(response, data, exc) from exc
        self.started = True
        self.pages += 1
        self.results = iter(wijzigingen)
        self.next_url = next_url
        self.last_cursor = cursor

    def next_item(self) -> Wijziging | None:
        return next(self.results, None)

    def finish(self) -> None:
        self.exhausted = True
        self.cursor = self.last_cursor


class SyncStream(Iterator[Wijziging]):
    """Iterator over the changes of a (first or delta) sync, following ``next`` one page at a time.

    Nothing is fetched before the first ``next()``; only the current page is kept. Once the stream is
    exhausted, :attr:`cursor` holds the cursor to persist for the next delta sync. A cursor older than the
    hub's change log raises :class:`~contenthub_sdk.CursorExpiredError`: start again with ``cursor=None``.
    """

    def __init__(self, client: ContentHub, *, cursor: str | None, soort: Soort | None, limit: int | None) -> None:
        self._client = client
        self._state = _SyncState(cursor, soort, limit)

    @property
    def cursor(self) -> str | None:
        """The cursor to persist: set once the stream is exhausted, ``None`` before."""
        return self._state.cursor

    @property
    def exhausted(self) -> bool:
        return self._state.exhausted

    @property
    def pages(self) -> int:
        """Number of pages fetched so far."""
        return self._state.pages

    def __iter__(self) -> SyncStream:
        return self

    def __next__(self) -> Wijziging:
        state = self._state
        while True:
            item = state.next_item()
            if item is not None:
                return item
            if state.exhausted:
                raise StopIteration
            if state.started and state.next_url is None:
                state.finish()
                raise StopIteration
            self._fetch()

    def _fetch(self) -> None:
        state = self._state
        if not state.started:
            response = self._client._request(self._client._url(SYNC_PATH), params=state.params)
        else:
            assert state.next_url is not None  # noqa: S101 - checked by the caller
            response = self._client._request(self._client._follow(state.next_url, SYNC_PATH))
        state.take(self._client, response)

    def __repr__(self) -> str:
        return f"<SyncStream pages={self.pages} exhausted={self.exhausted}>"


class AsyncSyncStream(AsyncIterator[Wijziging]):
    """The async :class:`SyncStream`: ``async for wijziging in stroom``, then ``stroom.cursor``."""

    def __init__(self, client: AsyncContentHub, *, cursor: str | None, soort: Soort | None, limit: int | None) -> None:
        self._client = client
        self._state = _SyncState(cursor, soort, limit)

    @property
    def cursor(self) -> str | None:
        """The cursor to persist: set once the stream is exhausted, ``None`` before."""
        return self._state.cursor

    @property
    def exhausted(self) -> bool:
        return self._state.exhausted

    @property
    def pages(self) -> int:
        return self._state.pages

    def __aiter__(self) -> AsyncSyncStream:
        return self

    async def __anext__(self) -> Wijziging:
        state = self._state
        while True:
            item = state.next_item()
            if item is not None:
                return item
            if state.exhausted:
                raise StopAsyncIteration
            if state.started and state.next_url is None:
                state.finish()
                raise StopAsyncIteration
            await self._fetch()

    async def _fetch(self) -> None:
        state = self._state
        if not state.started:
            response = await self._client._request(self._client._url(SYNC_PATH), params=state.params)
        else:
            assert state.next_url is not None  # noqa: S101 - checked by the caller
            response = await self._client._request(self._client._follow(state.next_url, SYNC_PATH))
        state.take(self._client, response)

    def __repr__(self) -> str:
        return f"<AsyncSyncStream pages={self.pages} exhausted={self.exhausted}>"
