"""The KCC agent page: who may use it, search and answer as an agent sees them, what is logged (scrubbed), the
reports to editors, and query counts that do not grow with the kennisbank or the logs."""

import datetime as dt
import uuid

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contenthub.content.models import SectieAanpassing
from contenthub.kcc import logboek
from contenthub.kcc.models import Suggestiebesluit, Terugmelding, Zoekopdracht, Zoeksessie
from contenthub.kennisbank.herbouw import herbouw
from contenthub.publicatie.samenstellen import items_van
from contenthub.redactie.permissies import LANDELIJKE_REDACTIE
from publishers.chatbot import kort_antwoord
from tests.factories import AanvullingFactory, KennisartikelFactory, UserFactory, VraagAntwoordFactory, publiceer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_kennisbank(settings):
    """The page on the embedded kennisbank (the same search service as OpenSearch; see tests/kennisbank)."""
    settings.OPENSEARCH_URL = ""
    settings.KENNISBANK_SEMANTISCH = False


@pytest.fixture
def inhoud(dijkstad, bosrijk):
    dijkstad.email, dijkstad.adres = "info@dijkstad.example", "Raadhuisplein 1, Dijkstad"
    dijkstad.save()
    rijbewijs = publiceer(
        KennisartikelFactory(
            live=False,
            titel="Rijbewijs verlengen",
            tekst="Verleng uw rijbewijs op tijd. U doet dit bij de gemeente.",
            kosten_en_betaalmethoden="De gemeente bepaalt het tarief.",
            desk_memo="Let op: bij een verlopen rijbewijs eerst de keuring.",
            trefwoorden=["rijbewijs"],
        )
    )
    eigen = AanvullingFactory.build(
        gemeente=dijkstad, kennisartikel=rijbewijs, titel="", aangewezen_kanaal="Maak online een afspraak."
    )
    eigen.secties.add(SectieAanpassing(sectie="kosten_en_betaalmethoden", modus="vervangen", tekst="Een rijbewijs kost € 52,40."))
    publiceer(eigen)
    vac = publiceer(
        VraagAntwoordFactory(
            gemeente=dijkstad,
            vraag="Waar haal ik mijn nieuwe rijbewijs op?",
            kort_antwoord="Bij balie 2.",
            toelichting="Intern: balie 2 sluit om 16.00 uur.",
        )
    )
    vreemd = publiceer(VraagAntwoordFactory(gemeente=bosrijk, vraag="Waar haal ik mijn rijbewijs op in Bosrijk?"))
    herbouw()
    return {"rijbewijs": rijbewijs, "aanvulling": eigen, "vac": vac, "vreemd": vreemd}


@pytest.fixture
def agent(client, dijkstad):
    gebruiker = UserFactory(username="kcc-dijkstad", groepen=[dijkstad.kcc_groep])
    client.force_login(gebruiker)
    return gebruiker


def test_elke_gemeente_heeft_een_kcc_groep(dijkstad):
    assert dijkstad.kcc_groep.name == "KCC Gemeente Dijkstad (gm9001)"


def test_alleen_kcc_medewerkers_van_de_gemeente(client, dijkstad, bosrijk, inhoud):
    assert client.get("/kcc/").status_code == 302 and "/admin/login/" in client.get("/kcc/")["Location"]
    client.force_login(UserFactory(username="redacteur", groepen=[dijkstad.redactiegroep]))
    antwoord = client.get("/kcc/")
    assert antwoord.status_code == 403 and "nog niet gekoppeld" in antwoord.content.decode()
    assert client.get("/kcc/dijkstad/").status_code == 403
    client.force_login(UserFactory(username="kcc-bosrijk", groepen=[bosrijk.kcc_groep]))
    assert client.get("/kcc/dijkstad/?q=rijbewijs").status_code == 403
    url = reverse("kcc:antwoord", args=["dijkstad", "vac", inhoud["vac"].pk])
    assert client.get(url).status_code == 403


def test_zoeken_toont_eigen_inhoud_met_interne_velden_en_logt_zonder_persoonsgegevens(client, agent, inhoud):
    assert client.get("/kcc/")["Location"] == "/kcc/dijkstad/"
    sessie = uuid.uuid4()
    pagina = client.get("/kcc/dijkstad/", {"q": "meneer Jansen rijbewijs ophalen bsn 123456782", "sessie": sessie})
    html = pagina.content.decode()
    assert pagina.status_code == 200
    assert "Waar haal ik mijn nieuwe rijbewijs op?" in html
    assert "Bosrijk" not in html, "nooit inhoud van een andere gemeente"
    assert "autofocus" in html and 'role="search"' in html
    opdracht = Zoekopdracht.objects.get()
    assert opdracht.tekst == "meneer [naam] rijbewijs ophalen bsn [nummer]"
    assert "123456782" not in opdracht.genormaliseerd and opdracht.resultaten >= 1

    # an intern field is searched for an agent: the toelichting's word finds the VAC
    assert (
        "Waar haal ik mijn nieuwe rijbewijs op?"
        in client.get("/kcc/dijkstad/resultaten", {"q": "balie 2 sluit"}).content.decode()
    )


def test_filter_op_soort_antwoord(client, agent, inhoud):
    """The agent narrows the results to products or to questions and answers; the choice stays in the form."""
    alles = client.get("/kcc/dijkstad/resultaten", {"q": "rijbewijs"}).content.decode()
    assert "Product" in alles and "Vraag en antwoord" in alles
    vacs = client.get("/kcc/dijkstad/resultaten", {"q": "rijbewijs", "soort": "vac"}).content.decode()
    assert "Vraag en antwoord" in vacs and ">Product" not in vacs
    pagina = client.get("/kcc/dijkstad/", {"q": "rijbewijs", "soort": "kennisartikel"}).content.decode()
    assert '<option value="kennisartikel" selected>' in pagina and "Vraag en antwoord</span>" not in pagina
    onzin = client.get("/kcc/dijkstad/resultaten", {"q": "rijbewijs", "soort": "<script>"})
    assert onzin.status_code == 200 and onzin.content.decode() == alles, "een onbekende soort telt als alles"


def test_typend_zoeken_is_een_zoekvraag(client, agent, inhoud):
    sessie = str(uuid.uuid4())
    for q in ("rij", "rijbe", "rijbewijs", "rijbewijs verl", "rijbewijs verlengen"):  # posted, as kcc.js does
        assert client.post("/kcc/dijkstad/resultaten", {"q": q, "sessie": sessie}).status_code == 200
    assert list(Zoekopdracht.objects.values_list("tekst", flat=True)) == ["rijbewijs verlengen"]
    Zoekopdracht.objects.update(tijdstip=timezone.now() - dt.timedelta(seconds=30))  # the agent read the results
    client.get("/kcc/dijkstad/resultaten", {"q": "grofvuil", "sessie": sessie})
    assert Zoekopdracht.objects.count() == 2
    assert Zoeksessie.objects.get(uuid=sessie).zoekvragen == 2


def test_zoekformulier_post_met_csrf_token(agent, inhoud):
    """The page posts what the agent types (never in a request line, which servers and proxies log), protected
    against cross-site requests like every form of the hub."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(agent)
    pagina = browser.get("/kcc/dijkstad/")
    assert 'method="post"' in pagina.content.decode() and 'name="csrfmiddlewaretoken"' in pagina.content.decode()
    token = pagina.context["csrf_token"]
    zonder = browser.post("/kcc/dijkstad/resultaten", {"q": "rijbewijs bsn 123456782"})
    assert zonder.status_code == 403 and not Zoekopdracht.objects.exists()
    lijst = browser.post("/kcc/dijkstad/resultaten", {"q": "rijbewijs bsn 123456782", "csrfmiddlewaretoken": token})
    assert lijst.status_code == 200 and "Rijbewijs" in lijst.content.decode()
    html = browser.post("/kcc/dijkstad/", {"q": "rijbewijs bsn 123456782", "soort": "vac", "csrfmiddlewaretoken": token})
    html = html.content.decode()
    assert '<option value="vac" selected>' in html and "123456782" not in html.split("kcc-resultaten")[1]
    assert list(Zoekopdracht.objects.values_list("tekst", flat=True).distinct()) == ["rijbewijs bsn [nummer]"]


def test_half_getypte_persoonsgegevens_blijven_niet_achter(client, agent, inhoud):
    """The page searches as the agent types: a half-typed number or e-mail address is no identifier yet, and its
    row must not stay behind once the whole one is typed and scrubbed."""
    sessie = str(uuid.uuid4())
    for q in ("bsn 1234", "bsn 12345678", "bsn 123456782", "bsn 123456782 paspoort"):
        client.get("/kcc/dijkstad/resultaten", {"q": q, "sessie": sessie})
    assert list(Zoekopdracht.objects.values_list("tekst", flat=True)) == ["bsn [nummer] paspoort"]
    Zoekopdracht.objects.update(tijdstip=timezone.now() - dt.timedelta(seconds=30))
    for q in ("jan.jansen", "jan.jansen@example.nl rijbewijs"):  # the identifier first: no shared prefix
        client.get("/kcc/dijkstad/resultaten", {"q": q, "sessie": sessie})
    Zoekopdracht.objects.filter(tekst__contains="rijbewijs").update(tijdstip=timezone.now() - dt.timedelta(seconds=30))
    for q in ("1234", "123456782 paspoort"):
        client.get("/kcc/dijkstad/resultaten", {"q": q, "sessie": sessie})
    teksten = list(Zoekopdracht.objects.order_by("pk").values_list("tekst", flat=True))
    assert teksten == ["bsn [nummer] paspoort", "[e-mail] rijbewijs", "[nummer] paspoort"]
    assert not any("1234" in t or "jansen" in t for t in teksten)


def test_alleen_in_betekenis_dichtbij_telt_als_zonder_resultaat(client, agent, inhoud, settings):
    """With semantic retrieval on, nonsense still gets the nearest items in meaning: shown as such, and logged as
    a query without results (the editors' report and zero-result rate)."""
    settings.KENNISBANK_SEMANTISCH = True
    herbouw()
    sessie = str(uuid.uuid4())
    html = client.get("/kcc/dijkstad/resultaten", {"q": "qqqq xyzzy", "sessie": sessie}).content.decode()
    assert "Geen treffers op de woorden" in html and "in betekenis het dichtst bij" in html
    assert Zoekopdracht.objects.get().resultaten == 0
    client.get("/kcc/dijkstad/resultaten", {"q": "rijbewijs verlengen", "sessie": str(uuid.uuid4())})
    assert Zoekopdracht.objects.filter(resultaten__gt=0).count() == 1


def test_antwoord_met_tabs_kort_antwoord_deskmemo_kanaal_en_contact(client, agent, inhoud, dijkstad):
    sessie = str(uuid.uuid4())
    client.get("/kcc/dijkstad/resultaten", {"q": "rijbewijs verlengen", "sessie": sessie})
    url = reverse("kcc:antwoord", args=["dijkstad", "kennisartikel", inhoud["rijbewijs"].pk])
    pagina = client.get(url, {"q": "rijbewijs verlengen", "sessie": sessie, "positie": 1, "sectie": "kostenEnBetaalmethoden"})
    html = pagina.content.decode()
    item = items_van(dijkstad, [("kennisartikel", str(inhoud["rijbewijs"].pk))])[("kennisartikel", str(inhoud["rijbewijs"].pk))]
    assert kort_antwoord(item) in html, "hetzelfde korte antwoord als de chatbot"
    assert 'role="tablist"' in html and 'id="tab-kostenEnBetaalmethoden"' in html
    assert (
        'aria-selected="true"'
        in html.split('id="tab-kostenEnBetaalmethoden"')[0].rsplit("<button", 1)[1]
        + html.split('id="tab-kostenEnBetaalmethoden"')[1].split(">")[0]
    )
    assert "Een rijbewijs kost € 52,40." in html, "de aanvulling van de gemeente"
    assert "eerst de keuring" in html, "deskmemo voor het KCC"
    assert "Maak online een afspraak." in html and "14 0999" in html and "info@dijkstad.example" in html
    opdracht = Zoekopdracht.objects.get()
    assert (opdracht.geopend_uuid, opdracht.positie) == (inhoud["rijbewijs"].pk, 1)
    assert Zoeksessie.objects.get(uuid=sessie).gevonden
    client.get(url, {"q": "rijbewijs verlengen", "sessie": sessie, "positie": 1})  # a reload, or back and again
    assert Zoeksessie.objects.get(uuid=sessie).geopend == 1, "hetzelfde antwoord opnieuw is geen tweede klik"

    vac = client.get(reverse("kcc:antwoord", args=["dijkstad", "vac", inhoud["vac"].pk])).content.decode()
    assert "Bij balie 2." in vac and "balie 2 sluit om 16.00 uur" in vac
    assert client.get(reverse("kcc:antwoord", args=["dijkstad", "vac", inhoud["vreemd"].pk])).status_code == 404
    assert client.get(reverse("kcc:antwoord", args=["dijkstad", "iets", inhoud["vac"].pk])).status_code == 404


def test_klopt_niet_wordt_een_taak_voor_de_eigenaar(client, agent, inhoud, dijkstad, bosrijk):
    sessie = str(uuid.uuid4())
    client.get("/kcc/dijkstad/resultaten", {"q": "rijbewijs kosten", "sessie": sessie})
    antwoord_url = reverse("kcc:antwoord", args=["dijkstad", "kennisartikel", inhoud["rijbewijs"].pk])
    client.get(antwoord_url, {"sessie": sessie, "q": "rijbewijs kosten"})
    meld_url = reverse("kcc:terugmelding", args=["dijkstad", "kennisartikel", inhoud["rijbewijs"].pk])
    antwoord = client.post(
        meld_url,
        {
            "opmerking": "Het tarief is € 55. Mevrouw de Vries, 0612345678, was boos.",
            "q": "rijbewijs kosten",
            "sessie": sessie,
            "sectie": "kostenEnBetaalmethoden",
        },
        follow=True,
    )
    assert "De redactie heeft uw melding als taak gekregen." in antwoord.content.decode()
    melding = Terugmelding.objects.get()
    assert melding.eigenaar == dijkstad.redactiegroep, "de kosten komen uit de aanvulling van Dijkstad"
    assert "0612345678" not in melding.opmerking and "Vries" not in melding.opmerking and "€ 55" in melding.opmerking
    lang = "Het tarief klopt niet. " * 40 + "Meneer Jansen belde erover."  # one paragraph of ~900 characters
    client.post(meld_url, {"opmerking": lang, "q": "rijbewijs kosten", "sectie": "kostenEnBetaalmethoden"})
    lange_melding = Terugmelding.objects.latest("pk")
    assert lange_melding.opmerking.endswith("Meneer [naam] belde erover.") and len(lange_melding.opmerking) > 900
    lange_melding.delete()  # the rest of the test counts the first report's task
    zs = Zoeksessie.objects.get(uuid=sessie)
    assert (zs.geopend, zs.afgekeurd, zs.gevonden) == (1, 1, False), "terug van melden is geen nieuwe opening"

    # a generiek section goes to the landelijke redactie
    client.post(meld_url, {"opmerking": "", "sectie": "tekst"})
    assert Terugmelding.objects.filter(eigenaar__name=LANDELIJKE_REDACTIE).count() == 1

    # the task in Wagtail: the owning redactie sees it, another gemeente's does not; handling it closes it
    redacteur = UserFactory(username="red-dijkstad", groepen=[dijkstad.redactiegroep])
    client.force_login(redacteur)
    lijst = client.get(reverse("kcc_terugmeldingen")).content.decode()
    assert "Rijbewijs verlengen" in lijst and "Item bewerken" in lijst
    assert "1</strong> open terugmelding" in client.get("/admin/").content.decode()
    client.force_login(UserFactory(username="red-bosrijk", groepen=[bosrijk.redactiegroep]))
    assert "Rijbewijs verlengen" not in client.get(reverse("kcc_terugmeldingen")).content.decode()
    assert client.get(reverse("kcc_terugmelding", args=[melding.pk])).status_code == 404
    client.force_login(redacteur)
    client.post(reverse("kcc_terugmelding", args=[melding.pk]), {"reactie": "Tarief aangepast.", "actie": "afhandelen"})
    melding.refresh_from_db()
    assert melding.status == "afgehandeld" and melding.afgehandeld_op is not None


def test_ontbrekende_antwoorden_en_uitkomsten_per_gemeente(client, agent, inhoud, dijkstad, bosrijk):
    for q in ("xylofoonles zeppelinhaven", "xylofoonles zeppelinhaven", "rijbewijs verlengen"):
        client.get("/kcc/dijkstad/resultaten", {"q": q, "sessie": str(uuid.uuid4())})
    Zoekopdracht.objects.update(tijdstip=timezone.now() - dt.timedelta(minutes=10))  # the agents had time to click
    redacteur = UserFactory(username="red-dijkstad", groepen=[dijkstad.redactiegroep])
    client.force_login(redacteur)
    html = client.get(reverse("kcc_ontbrekend")).content.decode()
    assert "xylofoonles zeppelinhaven" in html
    regels = list(logboek.ontbrekende_antwoorden(None, timezone.now() - dt.timedelta(days=1)))
    assert regels[0]["genormaliseerd"] == "xylofoonles zeppelinhaven" and regels[0]["aantal"] == 2
    assert regels[0]["zonder_resultaat"] == 2
    uit = {u.slug: u for u in logboek.uitkomsten(None, timezone.now() - dt.timedelta(days=1))}
    assert uit["dijkstad"].sessies == 3 and uit["dijkstad"].zonder_resultaat == 2 and uit["dijkstad"].gevonden == 0
    assert "Gemeente Dijkstad" in client.get(reverse("kcc_uitkomsten")).content.decode()
    # Wagtail turns the refusal into a redirect to the dashboard with a message
    assert client.get(reverse("kcc_uitkomsten"), {"gemeente": "bosrijk"}).status_code in (302, 403), "alleen de eigen gemeente"


def test_bewaartermijn(settings, dijkstad):
    settings.KCC_LOG_BEWAARDAGEN = 30
    oud, nieuw = uuid.uuid4(), uuid.uuid4()
    logboek.zoekvraag(oud, dijkstad, "paspoort", 1, 0.9)
    logboek.zoekvraag(nieuw, dijkstad, "rijbewijs", 1, 0.9)
    lang_geleden = timezone.now() - dt.timedelta(days=31)
    Zoekopdracht.objects.filter(sessie__uuid=oud).update(tijdstip=lang_geleden)
    Zoeksessie.objects.filter(uuid=oud).update(bijgewerkt_op=lang_geleden)
    open_melding = Terugmelding.objects.create(
        gemeente=dijkstad, soort="vac", item_uuid=uuid.uuid4(), titel="x", eigenaar=Group.objects.get(name=LANDELIJKE_REDACTIE)
    )
    Terugmelding.objects.filter(pk=open_melding.pk).update(aangemaakt_op=lang_geleden)
    oud_besluit = Suggestiebesluit.objects.create(vac_uuid=uuid.uuid4(), genormaliseerd="piet de boer belt", besluit="afgewezen")
    Suggestiebesluit.objects.create(vac_uuid=uuid.uuid4(), genormaliseerd="paspoort kwijt", besluit="overgenomen")
    # an old decision whose words still open the same answer in a recent search would otherwise come back
    vac = uuid.uuid4()
    nog = Suggestiebesluit.objects.create(vac_uuid=vac, genormaliseerd="rijbewijs", besluit="afgewezen")
    Zoekopdracht.objects.filter(tekst="rijbewijs").update(geopend_uuid=vac)
    Suggestiebesluit.objects.filter(pk__in=[oud_besluit.pk, nog.pk]).update(op=lang_geleden)
    assert logboek.opruimen() == {"zoekopdrachten": 1, "zoeksessies": 1, "terugmeldingen": 0, "besluiten": 1}
    assert sorted(Suggestiebesluit.objects.values_list("genormaliseerd", flat=True)) == ["paspoort kwijt", "rijbewijs"]
    assert list(Zoekopdracht.objects.values_list("tekst", flat=True)) == ["rijbewijs"]
    assert Terugmelding.objects.filter(pk=open_melding.pk).exists(), "een open taak blijft tot de redactie hem afhandelt"


def _vul(dijkstad, aantal: int, start: int):
    vacs = [
        publiceer(VraagAntwoordFactory(gemeente=dijkstad, vraag=f"Hoe vraag ik vergunning nummer {i} aan?"))
        for i in range(start, start + aantal)
    ]
    for i in range(aantal):
        logboek.zoekvraag(uuid.uuid4(), dijkstad, f"vergunning soort {start + i} kwijt", 0, 0.0)
        for _ in range(2):  # opened twice with the same words: a suggested alternatieve vraag
            sessie = uuid.uuid4()
            logboek.zoekvraag(sessie, dijkstad, f"hoe kom ik aan vergunning {start + i}", 1, 0.9)
            logboek.geopend(sessie, dijkstad, "vac", str(vacs[i].pk), "", 1)
        Terugmelding.objects.create(
            gemeente=dijkstad, soort="vac", item_uuid=vacs[i].pk, titel="x", eigenaar=Group.objects.get(name=LANDELIJKE_REDACTIE)
        )


def _queries(client, url, params=None, *, post: bool = False) -> int:
    with CaptureQueriesContext(connection) as ctx:
        antwoord = client.post(url, params or {}) if post else client.get(url, params or {})
        assert antwoord.status_code == (302 if post else 200)
    return len(ctx.captured_queries)


def test_querytelling_groeit_niet_met_inhoud_of_logboek(client, agent, dijkstad, inhoud):
    redacteur = UserFactory(username="red-landelijk", groepen=[Group.objects.get(name=LANDELIJKE_REDACTIE)])
    metingen = []
    for aantal, start in ((3, 0), (12, 100)):
        _vul(dijkstad, aantal, start)
        herbouw()
        Zoekopdracht.objects.update(tijdstip=timezone.now() - dt.timedelta(minutes=10))
        client.force_login(agent)
        client.get("/kcc/dijkstad/", {"q": "warm"})  # per-process caches (thesaurus) filled, as in production
        sessie = str(uuid.uuid4())
        meting = [
            _queries(client, "/kcc/dijkstad/", {"q": "vergunning aanvragen", "sessie": sessie}),
            _queries(client, "/kcc/dijkstad/resultaten", {"q": "vergunning nummer", "sessie": sessie}),
            _queries(client, reverse("kcc:antwoord", args=["dijkstad", "vac", inhoud["vac"].pk]), {"sessie": sessie}),
            _queries(
                client, reverse("kcc:bevestiging", args=["dijkstad", "vac", inhoud["vac"].pk]), {"sessie": sessie}, post=True
            ),
        ]
        client.force_login(redacteur)
        meting += [
            _queries(client, reverse(naam))
            for naam in ("kcc_ontbrekend", "kcc_uitkomsten", "kcc_suggesties", "kcc_terugmeldingen")
        ]
        metingen.append(meting)
    assert metingen[0] == metingen[1], f"queries per pagina groeien met de inhoud: {metingen}"


def test_agenten_leren_de_kennisbank_nieuwe_vragen(client, agent, inhoud, dijkstad, bosrijk):
    from wagtail.models import WorkflowState

    vac = inhoud["vac"]
    url = reverse("kcc:antwoord", args=["dijkstad", "vac", vac.pk])
    for vraag in ("nieuw rijbewijs klaar afhalen", "Nieuw rijbewijs klaar afhalen?", "meneer Jansen rijbewijs klaar afhalen"):
        sessie = str(uuid.uuid4())
        client.get("/kcc/dijkstad/resultaten", {"q": vraag, "sessie": sessie})
        client.get(url, {"sessie": sessie})
    client.get("/kcc/dijkstad/resultaten", {"q": "rijbewijs kwijt", "sessie": str(uuid.uuid4())})  # opened nothing

    client.force_login(UserFactory(username="red-bosrijk", groepen=[bosrijk.redactiegroep]))
    assert "nieuw rijbewijs klaar afhalen" not in client.get(reverse("kcc_suggesties")).content.decode().lower()
    redacteur = UserFactory(username="red-dijkstad", groepen=[dijkstad.redactiegroep])
    client.force_login(redacteur)
    html = client.get(reverse("kcc_suggesties")).content.decode()
    assert "Nieuw rijbewijs klaar afhalen" in html or "nieuw rijbewijs klaar afhalen" in html
    assert "[naam]" not in html, "een vraag met weggehaalde persoonsgegevens wordt nooit voorgesteld"
    assert "rijbewijs kwijt" not in html

    tekst = logboek.suggesties(type(vac).objects.all(), timezone.now() - dt.timedelta(days=1))[0].tekst
    antwoord = client.post(reverse("kcc_suggestie_besluit"), {"item": vac.pk, "tekst": tekst, "actie": "overnemen"}, follow=True)
    assert "ter review aangeboden" in antwoord.content.decode()
    vac.refresh_from_db()
    assert tekst not in (vac.alternatieve_vragen or []), "live verandert pas na review"
    assert tekst in vac.get_latest_revision_as_object().alternatieve_vragen
    assert WorkflowState.objects.active().filter(object_id=str(vac.pk)).exists()
    assert logboek.suggesties(type(vac).objects.all(), timezone.now() - dt.timedelta(days=1)) == [], "eenmaal besloten"
    for fout in ("geen-uuid", str(uuid.uuid4())):
        verzoek = {"item": fout, "tekst": "x y", "actie": "overnemen"}
        assert client.post(reverse("kcc_suggestie_besluit"), verzoek).status_code == 404

    # after review the kennisbank finds the VAC by the citizens' words
    publiceer(vac.get_latest_revision_as_object())
    herbouw()
    from contenthub.kennisbank.zoeken import Zoekvraag, zoek

    assert zoek(Zoekvraag("klaar afhalen", "dijkstad")).treffers[0].uuid == str(vac.pk)


def test_dit_antwoord_klopt_maakt_een_eenmalige_formulering_meteen_een_voorstel(client, agent, inhoud, dijkstad, bosrijk):
    """A citizen's own sentence seldom recurs word for word: once the agent marks the opened answer as right, the
    phrasing is a suggestion for the owning redactie at once. Opened without confirming, once, it is not."""
    vac = inhoud["vac"]
    url = reverse("kcc:antwoord", args=["dijkstad", "vac", vac.pk])
    bevestig = reverse("kcc:bevestiging", args=["dijkstad", "vac", vac.pk])
    sinds = timezone.now() - dt.timedelta(days=1)

    sessie = str(uuid.uuid4())
    client.get("/kcc/dijkstad/resultaten", {"q": "mijn roze pasje is vernieuwd, kan ik het ophalen", "sessie": sessie})
    client.get(url, {"sessie": sessie, "q": "mijn roze pasje is vernieuwd, kan ik het ophalen"})
    assert logboek.suggesties(type(vac).objects.all(), sinds) == [], "één keer geopend is nog geen voorstel"
    html = client.get(url, {"sessie": sessie, "q": "x", "gemeld": "1"}).content.decode()
    assert "Dit antwoord klopt</button>" in html
    assert "Dit antwoord klopt</button>" not in client.get(url).content.decode(), "zonder zoekvraag niets te leren"

    antwoord = client.post(bevestig, {"sessie": sessie, "q": "mijn roze pasje is vernieuwd"}, follow=True)
    assert "gaat als voorstel naar de redactie" in antwoord.content.decode()
    [suggestie] = logboek.suggesties(type(vac).objects.all(), sinds)
    assert (suggestie.item, suggestie.tekst, suggestie.aantal) == (vac, "mijn roze pasje is vernieuwd, kan ik het ophalen", 1)
    assert suggestie.bevestigd == 1
    zs = Zoeksessie.objects.get(uuid=sessie)
    assert zs.geopend == 1, "terug van bevestigen is geen nieuwe opening"
    client.force_login(UserFactory(username="red-dijkstad", groepen=[dijkstad.redactiegroep]))
    assert "1× bevestigd" in client.get(reverse("kcc_suggesties")).content.decode()
    client.force_login(agent)

    # confirming without a search in the session (or another answer than the one opened) learns nothing
    assert "Bedankt voor uw bevestiging" in client.post(bevestig, {"sessie": str(uuid.uuid4())}, follow=True).content.decode()
    client.post(reverse("kcc:bevestiging", args=["dijkstad", "kennisartikel", inhoud["rijbewijs"].pk]), {"sessie": sessie})
    assert len(logboek.suggesties(type(vac).objects.all(), sinds)) == 1
    assert client.post(reverse("kcc:bevestiging", args=["dijkstad", "vac", uuid.uuid4()]), {"sessie": sessie}).status_code == 404

    # a session where the answer was reported wrong teaches nothing, confirmed or not
    client.post(reverse("kcc:terugmelding", args=["dijkstad", "vac", vac.pk]), {"sessie": sessie, "opmerking": ""})
    assert logboek.suggesties(type(vac).objects.all(), sinds) == []


def test_agenten_leren_ook_producten_nieuwe_woorden(client, agent, inhoud, dijkstad, landelijk_redacteur):
    """An opened product (kennisartikel) learns too: the phrasing becomes a trefwoord, for the editors who own the
    product (the landelijke redactie for a generiek one; a gemeente's editors for its local products)."""
    from wagtail.models import WorkflowState

    from contenthub.kennisbank.zoeken import Zoekvraag, zoek

    rijbewijs = inhoud["rijbewijs"]
    lokaal = publiceer(
        AanvullingFactory.build(gemeente=dijkstad, kennisartikel=None, titel="Strandhuisje huren", upn_uri="https://x/strand")
    )
    herbouw()
    for item, vraag in ((rijbewijs, "roze pasje verlopen"), (lokaal, "houten hokje op het zand")):
        for _ in range(2):
            sessie = str(uuid.uuid4())
            client.get("/kcc/dijkstad/resultaten", {"q": vraag, "sessie": sessie})
            client.get(reverse("kcc:antwoord", args=["dijkstad", "kennisartikel", item.pk]), {"sessie": sessie})

    client.force_login(UserFactory(username="red-dijkstad", groepen=[dijkstad.redactiegroep]))
    html = client.get(reverse("kcc_suggesties")).content.decode()
    assert "houten hokje op het zand" in html and "roze pasje" not in html, "een gemeente ziet haar eigen producten"
    client.force_login(landelijk_redacteur)
    html = client.get(reverse("kcc_suggesties")).content.decode()
    assert "roze pasje verlopen" in html and "houten hokje" not in html and "trefwoord" in html
    verzoek = {"soort": "kennisartikel", "item": lokaal.pk, "tekst": "houten hokje op het zand", "actie": "overnemen"}
    assert client.post(reverse("kcc_suggestie_besluit"), verzoek).status_code == 404, "niet van de landelijke redactie"

    verzoek = {"soort": "kennisartikel", "item": rijbewijs.pk, "tekst": "roze pasje verlopen", "actie": "overnemen"}
    antwoord = client.post(reverse("kcc_suggestie_besluit"), verzoek, follow=True)
    assert "als trefwoord toegevoegd" in antwoord.content.decode()
    rijbewijs.refresh_from_db()
    assert "roze pasje verlopen" not in rijbewijs.trefwoorden, "live verandert pas na review"
    assert rijbewijs.get_latest_revision_as_object().trefwoorden == ["rijbewijs", "roze pasje verlopen"]
    assert WorkflowState.objects.active().filter(object_id=str(rijbewijs.pk)).exists()
    assert "roze pasje" not in client.get(reverse("kcc_suggesties")).content.decode(), "eenmaal besloten"

    assert str(rijbewijs.pk) not in [t.uuid for t in zoek(Zoekvraag("roze pasje", "dijkstad")).treffers]
    publiceer(rijbewijs.get_latest_revision_as_object())
    herbouw()
    assert zoek(Zoekvraag("roze pasje", "dijkstad")).treffers[0].uuid == str(rijbewijs.pk)


def test_zoekgewicht_per_gemeente(dijkstad, bosrijk):
    """A gemeente's aanvulling sets its own weight; without one it follows the generiek article. Only a weight other
    than normal reaches the kennisbank document (the others keep their fingerprint)."""
    from publishers.kennisbank import kennisbank_document

    artikel = publiceer(KennisartikelFactory(live=False, titel="Parkeervergunning", zoekgewicht=1.5))
    eigen = AanvullingFactory.build(gemeente=dijkstad, kennisartikel=artikel, titel="", zoekgewicht=0.5)
    publiceer(eigen)
    sleutel = ("kennisartikel", str(artikel.pk))
    assert items_van(dijkstad, [sleutel])[sleutel].zoekgewicht == 0.5
    assert items_van(bosrijk, [sleutel])[sleutel].zoekgewicht == 1.5
    assert kennisbank_document(items_van(bosrijk, [sleutel])[sleutel])["gewicht"] == 1.5
    vac = publiceer(VraagAntwoordFactory(gemeente=None, vraag="Hoe lang duurt een vergunning?"))
    assert "gewicht" not in kennisbank_document(items_van(bosrijk, [("vac", str(vac.pk))])[("vac", str(vac.pk))])


def test_adressen_en_titel_zonder_persoonsgegevens(client, agent, inhoud):
    """Result links (and so the browser's history) and the page title carry the scrubbed query."""
    sessie = str(uuid.uuid4())
    html = client.get("/kcc/dijkstad/", {"q": "bsn 123456782 rijbewijs", "sessie": sessie}).content.decode()
    assert "<title>bsn [nummer] rijbewijs – Zoeken" in html
    assert 'data-q-veilig="bsn [nummer] rijbewijs"' in html and "q=bsn+%5Bnummer%5D+rijbewijs" in html
    assert "123456782" not in html.split('name="q"')[0], "only the search box itself still shows what was typed"
    url = reverse("kcc:antwoord", args=["dijkstad", "kennisartikel", inhoud["rijbewijs"].pk])
    antwoord = client.get(url, {"q": "bsn 123456782 rijbewijs", "sessie": sessie}).content.decode()
    assert "123456782" not in antwoord


def test_een_nul_teken_in_de_zoekvraag_wordt_geen_storing(client, agent, inhoud):
    """A control character pasted into the search box (PostgreSQL stores no NUL) is a space in the log, and the
    agent's search still answers."""
    sessie = str(uuid.uuid4())
    antwoord = client.post("/kcc/dijkstad/", {"q": "rijbewijs\x00verlengen", "sessie": sessie})
    assert antwoord.status_code == 200 and "Rijbewijs verlengen" in antwoord.content.decode()
    assert list(Zoekopdracht.objects.values_list("tekst", flat=True)) == ["rijbewijs verlengen"]


@pytest.mark.parametrize("positie", ["99999", "²", "-1", "abc"])
def test_een_onzinnige_positie_in_het_adres_is_geen_storing(client, agent, inhoud, positie):
    """The result's place comes from the address, which anyone can edit: "²" passes str.isdigit() and 99999 does
    not fit the column; either is no place, not a 500."""
    sessie = str(uuid.uuid4())
    client.get("/kcc/dijkstad/resultaten", {"q": "rijbewijs verlengen", "sessie": sessie})
    url = reverse("kcc:antwoord", args=["dijkstad", "vac", inhoud["vac"].pk])
    assert client.get(url, {"sessie": sessie, "positie": positie}).status_code == 200
    assert Zoekopdracht.objects.get().positie is None


def test_zonder_script_staan_alle_onderdelen_van_een_product_open(client, agent, inhoud):
    """The tab buttons need kcc.js: without it they stay hidden and every section shows under its heading."""
    html = client.get(reverse("kcc:antwoord", args=["dijkstad", "kennisartikel", inhoud["rijbewijs"].pk])).content.decode()
    panelen = [deel.split(">")[0] for deel in html.split('role="tabpanel"')[1:]]
    assert len(panelen) > 1 and not [p for p in panelen if "hidden" in p]
    assert 'class="kcc-tablijst" hidden' in html


def test_een_antwoord_opnieuw_laden_telt_niet_als_nog_een_klik(client, agent, inhoud):
    """Every answer opened in a session counts once, however often it is loaded again: with both answers marked
    wrong the session found nothing."""
    sessie = str(uuid.uuid4())
    client.get("/kcc/dijkstad/resultaten", {"q": "rijbewijs", "sessie": sessie})
    vac = ("vac", inhoud["vac"].pk)
    product = ("kennisartikel", inhoud["rijbewijs"].pk)
    for soort, pk in (vac, product, product, product):
        client.get(reverse("kcc:antwoord", args=["dijkstad", soort, pk]), {"sessie": sessie, "q": "rijbewijs"})
    zs = Zoeksessie.objects.get(uuid=sessie)
    assert zs.geopend == 2
    for soort, pk in (vac, product, product):
        client.post(reverse("kcc:terugmelding", args=["dijkstad", soort, pk]), {"sessie": sessie, "opmerking": "fout"})
    zs.refresh_from_db()
    assert zs.afgekeurd == 2 and not zs.gevonden
