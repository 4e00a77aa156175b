"""The API's resources: ``hub.gemeenten``, ``hub.levensgebeurtenissen``, ``hub.kennisartikelen``, ``hub.vacs``,
``hub.sjablonen``, ``hub.kennisbank``, ``hub.chatbot`` (sync) and their async twins."""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar, overload
from uuid import UUID

import httpx
from pydantic import BaseModel, ValidationError

from contenthub_sdk._base import Params, path_segment
from contenthub_sdk._pagination import AsyncPage, AsyncPaginator, Page
from contenthub_sdk.models import (
    ChatbotAntwoord,
    Doelgroep,
    Gemeente,
    Kennisartikel,
    KennisbankUitslag,
    Laag,
    Levensgebeurtenis,
    Sjabloon,
    Soort,
    Vac,
    _MetEtag,
)

if TYPE_CHECKING:
    from contenthub_sdk._client import AsyncContentHub, ContentHub

M = TypeVar("M", bound=BaseModel)


# --- helpers shared by sync and async ----------------------------------------------------------------------


def _list_of(client: ContentHub | AsyncContentHub, response: httpx.Response, model: type[M]) -> builtins.list[M]:
    data = client._json(response)
    try:
        if not isinstance(data, builtins.list):
            raise TypeError(f"verwacht een lijst, kreeg {type(data).__name__}")
        return [model.model_validate(item) for item in data]
    except (ValidationError, TypeError) as exc:
        raise client._invalid(response, data, exc) from exc


def _one(client: ContentHub | AsyncContentHub, response: httpx.Response, model: type[M]) -> M:
    data = client._json(response)
    try:
        item = model.model_validate(data)
    except ValidationError as exc:
        raise client._invalid(response, data, exc) from exc
    etag = response.headers.get("etag")
    if etag and isinstance(item, _MetEtag):
        item._etag = etag
    return item


def _if_none_match(etag: str | None) -> dict[str, str] | None:
    return {"If-None-Match": etag} if etag else None


def _fields(fields: Sequence[str] | str | None) -> str | None:
    if fields is None:
        return None
    return fields if isinstance(fields, str) else ",".join(fields)


def _since(value: dt.datetime | dt.date | str | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


def _artikel_params(
    doelgroep: Doelgroep | None,
    levensgebeurtenis: str | None,
    upl: str | None,
    laag: Laag | None,
    gewijzigd_sinds: dt.datetime | dt.date | str | None,
    fields: Sequence[str] | str | None,
    limit: int | None,
) -> Params:
    return {
        "doelgroep": doelgroep,
        "levensgebeurtenis": levensgebeurtenis,
        "upl": upl,
        "laag": laag,
        "gewijzigd_sinds": _since(gewijzigd_sinds),
        "fields": _fields(fields),
        "limit": limit,
    }


def _gemeente_pad(gemeente: str, soort: str) -> str:
    return f"/gemeenten/{path_segment(gemeente, 'gemeente')}/{soort}"


def _item_pad(gemeente: str, soort: str, uuid: str | UUID) -> str:
    return f"{_gemeente_pad(gemeente, soort)}/{path_segment(uuid, 'uuid')}"


def _zoek_params(
    gemeente: str,
    q: str,
    soort: Soort | None,
    levensgebeurtenis: str | None,
    doelgroep: Doelgroep | None,
    afdeling: str | None,
    limit: int | None,
) -> Params:
    return {
        "q": q,
        "gemeente": gemeente,
        "soort": soort,
        "levensgebeurtenis": levensgebeurtenis,
        "doelgroep": doelgroep,
        "afdeling": afdeling,
        "limit": limit,
    }


def _titels(client: ContentHub | AsyncContentHub, response: httpx.Response) -> builtins.list[str]:
    data = client._json(response)
    if not isinstance(data, builtins.list) or not all(isinstance(t, str) for t in data):
        raise client._invalid(response, data, TypeError("verwacht een lijst titels"))
    return data


def _chatbot_body(gemeente: str, vraag: str, getoond: Sequence[str | UUID]) -> dict[str, object]:
    return {"gemeente": gemeente, "vraag": vraag, "getoond": [str(u) for u in getoond]}


# --- sync --------------------------------------------------------------------------------------------------


class _Resource:
    def __init__(self, client: ContentHub) -> None:
        self._client = client


class Gemeenten(_Resource):
    def list(self) -> builtins.list[Gemeente]:
        """The gemeenten this key may read, with contact details."""
        return _list_of(self._client, self._client._get("/gemeenten"), Gemeente)


class Levensgebeurtenissen(_Resource):
    def list(self) -> builtins.list[Levensgebeurtenis]:
        """Life events (filter values for ``kennisartikelen.list(levensgebeurtenis=...)``)."""
        return _list_of(self._client, self._client._get("/levensgebeurtenissen"), Levensgebeurtenis)


class Kennisartikelen(_Resource):
    def list(
        self,
        gemeente: str,
        *,
        doelgroep: Doelgroep | None = None,
        levensgebeurtenis: str | None = None,
        upl: str | None = None,
        laag: Laag | None = None,
        gewijzigd_sinds: dt.datetime | dt.date | str | None = None,
        fields: Sequence[str] | str | None = None,
        limit: int | None = None,
    ) -> Page[Kennisartikel]:
        """Kennisartikelen as ``gemeente`` shows them. Iterate the result for all items across all pages.

        ``upl`` is the product's UPL URI (``upnUri``); ``fields`` limits the record to these (camelCase) fields;
        ``limit`` is the page size (1–1000, default 100 on the hub).
        """
        path = _gemeente_pad(gemeente, "kennisartikelen")
        params = _artikel_params(doelgroep, levensgebeurtenis, upl, laag, gewijzigd_sinds, fields, limit)
        return Page(client=self._client, model=Kennisartikel, path=path, response=self._client._get(path, params))

    @overload
    def get(
        self, gemeente: str, uuid: str | UUID, *, fields: Sequence[str] | str | None = None, etag: None = None
    ) -> Kennisartikel: ...
    @overload
    def get(
        self, gemeente: str, uuid: str | UUID, *, fields: Sequence[str] | str | None = None, etag: str
    ) -> Kennisartikel | None: ...
    def get(
        self, gemeente: str, uuid: str | UUID, *, fields: Sequence[str] | str | None = None, etag: str | None = None
    ) -> Kennisartikel | None:
        """One kennisartikel as ``gemeente`` shows it. With ``etag`` (from ``artikel.etag``): ``None`` if unchanged."""
        response = self._client._get(
            _item_pad(gemeente, "kennisartikelen", uuid), {"fields": _fields(fields)}, _if_none_match(etag)
        )
        if response.status_code == 304:
            return None
        return _one(self._client, response, Kennisartikel)


class Vacs(_Resource):
    def list(self, gemeente: str, *, limit: int | None = None) -> Page[Vac]:
        """The active VACs of ``gemeente``: its own plus the generic ones it does not replace."""
        path = _gemeente_pad(gemeente, "vacs")
        return Page(client=self._client, model=Vac, path=path, response=self._client._get(path, {"limit": limit}))

    @overload
    def get(self, gemeente: str, uuid: str | UUID, *, etag: None = None) -> Vac: ...
    @overload
    def get(self, gemeente: str, uuid: str | UUID, *, etag: str) -> Vac | None: ...
    def get(self, gemeente: str, uuid: str | UUID, *, etag: str | None = None) -> Vac | None:
        """One (active) VAC as ``gemeente`` shows it. With ``etag``: ``None`` if unchanged."""
        response = self._client._get(_item_pad(gemeente, "vacs", uuid), None, _if_none_match(etag))
        if response.status_code == 304:
            return None
        return _one(self._client, response, Vac)


class Sjablonen(_Resource):
    def list(self) -> builtins.list[Sjabloon]:
        """Personal templates for this key's channel; needs the ``persoonlijk`` scope (else PermissionDeniedError)."""
        return _list_of(self._client, self._client._get("/sjablonen"), Sjabloon)


class Kennisbank(_Resource):
    """The KCC kennisbank search (keys of the ``kennisbank`` channel; intern fields only with scope *intern*)."""

    def zoek(
        self,
        gemeente: str,
        q: str,
        *,
        soort: Soort | None = None,
        levensgebeurtenis: str | None = None,
        doelgroep: Doelgroep | None = None,
        afdeling: str | None = None,
        limit: int | None = None,
    ) -> KennisbankUitslag:
        """Ranked results for the words an agent typed (the citizen's own words work too), for ``gemeente``."""
        params = _zoek_params(gemeente, q, soort, levensgebeurtenis, doelgroep, afdeling, limit)
        return _one(self._client, self._client._get("/kennisbank/zoeken", params), KennisbankUitslag)

    def suggesties(self, gemeente: str, q: str) -> builtins.list[str]:
        """Titles that start like ``q``, while the agent types."""
        response = self._client._get("/kennisbank/suggesties", {"q": q, "gemeente": gemeente})
        return _titels(self._client, response)


class Chatbot(_Resource):
    """The chatbot's answer endpoint (keys of the ``chatbot`` channel)."""

    def antwoord(self, gemeente: str, vraag: str, *, getoond: Sequence[str | UUID] = ()) -> ChatbotAntwoord:
        """The best answer to the citizen's ``vraag``; answers in ``getoond`` (shown already) do not come back.
        Below the hub's threshold ``overdracht`` is set: hand the conversation to an agent."""
        response = self._client._post("/chatbot/antwoord", _chatbot_body(gemeente, vraag, getoond))
        return _one(self._client, response, ChatbotAntwoord)


# --- async -------------------------------------------------------------------------------------------------


class _AsyncResource:
    def __init__(self, client: AsyncContentHub) -> None:
        self._client = client


class AsyncGemeenten(_AsyncResource):
    async def list(self) -> builtins.list[Gemeente]:
        return _list_of(self._client, await self._client._get("/gemeenten"), Gemeente)


class AsyncLevensgebeurtenissen(_AsyncResource):
    async def list(self) -> builtins.list[Levensgebeurtenis]:
        return _list_of(self._client, await self._client._get("/levensgebeurtenissen"), Levensgebeurtenis)


class AsyncKennisartikelen(_AsyncResource):
    def list(
        self,
        gemeente: str,
        *,
        doelgroep: Doelgroep | None = None,
        levensgebeurtenis: str | None = None,
        upl: str | None = None,
        laag: Laag | None = None,
        gewijzigd_sinds: dt.datetime | dt.date | str | None = None,
        fields: Sequence[str] | str | None = None,
        limit: int | None = None,
    ) -> AsyncPaginator[Kennisartikel]:
        """``await`` it for the first page, or ``async for`` over all items across pages."""
        path = _gemeente_pad(gemeente, "kennisartikelen")
        params = _artikel_params(doelgroep, levensgebeurtenis, upl, laag, gewijzigd_sinds, fields, limit)

        async def eerste() -> AsyncPage[Kennisartikel]:
            response = await self._client._get(path, params)
            return AsyncPage(client=self._client, model=Kennisartikel, path=path, response=response)

        return AsyncPaginator(eerste)

    @overload
    async def get(
        self, gemeente: str, uuid: str | UUID, *, fields: Sequence[str] | str | None = None, etag: None = None
    ) -> Kennisartikel: ...
    @overload
    async def get(
        self, gemeente: str, uuid: str | UUID, *, fields: Sequence[str] | str | None = None, etag: str
    ) -> Kennisartikel | None: ...
    async def get(
        self, gemeente: str, uuid: str | UUID, *, fields: Sequence[str] | str | None = None, etag: str | None = None
    ) -> Kennisartikel | None:
        path = _item_pad(gemeente, "kennisartikelen", uuid)
        response = await self._client._get(path, {"fields": _fields(fields)}, _if_none_match(etag))
        if response.status_code == 304:
            return None
        return _one(self._client, response, Kennisartikel)


class AsyncVacs(_AsyncResource):
    def list(self, gemeente: str, *, limit: int | None = None) -> AsyncPaginator[Vac]:
        path = _gemeente_pad(gemeente, "vacs")

        async def eerste() -> AsyncPage[Vac]:
            response = await self._client._get(path, {"limit": limit})
            return AsyncPage(client=self._client, model=Vac, path=path, response=response)

        return AsyncPaginator(eerste)

    @overload
    async def get(self, gemeente: str, uuid: str | UUID, *, etag: None = None) -> Vac: ...
    @overload
    async def get(self, gemeente: str, uuid: str | UUID, *, etag: str) -> Vac | None: ...
    async def get(self, gemeente: str, uuid: str | UUID, *, etag: str | None = None) -> Vac | None:
        response = await self._client._get(_item_pad(gemeente, "vacs", uuid), None, _if_none_match(etag))
        if response.status_code == 304:
            return None
        return _one(self._client, response, Vac)


class AsyncSjablonen(_AsyncResource):
    async def list(self) -> builtins.list[Sjabloon]:
        return _list_of(self._client, await self._client._get("/sjablonen"), Sjabloon)


class AsyncKennisbank(_AsyncResource):
    async def zoek(
        self,
        gemeente: str,
        q: str,
        *,
        soort: Soort | None = None,
        levensgebeurtenis: str | None = None,
        doelgroep: Doelgroep | None = None,
        afdeling: str | None = None,
        limit: int | None = None,
    ) -> KennisbankUitslag:
        params = _zoek_params(gemeente, q, soort, levensgebeurtenis, doelgroep, afdeling, limit)
        return _one(self._client, await self._client._get("/kennisbank/zoeken", params), KennisbankUitslag)

    async def suggesties(self, gemeente: str, q: str) -> builtins.list[str]:
        response = await self._client._get("/kennisbank/suggesties", {"q": q, "gemeente": gemeente})
        return _titels(self._client, response)


class AsyncChatbot(_AsyncResource):
    async def antwoord(self, gemeente: str, vraag: str, *, getoond: Sequence[str | UUID] = ()) -> ChatbotAntwoord:
        response = await self._client._post("/chatbot/antwoord", _chatbot_body(gemeente, vraag, getoond))
        return _one(self._client, response, ChatbotAntwoord)
