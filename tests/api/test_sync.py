"""Delta sync: a first sync of everything in pages, then only what changed, withdrawals and deletions included
whatever filter is asked, at a cost that follows the changes and not the catalogue."""

import base64
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.actions.unpublish import UnpublishAction

from contenthub.api.sleutels import maak_sleutel
from contenthub.api.v1 import _sync_cursor
from tests.factories import AanvullingFactory, GemeenteFactory, KennisartikelFactory, VraagAntwoordFactory, publiceer

pytestmark = pytest.mark.django_db


class Kanaal:
    """A channel's local copy, kept by delta sync only."""

    def __init__(self, client, geheim):
        self.client, self.geheim, self.kopie, self.cursor = client, geheim, {}, None

    def get(self, pad, **params):
        r = self.client.get(pad, params, HTTP_AUTHORIZATION=f"Bearer {self.geheim}")
        assert r.status_code == 200, r.content
        return r.json()

    def sync(self, **params) -> list[dict]:
        gezien, pagina = [], self.get("/api/v1/sync", **({"cursor": self.cursor} if self.cursor else {}), **params)
        while True:
            for w in pagina["results"]:
                gezien.append(w)
                sleutel = (w["soort"], w["uuid"])
                if w["verwijderd"]:
                    self.kopie.pop(sleutel, None)
                else:
                    self.kopie[sleutel] = w["item"]
            if not pagina["next"]:
                self.cursor = pagina["cursor"]
                return gezien
            pagina = self.client.get(pagina["next"], HTTP_AUTHORIZATION=f"Bearer {self.geheim}").json()


@pytest.fixture
def wereld(dijkstad, bosrijk, relay):
    artikelen = [publiceer(KennisartikelFactory(live=False, titel=f"Product {i}")) for i in range(5)]
    lokaal = publiceer(AanvullingFactory.build(gemeente=dijkstad, kennisartikel=None, titel="Dijkstadpas", upn_uri="https://x/p"))
    vacs = [publiceer(VraagAntwoordFactory(gemeente=dijkstad, vraag=f"Dijkstadvraag {i}?")) for i in range(3)]
    publiceer(VraagAntwoordFactory(gemeente=bosrijk, vraag="Bosrijkvraag?"))
    relay()
    return {"artikelen": artikelen, "lokaal": lokaal, "vacs": vacs}


def test_eerste_sync_in_paginas_en_daarna_alleen_wijzigingen(client, dijkstad, wereld, relay):
    _, geheim = maak_sleutel(naam="site", kanaal="website", gemeenten=[dijkstad])
    kanaal = Kanaal(client, geheim)
    kanaal.sync(limit=2)
    assert len(kanaal.kopie) == 5 + 1 + 3 and all(item["gemeente"] == "dijkstad" for item in kanaal.kopie.values())
    assert kanaal.sync() == [], "niets veranderd: niets te doen"

    artikel = wereld["artikelen"][0].get_latest_revision_as_object()
    artikel.titel = "Product 0, nieuwe naam"
    publiceer(artikel)
    UnpublishAction(wereld["vacs"][0]).execute(skip_permission_checks=True)
    lokaal = wereld["lokaal"].pk
    wereld["lokaal"].delete()
    nieuw = publiceer(VraagAntwoordFactory(gemeente=dijkstad, vraag="Nieuwe vraag?"))
    relay()
    wijzigingen = {(w["soort"], w["uuid"]): w["verwijderd"] for w in kanaal.sync()}
    assert wijzigingen == {
        ("kennisartikel", str(wereld["artikelen"][0].pk)): False,
        ("vac", str(wereld["vacs"][0].pk)): True,
        ("kennisartikel", str(lokaal)): True,
        ("vac", str(nieuw.pk)): False,
    }
    titel = kanaal.kopie[("kennisartikel", str(wereld["artikelen"][0].pk))]["record"]["vertalingen"][0]["titel"]
    assert titel == "Product 0, nieuwe naam" and len(kanaal.kopie) == 5 + 3


def test_verwijdering_komt_door_elk_filter(client, dijkstad, wereld, relay):
    _, geheim = maak_sleutel(naam="bot", kanaal="chatbot", gemeenten=[dijkstad])
    kanaal = Kanaal(client, geheim)
    kanaal.sync(soort="vac")
    assert {s for s, _ in kanaal.kopie} == {"vac"}
    vac = wereld["vacs"][1]
    vac.status = "non-actief"
    publiceer(vac)
    relay()
    assert [(w["uuid"], w["verwijderd"]) for w in kanaal.sync(soort="vac")] == [(str(vac.pk), True)]


def test_andere_gemeente_blijft_buiten_beeld(client, dijkstad, bosrijk, wereld, relay):
    _, geheim = maak_sleutel(naam="site", kanaal="website", gemeenten=[dijkstad])
    kanaal = Kanaal(client, geheim)
    kanaal.sync()
    publiceer(VraagAntwoordFactory(gemeente=bosrijk, vraag="Nog een Bosrijkvraag?"))
    relay()
    assert kanaal.sync() == []


def test_cursor_fouten(client, dijkstad, wereld):
    _, geheim = maak_sleutel(naam="site", kanaal="website", gemeenten=[dijkstad])
    kop = {"HTTP_AUTHORIZATION": f"Bearer {geheim}"}
    assert client.get("/api/v1/sync", {"cursor": "onzin"}, **kop).status_code == 400
    vervalst = base64.urlsafe_b64encode(json.dumps({"tot": 0, "t": 9999999999}).encode()).decode().rstrip("=")
    assert client.get("/api/v1/sync", {"cursor": vervalst}, **kop).status_code == 400, "cursors zijn ondertekend"
    verlopen = client.get("/api/v1/sync", {"cursor": _sync_cursor({"tot": 1, "t": 1, "soort": None})}, **kop)
    assert verlopen.status_code == 410 and verlopen.json()["title"] == "Cursor verlopen"
    cursor = Kanaal(client, geheim)
    cursor.sync(soort="vac")
    ander = client.get("/api/v1/sync", {"cursor": cursor.cursor}, **kop)
    assert ander.status_code == 400 and ander.json()["title"] == "Cursor hoort bij een ander filter"


def test_halverwege_bewaarde_cursor_gaat_verder_waar_hij_was(client, dijkstad, wereld):
    _, geheim = maak_sleutel(naam="site", kanaal="website", gemeenten=[dijkstad])
    kop = {"HTTP_AUTHORIZATION": f"Bearer {geheim}"}
    gezien, cursor = set(), None
    while True:  # a client that keeps only ``cursor`` and never follows ``next`` directly
        pagina = client.get("/api/v1/sync", {"limit": 2, **({"cursor": cursor} if cursor else {})}, **kop).json()
        gezien |= {w["uuid"] for w in pagina["results"]}
        cursor = pagina["cursor"]
        if not pagina["next"]:
            break
    assert len(gezien) == 5 + 1 + 3


def test_delta_kost_wat_de_wijzigingen_kosten(client, relay):
    """One change after a catalogue of 3 or of 30 items: the same queries and one result."""
    gemeente = GemeenteFactory(slug="groot")
    _, geheim = maak_sleutel(naam="site", kanaal="website", gemeenten=[gemeente])
    tellingen = []
    for aantal in (3, 30):
        artikelen = [publiceer(KennisartikelFactory(live=False)) for _ in range(aantal)]
        for _ in range(aantal):
            publiceer(VraagAntwoordFactory(gemeente=gemeente))
        relay()
        kanaal = Kanaal(client, geheim)
        kanaal.sync(limit=1000)
        artikel = artikelen[0].get_latest_revision_as_object()
        artikel.titel = "Gewijzigd"
        publiceer(artikel)
        relay()
        with CaptureQueriesContext(connection) as q:
            wijzigingen = kanaal.sync()
        assert len(wijzigingen) == 1
        tellingen.append(len(q))
    assert tellingen[0] == tellingen[1], tellingen


def test_paginas_van_de_eerste_sync_zijn_vol(client, dijkstad, bosrijk, wereld):
    """Gemeenten and soorten without items cost no empty pages: 2 × 9 items of two gemeenten in pages of 4."""
    _, geheim = maak_sleutel(naam="site", kanaal="website", gemeenten=[dijkstad, bosrijk])
    kop = {"HTTP_AUTHORIZATION": f"Bearer {geheim}"}
    groottes, pagina = [], client.get("/api/v1/sync", {"limit": 4}, **kop).json()
    while True:
        groottes.append(len(pagina["results"]))
        if not pagina["next"]:
            break
        pagina = client.get(pagina["next"], **kop).json()
    # dijkstad: 5 articles + 1 local product + 3 VACs; bosrijk: 5 articles + 1 VAC
    assert sum(groottes) == 9 + 6 and all(n == 4 for n in groottes[:-1]), groottes
