"""Error answers of the live hub become the documented exceptions, with the problem's Dutch title and detail."""

from __future__ import annotations

import uuid

import pytest
from conftest import Hub
from contenthub_sdk import (
    APIError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ContentHub,
    ContentHubError,
    NotFoundError,
    Problem,
)


def test_wrong_key_is_authentication_error(hub: Hub) -> None:
    with ContentHub(api_key="ch_00000000_ongeldig", base_url=hub.base_url) as c, pytest.raises(AuthenticationError) as info:
        c.gemeenten.list()
    fout = info.value
    assert isinstance(fout, APIStatusError) and isinstance(fout, APIError) and isinstance(fout, ContentHubError)
    assert fout.status_code == 401
    assert fout.title == "Niet aangemeld"
    assert "Niet aangemeld" in str(fout) and "Bearer" in str(fout)
    assert isinstance(fout.problem, Problem) and fout.problem.instance == "/api/v1/gemeenten"
    assert isinstance(fout.request_id, str) and len(fout.request_id) >= 16  # the hub's X-Request-ID
    assert fout.response.headers["www-authenticate"].startswith("Bearer")


def test_unknown_gemeente_is_not_found(client: ContentHub) -> None:
    with pytest.raises(NotFoundError) as info:
        client.kennisartikelen.list("bestaat-niet")
    assert info.value.status_code == 404
    assert info.value.title == "Gemeente niet gevonden"
    assert "bestaat-niet" in str(info.value)
    with pytest.raises(NotFoundError, match="Gemeente niet gevonden"):
        client.vacs.list("bestaat-niet")


def test_unknown_items_are_not_found(client: ContentHub, hub: Hub) -> None:
    with pytest.raises(NotFoundError, match="Kennisartikel niet gevonden"):
        client.kennisartikelen.get(hub.gemeente, uuid.uuid4())
    with pytest.raises(NotFoundError, match="VAC niet gevonden"):
        client.vacs.get(hub.gemeente, uuid.uuid4())


def test_invalid_input_is_bad_request_with_fields(client: ContentHub, hub: Hub) -> None:
    with pytest.raises(BadRequestError) as info:
        client.kennisartikelen.list(hub.gemeente, limit=0)
    fout = info.value
    assert fout.title == "Ongeldige invoer"
    assert [f.veld for f in fout.fouten] == ["limit"]
    assert "limit" in str(fout)
    with pytest.raises(BadRequestError) as info:
        client.kennisartikelen.get(hub.gemeente, "geen-uuid")
    assert [f.veld for f in info.value.fouten] == ["uuid"]
    with pytest.raises(BadRequestError, match="gewijzigd_sinds"):
        client.kennisartikelen.list(hub.gemeente, gewijzigd_sinds="gisteren")


def test_empty_path_segments_are_refused_locally(client: ContentHub) -> None:
    with pytest.raises(ValueError, match="gemeente"):
        client.kennisartikelen.list("")
    with pytest.raises(ValueError, match="uuid"):
        client.vacs.get("voorbeeldstad", " ")
