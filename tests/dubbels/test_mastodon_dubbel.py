"""The Mastodon double driven by the real Mastodon.py client: the contract our publisher relies on."""

import datetime as dt
import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from mastodon import (
    Mastodon,
    MastodonAPIError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonRatelimitError,
    MastodonServerError,
    MastodonServiceUnavailableError,
    MastodonUnauthorizedError,
)

from tests.dubbels import mastodon as dubbel


@pytest.fixture
def server():
    srv, _ = dubbel.start(tokens=["t1", "t2"])
    yield srv
    srv.shutdown()
    srv.server_close()


def client(srv, token):
    return Mastodon(
        access_token=token,
        api_base_url=f"http://127.0.0.1:{srv.server_address[1]}",
        version_check_mode="none",
        ratelimit_method="throw",
        request_timeout=5,
    )


def controle(srv, pad, data=None):
    url = f"http://127.0.0.1:{srv.server_address[1]}/_dubbel/{pad}"
    verzoek = urllib.request.Request(url, data=None if data is None else json.dumps(data).encode(), method="GET")
    if data is not None:
        verzoek.method = "POST"
        verzoek.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(verzoek, timeout=5) as antwoord:  # noqa: S310 - a local http URL
        return json.loads(antwoord.read())


def test_instance_en_account(server):
    m = client(server, "t1")
    instance = m.instance_v2()
    assert instance.version == "4.3.0"
    assert instance.configuration.statuses.max_characters == 500
    assert instance.configuration.statuses.characters_reserved_per_url == 23
    assert m.instance_v1().configuration.statuses.max_characters == 500
    mij = m.account_verify_credentials()
    assert (mij.username, mij.source.language) == ("gemeente1", "nl")
    assert client(server, "t2").me().id != mij.id


def test_status_post_met_opmaak(server):
    st = client(server, "t1").status_post("Afval\nophalen\n\nZie https://dijkstad.nl/afval & meer", visibility="unlisted")
    assert st.visibility == "unlisted" and st.language == "nl" and st.edited_at is None
    assert st.content == (
        '<p>Afval<br />ophalen</p><p>Zie <a href="https://dijkstad.nl/afval" rel="nofollow noopener" '
        'target="_blank">https://dijkstad.nl/afval</a> &amp; meer</p>'
    )
    assert isinstance(st.created_at, dt.datetime) and st.account.username == "gemeente1"


def test_idempotency_key_geeft_dezelfde_status(server):
    m = client(server, "t1")
    eerste = m.status_post("Hallo", idempotency_key="k1")
    assert m.status_post("Hallo", idempotency_key="k1").id == eerste.id
    assert [s["id"] for s in controle(server, "statussen")] == [str(eerste.id)]
    assert client(server, "t2").status_post("Hallo", idempotency_key="k1").id != eerste.id  # per account
    controle(server, "vergeet_idempotentie", {})
    assert m.status_post("Hallo", idempotency_key="k1").id != eerste.id
    assert len(controle(server, "statussen")) == 3


def test_lengte_telt_urls_als_23(server):
    m = client(server, "t1")
    with pytest.raises(MastodonAPIError) as fout:
        m.status_post("x" * 501)
    assert fout.value.args[1] == 422 and "character limit of 500" in fout.value.args[3]
    with pytest.raises(MastodonAPIError):
        m.status_post("   ")
    past = "x" * 476 + " https://dijkstad.nl/" + "a" * 200
    assert m.status_post(past).text == past
    with pytest.raises(MastodonAPIError):
        m.status_post("x" + past)


def test_bewerken_en_verwijderen(server):
    m = client(server, "t1")
    st = m.status_post("Eerste versie")
    nieuw = m.status_update(st.id, "Tweede versie")
    assert nieuw.id == st.id and "Tweede versie" in nieuw.content and nieuw.edited_at is not None
    with pytest.raises(MastodonNotFoundError):
        client(server, "t2").status_update(st.id, "Niet van mij")
    assert m.status_delete(st.id).text == "Tweede versie"
    with pytest.raises(MastodonNotFoundError):
        m.status(st.id)
    with pytest.raises(MastodonNotFoundError):
        m.status_delete(st.id)
    [rij] = controle(server, "statussen")
    assert rij["deleted"] and rij["edits"] == ["Tweede versie"] and rij["text"] == "Tweede versie"


def test_account_statuses_met_datum_en_paginering(server):
    m = client(server, "t1")
    voor = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=2)
    ids = [m.status_post(f"Bericht {i}").id for i in range(3)]
    assert ids == sorted(ids)
    mij = m.me()
    assert [s.id for s in m.account_statuses(mij.id, min_id=voor)] == ids[::-1]
    assert m.account_statuses(mij.id, min_id=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)) == []
    pagina = m.account_statuses(mij.id, limit=2)
    assert [s.id for s in pagina] == ids[:0:-1]
    assert [s.id for s in m.fetch_next(pagina)] == [ids[0]]
    assert [s.id for s in m.account_statuses(mij.id, min_id=ids[0], limit=1)] == [ids[1]]
    assert [s.id for s in m.account_statuses(mij.id, since_id=ids[0], limit=1)] == [ids[2]]


def test_storing_503_heeft_geen_effect(server):
    m = client(server, "t1")
    controle(server, "storing", {"status": 503, "aantal": 1})
    with pytest.raises(MastodonServiceUnavailableError):
        m.status_post("Tijdens storing")
    assert controle(server, "statussen") == []
    controle(server, "storing", {"status": 502, "aantal": 1})
    with pytest.raises(MastodonServerError):
        m.status_post("Tijdens storing")
    m.status_post("Na storing")
    assert len(controle(server, "statussen")) == 1


def test_verloren_antwoord_en_herhaling_met_dezelfde_sleutel(server):
    m = client(server, "t1")
    controle(server, "storing", {"verlies_antwoord": 1})
    with pytest.raises(MastodonNetworkError):
        m.status_post("Verloren", idempotency_key="k9")
    [rij] = controle(server, "statussen")
    assert rij["idempotency_key"] == "k9"
    assert str(m.status_post("Verloren", idempotency_key="k9").id) == rij["id"]
    assert len(controle(server, "statussen")) == 1


def test_ratelimit():
    srv, _ = dubbel.start(limiet=3)
    try:
        m = client(srv, "willekeurig")
        for _ in range(3):
            m.me()
        assert m.ratelimit_remaining == 0 and m.ratelimit_limit == 3
        with pytest.raises(MastodonRatelimitError):
            m.me()
        controle(srv, "storing", {"limiet": 0, "limiet_reset_seconden": 1})
        with pytest.raises(MastodonRatelimitError):
            m.status_post("Te veel")
        time.sleep(1.1)
        assert m.status_post("Weer ruimte").text == "Weer ruimte"
        assert m.ratelimit_remaining == 2
    finally:
        srv.shutdown()
        srv.server_close()


def test_ongeldig_token(server):
    m = client(server, "fout")
    with pytest.raises(MastodonUnauthorizedError):
        m.account_verify_credentials()
    with pytest.raises(MastodonUnauthorizedError):
        m.status_post("Mag niet")
    assert m.instance_v2().version == "4.3.0"  # the instance needs no token


def test_json_body_en_reset(server):
    verzoek = urllib.request.Request(
        f"http://127.0.0.1:{server.server_address[1]}/api/v1/statuses",
        data=json.dumps({"status": "Via JSON", "language": "en", "spoiler_text": "Let op"}).encode(),
        headers={"Authorization": "Bearer t2", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(verzoek, timeout=5) as antwoord:  # noqa: S310 - a local http URL
        st = json.loads(antwoord.read())
        assert antwoord.headers["X-RateLimit-Remaining"] == "299"
    assert (st["language"], st["sensitive"], st["account"]["username"]) == ("en", True, "gemeente2")
    controle(server, "reset", {})
    assert controle(server, "statussen") == []


def test_als_eigen_proces():
    script = Path(__file__).with_name("mastodon.py")
    opdracht = [sys.executable, str(script), "--poort", "0", "--max-tekens", "1000"]
    proces = subprocess.Popen(opdracht, stdout=subprocess.PIPE, text=True)
    try:
        regel = proces.stdout.readline().strip()
        assert regel.startswith("klaar op http://127.0.0.1:")
        m = Mastodon(api_base_url=regel.removeprefix("klaar op "), version_check_mode="none")
        assert m.instance_v2().configuration.statuses.max_characters == 1000
    finally:
        proces.terminate()
        proces.wait(timeout=5)
