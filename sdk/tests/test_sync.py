"""Delta sync against the live hub: streaming the first sync page by page, persisting the cursor, and the
cursor errors (400 invalid, 410 expired)."""

from __future__ import annotations

import httpx
import pytest
from conftest import Hub, verlopen_cursor
from contenthub_sdk import (
    APIStatusError,
    BadRequestError,
    ContentHub,
    CursorExpiredError,
    Kennisartikel,
    SyncStream,
    Vac,
    Wijziging,
)


def alles_via_lijsten(client: ContentHub, hub: Hub) -> set[tuple[str, str, str]]:
    items: set[tuple[str, str, str]] = set()
    for gemeente in (hub.gemeente, hub.andere_gemeente):
        items |= {("kennisartikel", gemeente, str(a.uuid)) for a in client.kennisartikelen.list(gemeente)}
        items |= {("vac", gemeente, str(v.uuid)) for v in client.vacs.list(gemeente)}
    return items


def test_first_sync_streams_page_by_page_then_delta_is_empty(hub: Hub, client: ContentHub) -> None:
    verzoeken: list[httpx.Request] = []
    http = httpx.Client(event_hooks={"request": [verzoeken.append]})
    with ContentHub(api_key=hub.website_key, base_url=hub.base_url, http_client=http) as c:
        stroom = c.sync(limit=2)
        assert isinstance(stroom, SyncStream)
        assert verzoeken == []  # nothing before the first item is asked for
        eerste = next(stroom)
        assert len(verzoeken) == 1 and stroom.pages == 1
        assert stroom.cursor is None and not stroom.exhausted
        wijzigingen = [eerste, *stroom]
        assert stroom.exhausted
        assert stroom.pages == len(verzoeken) > 3  # followed 'next' one page at a time
        cursor = stroom.cursor
        assert isinstance(cursor, str) and cursor
        assert list(stroom) == []  # an exhausted stream stays exhausted, without new requests
        assert stroom.pages == len(verzoeken)

        for w in wijzigingen:
            assert isinstance(w, Wijziging)
            assert not w.verwijderd
            assert w.item is not None and w.item.uuid == w.uuid and w.item.gemeente == w.gemeente
            if w.soort == "kennisartikel":
                assert isinstance(w.item, Kennisartikel) and w.kennisartikel is w.item and w.vac is None
            else:
                assert isinstance(w.item, Vac) and w.vac is w.item and w.kennisartikel is None
        gezien = [(w.soort, w.gemeente, str(w.uuid)) for w in wijzigingen]
        assert len(gezien) == len(set(gezien))
        assert set(gezien) == alles_via_lijsten(client, hub)

        # Nothing changed since: the delta is empty, and gives a cursor to persist again.
        delta = c.sync(cursor=cursor)
        assert list(delta) == []
        assert delta.pages == 1
        assert isinstance(delta.cursor, str) and delta.cursor
        opnieuw = c.sync(delta.cursor, limit=5)
        assert list(opnieuw) == [] and opnieuw.cursor
        with pytest.raises(BadRequestError, match="ander filter"):  # a cursor belongs to the soort it was made with
            list(c.sync(delta.cursor, soort="vac"))
    http.close()


def test_first_sync_page_size_does_not_change_the_result(client: ContentHub) -> None:
    klein = [(w.soort, w.gemeente, w.uuid) for w in client.sync(limit=1)]
    groot = [(w.soort, w.gemeente, w.uuid) for w in client.sync(limit=1000)]
    assert klein == groot


def test_sync_soort_filter(client: ContentHub) -> None:
    vacs = list(client.sync(soort="vac", limit=2))
    assert vacs and {w.soort for w in vacs} == {"vac"}
    artikelen = list(client.sync(soort="kennisartikel"))
    assert artikelen and {w.soort for w in artikelen} == {"kennisartikel"}


def test_invalid_cursor_is_bad_request(client: ContentHub) -> None:
    with pytest.raises(BadRequestError) as info:
        list(client.sync(cursor="dit-is-geen-cursor!"))
    assert info.value.title == "Ongeldige cursor"
    with pytest.raises(BadRequestError, match="limit"):
        list(client.sync(limit=0))


def test_expired_cursor_raises_cursor_expired_and_a_restart_works(client: ContentHub) -> None:
    stroom = client.sync(cursor=verlopen_cursor())
    with pytest.raises(CursorExpiredError) as info:
        next(stroom)
    fout = info.value
    assert isinstance(fout, APIStatusError)
    assert fout.status_code == 410
    assert fout.title == "Cursor verlopen"
    assert "Cursor verlopen" in str(fout) and "zonder cursor" in str(fout)
    assert stroom.cursor is None

    # What a caller does: start again with a full sync.
    opnieuw = client.sync()
    assert len(list(opnieuw)) > 0 and opnieuw.cursor
