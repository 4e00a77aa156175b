"""List and get for every resource against the live hub, with typed models and lazy pagination."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

import httpx
import pytest
from conftest import Hub
from contenthub_sdk import (
    ContentHub,
    ContentHubError,
    Gemeente,
    Kennisartikel,
    Levensgebeurtenis,
    NotFoundError,
    Page,
    PermissionDeniedError,
    Sjabloon,
    Vac,
    Vertaling,
)


def test_gemeenten(client: ContentHub, hub: Hub) -> None:
    gemeenten = client.gemeenten.list()
    assert all(isinstance(g, Gemeente) for g in gemeenten)
    assert [g.slug for g in gemeenten] == sorted([hub.gemeente, hub.andere_gemeente])
    voorbeeldstad = next(g for g in gemeenten if g.slug == hub.gemeente)
    assert voorbeeldstad.naam == "Gemeente Voorbeeldstad"
    assert voorbeeldstad.code.startswith("gm")
    assert voorbeeldstad.openingstijden.startswith("<p>")  # safe HTML, not Markdown


def test_intern_key_sees_only_its_gemeente(intern_client: ContentHub, hub: Hub) -> None:
    assert [g.slug for g in intern_client.gemeenten.list()] == [hub.gemeente]


def test_levensgebeurtenissen(client: ContentHub) -> None:
    keuzes = client.levensgebeurtenissen.list()
    assert all(isinstance(k, Levensgebeurtenis) for k in keuzes)
    assert {"code": "verhuizen", "label": "Verhuizen"} in [k.model_dump() for k in keuzes]


def test_kennisartikelen_typed(client: ContentHub, hub: Hub) -> None:
    pagina = client.kennisartikelen.list(hub.gemeente)
    assert isinstance(pagina, Page)
    assert not pagina.has_next_page() and pagina.next_url is None
    artikelen = pagina.items
    assert len(artikelen) >= 3
    for artikel in artikelen:
        assert isinstance(artikel, Kennisartikel)
        assert isinstance(artikel.uuid, UUID)
        assert artikel.gemeente == hub.gemeente
        assert artikel.laag in ("generiek", "gemeentelijk")
        assert artikel.fingerprint.startswith("v1:sha256:")
        assert set(artikel.herkomst.values()) <= {"generiek", "aangevuld", "vervangen", "gemeente"}
        record = artikel.record
        assert record.uuid == artikel.uuid
        assert record.url and record.url.startswith("http://testserver.example/")
        assert record.upn_uri and record.upn_uri.startswith("http")
        assert isinstance(record.publicatie_datum, dt.date)
        assert record.verantwoordelijke_organisatie is not None
        assert record.beschikbare_talen == ["nl"]
        nl = record.vertaling("nl")
        assert isinstance(nl, Vertaling)
        assert nl.titel and nl.tekst.startswith("<")
        assert nl.datum_wijziging.tzinfo is not None
        assert artikel.titel == nl.titel
        assert record.vertaling("en") is None
    assert any(a.lokaal for a in artikelen)
    # The published (camelCase) shape round-trips.
    dump = artikelen[0].record.model_dump(by_alias=True, mode="json", exclude_none=True)
    assert "upnUri" in dump and "vertalingen" in dump and "datumWijziging" in dump["vertalingen"][0]


def test_kennisartikel_get_and_etag(client: ContentHub, hub: Hub) -> None:
    eerste = client.kennisartikelen.list(hub.gemeente).items[0]
    artikel = client.kennisartikelen.get(hub.gemeente, eerste.uuid)
    assert artikel.model_dump() == eerste.model_dump()
    assert artikel.etag and artikel.etag.startswith('"')
    assert client.kennisartikelen.get(hub.gemeente, str(eerste.uuid), etag=artikel.etag) is None  # 304
    opnieuw = client.kennisartikelen.get(hub.gemeente, eerste.uuid, etag='"iets-anders"')
    assert opnieuw is not None and opnieuw.uuid == eerste.uuid


def test_kennisartikel_fields(client: ContentHub, hub: Hub) -> None:
    artikelen = list(client.kennisartikelen.list(hub.gemeente, fields=["upnUri", "vertalingen"]))
    for artikel in artikelen:
        assert artikel.record.upn_uri
        assert artikel.record.vertalingen
        assert artikel.record.url is None and artikel.record.publicatie_datum is None
    een = client.kennisartikelen.get(hub.gemeente, artikelen[0].uuid, fields="upnUri")
    assert een.record.upn_uri == artikelen[0].record.upn_uri and een.record.vertalingen == []


def test_kennisartikel_filters(client: ContentHub, hub: Hub) -> None:
    alle = client.kennisartikelen.list(hub.gemeente).items
    lokaal = [a for a in alle if a.lokaal]
    gemeentelijk = client.kennisartikelen.list(hub.gemeente, laag="gemeentelijk").items
    assert {a.uuid for a in gemeentelijk} == {a.uuid for a in alle if a.laag == "gemeentelijk"}
    upl = alle[0].record.upn_uri
    assert [a.uuid for a in client.kennisartikelen.list(hub.gemeente, upl=upl)] == [alle[0].uuid]
    verhuizen = client.kennisartikelen.list(hub.gemeente, levensgebeurtenis="verhuizen").items
    assert verhuizen and all("verhuizen" in a.record.levensgebeurtenissen for a in verhuizen)
    assert len(client.kennisartikelen.list(hub.gemeente, doelgroep="eu-burger").items) >= len(lokaal)
    toekomst = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    assert client.kennisartikelen.list(hub.gemeente, gewijzigd_sinds=toekomst).items == []
    assert len(client.kennisartikelen.list(hub.gemeente, gewijzigd_sinds=dt.date(2000, 1, 1)).items) == len(alle)


@pytest.mark.parametrize("limit", [1, 2])
def test_lazy_pagination_equals_one_big_page(client: ContentHub, hub: Hub, limit: int) -> None:
    groot = client.kennisartikelen.list(hub.gemeente, limit=1000)
    assert not groot.has_next_page()
    pagina = client.kennisartikelen.list(hub.gemeente, limit=limit)
    assert len(pagina.items) == limit and pagina.has_next_page()
    assert pagina.next_url is not None and "cursor=" in pagina.next_url
    assert [a.model_dump() for a in pagina] == [a.model_dump() for a in groot.items]
    paginas = list(pagina.iter_pages())
    assert len(paginas) >= len(groot.items) // limit
    assert [a.uuid for p in paginas for a in p.items] == [a.uuid for a in groot.items]


def test_manual_paging(client: ContentHub, hub: Hub) -> None:
    pagina = client.kennisartikelen.list(hub.gemeente, limit=2)
    gezien = list(pagina.items)
    while pagina.has_next_page():
        pagina = pagina.get_next_page()
        gezien += pagina.items
    assert [a.uuid for a in gezien] == [a.uuid for a in client.kennisartikelen.list(hub.gemeente).items]
    with pytest.raises(ContentHubError, match="laatste pagina"):
        pagina.get_next_page()


def test_pagination_is_lazy(hub: Hub) -> None:
    verzoeken: list[httpx.Request] = []
    http = httpx.Client(event_hooks={"request": [verzoeken.append]})
    with ContentHub(api_key=hub.website_key, base_url=hub.base_url, http_client=http) as c:
        pagina = c.kennisartikelen.list(hub.gemeente, limit=1)
        assert len(verzoeken) == 1
        iterator = iter(pagina)
        next(iterator)
        assert len(verzoeken) == 1  # the first page is used up before the second is fetched
        next(iterator)
        assert len(verzoeken) == 2
    http.close()


def test_next_link_on_another_host_is_not_followed(hub: Hub) -> None:
    # The hub builds 'next' from the Host it saw. Send another Host than the base URL (as a proxy would): the
    # SDK must keep requesting its own base URL and never hand the key to the host in 'next'.
    poort = httpx.URL(hub.base_url).port
    verzoeken: list[httpx.Request] = []
    http = httpx.Client(headers={"Host": f"127.0.0.1:{poort}"}, event_hooks={"request": [verzoeken.append]})
    with ContentHub(api_key=hub.website_key, base_url=f"http://localhost:{poort}", http_client=http) as c:
        pagina = c.kennisartikelen.list(hub.gemeente, limit=2)
        assert pagina.next_url is not None and pagina.next_url.startswith(f"http://127.0.0.1:{poort}/")
        assert len(list(pagina)) >= 3
    http.close()
    assert len(verzoeken) >= 2
    assert {r.url.host for r in verzoeken} == {"localhost"}


def test_vacs(client: ContentHub, hub: Hub) -> None:
    vacs = list(client.vacs.list(hub.gemeente))
    assert vacs and all(isinstance(v, Vac) for v in vacs)
    for vac in vacs:
        assert vac.gemeente == hub.gemeente
        assert vac.record.vraag and vac.record.antwoord
        assert vac.record.status == "actief"
        assert vac.record.doelgroep.startswith("eu-")
        assert vac.record.toelichting is None  # not an intern key
    assert any(v.record.kort_antwoord for v in vacs)
    assert any(v.record.alternatieve_vragen for v in vacs)
    assert [v.uuid for v in client.vacs.list(hub.gemeente, limit=1)] == [v.uuid for v in vacs]
    vac = client.vacs.get(hub.gemeente, vacs[0].uuid)
    assert vac.model_dump() == vacs[0].model_dump()
    assert vac.etag is not None
    assert client.vacs.get(hub.gemeente, vacs[0].uuid, etag=vac.etag) is None


def test_intern_key_sees_desk_memo_and_toelichting(client: ContentHub, intern_client: ContentHub, hub: Hub) -> None:
    intern = intern_client.kennisartikelen.list(hub.gemeente).items
    publiek = client.kennisartikelen.list(hub.gemeente).items
    assert any(v.desk_memo for a in intern for v in a.record.vertalingen)
    assert all(v.desk_memo is not None for a in intern for v in a.record.vertalingen)
    for artikel in publiek:
        for vertaling in artikel.record.vertalingen:
            assert vertaling.desk_memo is None
            assert "deskMemo" not in (vertaling.model_extra or {})
        assert "desk_memo" not in artikel.herkomst
    assert all(v.record.toelichting is not None for v in intern_client.vacs.list(hub.gemeente))


def test_sjablonen(hub: Hub, client: ContentHub) -> None:
    with ContentHub(api_key=hub.persoonlijk_key, base_url=hub.base_url) as c:
        sjablonen = c.sjablonen.list()
    assert sjablonen and all(isinstance(s, Sjabloon) for s in sjablonen)
    sjabloon = sjablonen[0]
    assert sjabloon.record.uuid == sjabloon.uuid
    assert "mijngemeente" in sjabloon.record.kanalen
    assert sjabloon.record.vereist_betrouwbaarheidsniveau == "substantieel"
    assert sjabloon.record.sjabloon and "{{" in sjabloon.record.sjabloon
    with pytest.raises(PermissionDeniedError) as info:
        client.sjablonen.list()
    assert info.value.status_code == 403
    assert info.value.title == "Geen toegang"
    assert "Geen toegang" in str(info.value) and "persoonlijk" in str(info.value)


def test_other_gemeente_is_not_found(intern_client: ContentHub, hub: Hub) -> None:
    with pytest.raises(NotFoundError, match="Gemeente niet gevonden"):
        intern_client.kennisartikelen.list(hub.andere_gemeente)
