"""The async client against the live hub: the main paths of the sync tests with ``await`` / ``async for``."""

from __future__ import annotations

import uuid

import httpx
import pytest
from conftest import Hub, verlopen_cursor
from contenthub_sdk import (
    AsyncContentHub,
    AsyncPage,
    AsyncSyncStream,
    AuthenticationError,
    BadRequestError,
    ContentHub,
    CursorExpiredError,
    Gemeente,
    Kennisartikel,
    NotFoundError,
    PermissionDeniedError,
    Sjabloon,
    Vac,
)


async def test_gemeenten_and_levensgebeurtenissen(async_client: AsyncContentHub, hub: Hub) -> None:
    gemeenten = await async_client.gemeenten.list()
    assert all(isinstance(g, Gemeente) for g in gemeenten)
    assert {g.slug for g in gemeenten} == {hub.gemeente, hub.andere_gemeente}
    assert "verhuizen" in [k.code for k in await async_client.levensgebeurtenissen.list()]


async def test_kennisartikelen_async_for_equals_one_big_page(async_client: AsyncContentHub, hub: Hub) -> None:
    groot = await async_client.kennisartikelen.list(hub.gemeente, limit=1000)
    assert isinstance(groot, AsyncPage) and not groot.has_next_page()
    artikelen = [a async for a in async_client.kennisartikelen.list(hub.gemeente, limit=2)]
    assert all(isinstance(a, Kennisartikel) for a in artikelen)
    assert [a.model_dump() for a in artikelen] == [a.model_dump() for a in groot.items]

    pagina = await async_client.kennisartikelen.list(hub.gemeente, limit=2)
    assert len(pagina.items) == 2 and pagina.has_next_page()
    tweede = await pagina.get_next_page()
    assert [a.uuid for a in tweede.items] == [a.uuid for a in groot.items[2:4]]
    assert [a.uuid async for a in pagina] == [a.uuid for a in groot.items]
    assert len([p async for p in pagina.iter_pages()]) >= 2


async def test_get_with_etag(async_client: AsyncContentHub, hub: Hub) -> None:
    eerste = (await async_client.kennisartikelen.list(hub.gemeente)).items[0]
    artikel = await async_client.kennisartikelen.get(hub.gemeente, eerste.uuid)
    assert artikel.model_dump() == eerste.model_dump() and artikel.etag
    assert await async_client.kennisartikelen.get(hub.gemeente, eerste.uuid, etag=artikel.etag) is None


async def test_vacs(async_client: AsyncContentHub, hub: Hub) -> None:
    vacs = [v async for v in async_client.vacs.list(hub.andere_gemeente, limit=1)]
    assert len(vacs) >= 2 and all(isinstance(v, Vac) for v in vacs)
    vac = await async_client.vacs.get(hub.andere_gemeente, vacs[0].uuid)
    assert vac.record.vraag == vacs[0].record.vraag
    with pytest.raises(NotFoundError, match="VAC niet gevonden"):
        await async_client.vacs.get(hub.andere_gemeente, uuid.uuid4())


async def test_sjablonen(async_client: AsyncContentHub, hub: Hub) -> None:
    with pytest.raises(PermissionDeniedError, match="Geen toegang"):
        await async_client.sjablonen.list()
    async with AsyncContentHub(api_key=hub.persoonlijk_key, base_url=hub.base_url) as c:
        sjablonen = await c.sjablonen.list()
    assert sjablonen and all(isinstance(s, Sjabloon) for s in sjablonen)


async def test_errors(hub: Hub, async_client: AsyncContentHub) -> None:
    async with AsyncContentHub(api_key="ch_00000000_ongeldig", base_url=hub.base_url) as c:
        with pytest.raises(AuthenticationError) as info:
            await c.gemeenten.list()
    assert info.value.title == "Niet aangemeld" and info.value.status_code == 401
    with pytest.raises(NotFoundError, match="Gemeente niet gevonden"):
        await async_client.kennisartikelen.list("bestaat-niet")
    with pytest.raises(NotFoundError):
        [a async for a in async_client.kennisartikelen.list("bestaat-niet")]


async def test_sync_stream(hub: Hub) -> None:
    verzoeken: list[httpx.Request] = []

    async def tel(request: httpx.Request) -> None:
        verzoeken.append(request)

    http = httpx.AsyncClient(event_hooks={"request": [tel]})
    async with AsyncContentHub(api_key=hub.website_key, base_url=hub.base_url, http_client=http) as c:
        stroom = c.sync(limit=2)
        assert isinstance(stroom, AsyncSyncStream)
        wijzigingen = [w async for w in stroom]
        assert stroom.exhausted and stroom.pages == len(verzoeken) > 3
        assert stroom.cursor
        with ContentHub(api_key=hub.website_key, base_url=hub.base_url) as sync_client:
            verwacht = [(w.soort, w.gemeente, w.uuid) for w in sync_client.sync(limit=1000)]
        assert [(w.soort, w.gemeente, w.uuid) for w in wijzigingen] == verwacht

        delta = c.sync(cursor=stroom.cursor)
        assert [w async for w in delta] == [] and delta.cursor

        with pytest.raises(CursorExpiredError, match="Cursor verlopen"):
            await c.sync(cursor=verlopen_cursor()).__anext__()
        with pytest.raises(BadRequestError, match="Ongeldige cursor"):
            [w async for w in c.sync(cursor="kapot!")]
    await http.aclose()
