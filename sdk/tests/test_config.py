"""Configuration: environment variable fallback, base URL forms, and which ``next`` links are followed as-is."""

from __future__ import annotations

import httpx
import pytest
from conftest import Hub
from contenthub_sdk import AsyncContentHub, ContentHub, ContentHubError
from contenthub_sdk._base import follow_url


@pytest.fixture(autouse=True)
def schone_omgeving(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CONTENTHUB_API_KEY", raising=False)
    monkeypatch.delenv("CONTENTHUB_BASE_URL", raising=False)


def test_env_var_fallback(hub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTENTHUB_API_KEY", hub.website_key)
    monkeypatch.setenv("CONTENTHUB_BASE_URL", hub.base_url)
    with ContentHub() as c:
        assert {g.slug for g in c.gemeenten.list()} == {hub.gemeente, hub.andere_gemeente}
    # Explicit arguments win over the environment.
    with ContentHub(api_key=hub.intern_key) as c:
        assert [g.slug for g in c.gemeenten.list()] == [hub.gemeente]


async def test_env_var_fallback_async(hub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTENTHUB_API_KEY", hub.website_key)
    monkeypatch.setenv("CONTENTHUB_BASE_URL", hub.base_url)
    async with AsyncContentHub() as c:
        assert len(await c.gemeenten.list()) == 2


def test_missing_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTENTHUB_BASE_URL", "http://hub.test")
    with pytest.raises(ContentHubError, match="CONTENTHUB_API_KEY"):
        ContentHub()
    with pytest.raises(ContentHubError, match="CONTENTHUB_API_KEY"):
        AsyncContentHub()


def test_missing_base_url() -> None:
    with pytest.raises(ContentHubError, match="CONTENTHUB_BASE_URL"):
        ContentHub(api_key="ch_0000000a_x")


def test_invalid_base_url() -> None:
    with pytest.raises(ContentHubError, match="Ongeldig adres"):
        ContentHub(api_key="ch_0000000a_x", base_url="hub.test")


def test_keyword_only() -> None:
    with pytest.raises(TypeError):
        ContentHub("ch_0000000a_x", "http://hub.test")  # type: ignore[call-arg]


@pytest.mark.parametrize("suffix", ["", "/", "/api/v1", "/api/v1/"])
def test_base_url_forms(hub: Hub, suffix: str) -> None:
    with ContentHub(api_key=hub.website_key, base_url=hub.base_url + suffix) as c:
        assert c.base_url == hub.base_url
        assert len(c.gemeenten.list()) == 2


def test_repr_hides_the_key() -> None:
    hub = ContentHub(api_key="ch_0000000a_geheim", base_url="http://hub.test")
    assert "geheim" not in repr(hub) and "http://hub.test" in repr(hub)
    hub.close()


def test_given_http_client_is_not_closed() -> None:
    http = httpx.Client()
    with ContentHub(api_key="ch_0000000a_x", base_url="http://hub.test", http_client=http):
        pass
    assert not http.is_closed
    http.close()
    with ContentHub(api_key="ch_0000000a_x", base_url="http://hub.test") as eigen:
        pass
    assert eigen._client.is_closed


def test_follow_url() -> None:
    base = "https://hub.example"
    pagina = "https://hub.example/api/v1/gemeenten/x/vacs"
    # Same origin: as the hub wrote it.
    assert follow_url(base, pagina, "https://hub.example/api/v1/gemeenten/x/vacs?cursor=abc&limit=2") == (
        "https://hub.example/api/v1/gemeenten/x/vacs?cursor=abc&limit=2"
    )
    # Another host or scheme (an internal address behind a proxy): only the query is taken over.
    for vreemd in (
        "http://10.0.0.5:8000/api/v1/gemeenten/x/vacs?cursor=abc",
        "http://hub.example/api/v1/gemeenten/x/vacs?cursor=abc",
    ):
        assert follow_url(base, pagina, vreemd) == "https://hub.example/api/v1/gemeenten/x/vacs?cursor=abc"
    # Behind a proxy that strips a path prefix, the hub's 'next' lacks it: keep ours.
    base, pagina = "https://gw.example/contenthub", "https://gw.example/contenthub/api/v1/sync"
    assert (
        follow_url(base, pagina, "https://gw.example/api/v1/sync?cursor=x")
        == "https://gw.example/contenthub/api/v1/sync?cursor=x"
    )
    assert follow_url(base, pagina, "https://gw.example/contenthub/api/v1/sync?cursor=y") == (
        "https://gw.example/contenthub/api/v1/sync?cursor=y"
    )
    base, pagina = "https://hub.example", "https://hub.example/api/v1/gemeenten/x/vacs"
    # A relative link is resolved against the page.
    assert follow_url(base, pagina, "?cursor=def") == "https://hub.example/api/v1/gemeenten/x/vacs?cursor=def"
