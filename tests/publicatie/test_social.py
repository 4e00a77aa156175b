"""Social channel: Mastodon posts for items marked *delen*, through the real Mastodon.py client against a double
of the documented Mastodon server contract (no Mastodon server runs here; see tests/dubbels/mastodon.py)."""

import httpx
import pytest
from wagtail.actions.unpublish import UnpublishAction

from contenthub.publicatie.levering import lever
from contenthub.publicatie.models import Aansluiting, Levering, LeveringHistorie, Status
from contenthub.publicatie.samenstellen import Doelen
from publishers.social import bericht, lengte
from tests.dubbels import mastodon
from tests.factories import KennisartikelFactory, VraagAntwoordFactory, publiceer

pytestmark = pytest.mark.django_db
TOKEN = "token-dijkstad"  # noqa: S105 - a test token for the double


class Server:
    def __init__(self, **opties):
        self.server, _ = mastodon.start(tokens=[TOKEN], **opties)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def statussen(self) -> list[dict]:
        return httpx.get(f"{self.url}/_dubbel/statussen").json()

    def levend(self) -> list[dict]:
        return [s for s in self.statussen() if not s["deleted"]]

    def stuur(self, pad: str, **body) -> None:
        httpx.post(f"{self.url}/_dubbel/{pad}", json=body).raise_for_status()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server(dijkstad):
    s = Server()
    Aansluiting.objects.create(kanaal="social", gemeente=dijkstad, url=s.url, geheim=TOKEN)
    yield s
    s.stop()


def _rij(item):
    return Levering.objects.get(kanaal="social", item_uuid=item.pk)


def test_bericht_past_binnen_de_limiet_van_de_server():
    lang = "Door de storing is de termijn verlengd tot 1 februari. " * 20
    url = "https://www.dijkstad.nl/producten/" + "x" * 120
    for maximum, per_url in ((500, 23), (120, 23), (300, 60)):
        tekst = bericht({"titel": "Termijn verlengd", "tekst": lang, "url": url, "spoed": True}, maximum, per_url)
        assert lengte(tekst, per_url) <= maximum
        assert tekst.startswith("Let op: Termijn verlengd") and tekst.endswith(url)
    # a link counts as characters_reserved_per_url, however long it is: the text keeps that room
    assert "Door de storing" in bericht({"titel": "T", "tekst": "Door de storing.", "url": url}, 60, 23)


def test_alleen_wat_gedeeld_wordt_gaat_naar_mastodon(server, dijkstad, relay):
    gedeeld = publiceer(
        VraagAntwoordFactory(
            gemeente=dijkstad,
            vraag="Is de aanvraagtermijn verlengd?",
            kort_antwoord="Ja, tot 1 februari.",
            toelichting="Intern: besluit B&W.",
            delen=True,
        )
    )
    publiceer(VraagAntwoordFactory(gemeente=dijkstad, vraag="Niet delen?"))
    publiceer(KennisartikelFactory(live=False, titel="Ook niet", desk_memo="Intern."))
    relay()
    posts = server.levend()
    assert len(posts) == 1 and posts[0]["language"] == "nl" and posts[0]["visibility"] == "public"
    assert posts[0]["text"].startswith("Is de aanvraagtermijn verlengd?\n\nJa, tot 1 februari.")
    assert f"/dijkstad/vragen/{gedeeld.pk}" in posts[0]["text"] and "B&W" not in posts[0]["text"]
    rij = _rij(gedeeld)
    assert rij.status == Status.AFGELEVERD and rij.extern_id == posts[0]["id"]
    historie = LeveringHistorie.objects.get(kanaal="social", item_uuid=gedeeld.pk)
    assert historie.extern_id == posts[0]["id"] and historie.details["tekst"] == posts[0]["text"]
    assert not Levering.objects.filter(kanaal="social").exclude(item_uuid=gedeeld.pk).exists()


def test_wijziging_bewerkt_het_bericht_en_intrekking_verwijdert_het(server, dijkstad, relay):
    vac = publiceer(VraagAntwoordFactory(gemeente=dijkstad, vraag="Storing afvalpas?", kort_antwoord="Ja.", delen=True))
    relay()
    vac.kort_antwoord = "Opgelost sinds 14.00 uur."
    publiceer(vac)
    relay()
    posts = server.statussen()
    assert len(posts) == 1, "een wijziging bewerkt het bestaande bericht, geen tweede bericht"
    assert "Opgelost sinds 14.00 uur." in posts[0]["text"] and len(posts[0]["edits"]) == 1
    UnpublishAction(vac).execute(skip_permission_checks=True)
    relay()
    assert server.statussen()[0]["deleted"] and _rij(vac).status == Status.INGETROKKEN and _rij(vac).extern_id == ""


def test_niet_meer_delen_verwijdert_het_bericht(server, dijkstad, relay):
    vac = publiceer(VraagAntwoordFactory(gemeente=dijkstad, delen=True))
    relay()
    vac.delen = False
    publiceer(vac)
    relay()
    assert server.levend() == [] and _rij(vac).status == Status.INGETROKKEN


def test_verloren_antwoord_geeft_geen_dubbel_bericht(server, dijkstad, relay):
    """The post went through but its answer was lost; the retry comes after Mastodon forgot the idempotency key."""
    vac = publiceer(VraagAntwoordFactory(gemeente=dijkstad, delen=True))
    server.stuur("storing", verlies_antwoord=1)
    relay()
    rij = _rij(vac)
    assert rij.status == Status.MISLUKT and rij.extern_id == "" and len(server.levend()) == 1
    server.stuur("vergeet_idempotentie")
    lever("social", [dijkstad], Doelen(vacs={vac.pk}))
    posts = server.levend()
    assert len(posts) == 1, "de nieuwe poging vond het bestaande bericht"
    assert _rij(vac).status == Status.AFGELEVERD and _rij(vac).extern_id == posts[0]["id"]


def test_storing_en_limiet_worden_opnieuw_geprobeerd(server, dijkstad, relay):
    vac = publiceer(VraagAntwoordFactory(gemeente=dijkstad, delen=True))
    server.stuur("storing", status=503, aantal=1)
    relay()
    assert _rij(vac).status == Status.MISLUKT and "503" in _rij(vac).laatste_fout
    server.stuur("storing", limiet=0, limiet_reset_seconden=60)
    uitkomst = lever("social", [dijkstad], Doelen(vacs={vac.pk}))
    assert uitkomst.tijdelijk_mislukt and _rij(vac).status == Status.MISLUKT and "limiet" in _rij(vac).laatste_fout
    assert server.levend() == []


def test_geweigerd_token_is_een_dode_letter(server, dijkstad, relay):
    Aansluiting.objects.filter(kanaal="social").update(geheim="verlopen-token")
    vac = publiceer(VraagAntwoordFactory(gemeente=dijkstad, delen=True))
    relay()
    rij = _rij(vac)
    assert rij.status == Status.DODE_LETTER and "401" in rij.laatste_fout


def test_kleine_server_krijgt_een_kort_bericht(dijkstad, relay):
    klein = Server(max_tekens=140)
    try:
        Aansluiting.objects.create(kanaal="social", gemeente=dijkstad, url=klein.url, geheim=TOKEN)
        publiceer(
            KennisartikelFactory(
                live=False, titel="Verlenging termijn bezwaar", tekst="De termijn is verlengd. " * 30, delen=True, spoed=True
            )
        )
        relay()
        (post,) = klein.levend()
        assert lengte(post["text"], 23) <= 140 and post["text"].startswith("Let op: Verlenging termijn bezwaar")
    finally:
        klein.stop()
