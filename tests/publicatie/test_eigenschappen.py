"""Property tests over interleavings of publishes, withdrawals, failing and late deliveries.

Run in this process against the real publishers and the receivers' stores (the reference website and bot processes
and the OpenSearch node). Two properties:

- **never back**: after every step, what each receiver holds is never older than what it held before (the
  texts carry increasing version numbers; a withdrawn item may be absent at any time);
- **settles to the resolver**: once deliveries succeed again, each receiver holds exactly what the resolver
  composes for that gemeente now (same fingerprint), and nothing that is withdrawn.
"""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.actions.unpublish import UnpublishAction

from contenthub.content.models import SectieAanpassing
from contenthub.publicatie.levering import gewenste_inhoud, lever
from contenthub.publicatie.models import Aansluiting, LeveringHistorie
from contenthub.publicatie.samenstellen import Doelen
from publishers.base import Bestemming, PublicatieFout
from publishers.kennisbank import KennisbankPublisher
from publishers.registry import publisher, registreer
from tests.factories import AanvullingFactory, GemeenteFactory, KennisartikelFactory, VraagAntwoordFactory, publiceer

pytestmark = pytest.mark.django_db

KANALEN = ("website", "kennisbank", "chatbot")
WEBHOOK = ("website", "chatbot")
STAPPEN = st.lists(
    st.one_of(
        st.tuples(st.just("artikel")),
        st.tuples(st.just("aanvulling")),
        st.tuples(st.just("vac")),
        st.tuples(st.just("intrekken"), st.sampled_from(["artikel", "aanvulling", "vac"])),
        st.tuples(st.just("lever"), st.sampled_from(KANALEN), st.integers(0, 1)),
        st.tuples(st.just("storing"), st.sampled_from(KANALEN)),
        st.tuples(st.just("laat"), st.sampled_from(KANALEN)),
    ),
    min_size=1,
    max_size=10,
)
VERSIE = re.compile(r"(artikel|lokaal|vac)versie (\d+)")


class Wereld:
    """One example: a generiek article, a gemeente's aanvulling on it and a gemeente VAC, in two gemeenten."""

    def __init__(self, ontvangers, gemeenten):
        self.ontvangers, self.gemeenten, self.teller = ontvangers, gemeenten, 0
        self.website = ontvangers["website"]
        self.artikel = publiceer(KennisartikelFactory(live=False, tekst=self._tekst("artikel")))
        self.aanvulling = None
        self.vac = publiceer(VraagAntwoordFactory(gemeente=gemeenten[0], antwoord=self._tekst("vac"), kort_antwoord=""))
        self.gezien: dict[tuple, dict[str, int]] = {}
        self.storing: set[str] = set()

    def _tekst(self, soort: str) -> str:
        self.teller += 1
        return f"Dit is {soort}versie {self.teller}."

    def stap(self, stap: tuple) -> None:
        soort = stap[0]
        if soort == "artikel":
            concept = self.artikel.get_latest_revision_as_object()
            concept.tekst = self._tekst("artikel")
            concept.save_revision().publish(skip_permission_checks=True)
        elif soort == "aanvulling":
            if self.aanvulling is None:
                a = AanvullingFactory.build(gemeente=self.gemeenten[0], kennisartikel=self.artikel, titel="")
                a.secties.add(SectieAanpassing(sectie="tekst", modus="aanvullen", tekst=self._tekst("lokaal")))
                self.aanvulling = publiceer(a)
            else:
                concept = self.aanvulling.get_latest_revision_as_object()
                concept.secties.all()[0].tekst = self._tekst("lokaal")
                concept.secties = [SectieAanpassing(sectie="tekst", modus="aanvullen", tekst=self._tekst("lokaal"))]
                concept.save_revision().publish(skip_permission_checks=True)
        elif soort == "vac":
            concept = self.vac.get_latest_revision_as_object()
            concept.antwoord = self._tekst("vac")
            concept.save_revision().publish(skip_permission_checks=True)
        elif soort == "intrekken":
            obj = {"artikel": self.artikel, "aanvulling": self.aanvulling, "vac": self.vac}[stap[1]]
            if obj is not None:
                obj.refresh_from_db()
                UnpublishAction(obj).execute(skip_permission_checks=True)
        elif soort == "lever":
            self._lever(stap[1], [self.gemeenten[stap[2]]])
            self.storing.discard(stap[1])
        elif soort == "storing":
            self.storing.add(stap[1])
        elif soort == "laat":
            self._laat(stap[1])

    def _doelen(self) -> Doelen:
        return Doelen(kennisartikelen={self.artikel.pk}, lokale=set(), vacs={self.vac.pk})

    def _lever(self, kanaal: str, gemeenten) -> None:
        if kanaal not in self.storing:
            lever(kanaal, gemeenten, self._doelen())
            return
        if kanaal in WEBHOOK:
            Aansluiting.objects.filter(kanaal=kanaal).update(url="http://127.0.0.1:9/{gemeente}/webhook")
            lever(kanaal, gemeenten, self._doelen())
            ontvanger = self.ontvangers[kanaal]
            Aansluiting.objects.filter(kanaal=kanaal).update(url=f"{ontvanger.url}/{{gemeente}}/webhook")
        else:
            echt = publisher("kennisbank")
            registreer(KennisbankPublisher("http://127.0.0.1:9", alias=echt.alias, timeout=0.5))
            try:
                lever(kanaal, gemeenten, self._doelen())
            finally:
                registreer(echt)

    def _laat(self, kanaal: str) -> None:
        """A delayed duplicate of the oldest request this channel got for this example arrives now."""
        oud = (
            LeveringHistorie.objects.filter(kanaal=kanaal, item_uuid__in=[self.artikel.pk, self.vac.pk], ingetrokken=False)
            .select_related("payload")
            .order_by("volgnummer")
            .first()
        )
        if oud is None:
            return
        gemeente = next(g for g in self.gemeenten if g.slug == oud.gemeente_slug)
        items = gewenste_inhoud(kanaal, [gemeente], Doelen(kennisartikelen={oud.item_uuid}, lokale=set(), vacs={oud.item_uuid}))
        if not items:
            return
        ((item, _, _),) = items.values()
        ontvanger = self.ontvangers.get(kanaal, self.website)
        bestemming = Bestemming(url=f"{ontvanger.url}/{gemeente.slug}/webhook", geheim=ontvanger.geheim)
        try:
            publisher(kanaal).publiceer(item, oud.payload.inhoud, oud.fingerprint, oud.volgnummer, bestemming)
        except PublicatieFout:
            pass  # refused as older: exactly what should happen

    def waarneming(self, kanaal: str, gemeente, soort: str, uuid) -> dict[str, int] | None:
        if kanaal == "website":
            r = self.website.pagina(gemeente.slug, soort, uuid)
            tekst = r.text if r.status_code == 200 else None
        elif kanaal == "chatbot":
            r = self.ontvangers["chatbot"].http.get(f"{self.ontvangers['chatbot'].url}/_inhoud/{gemeente.slug}/{uuid}")
            tekst = r.text if r.status_code == 200 else None
        else:
            doc = publisher("kennisbank").document(gemeente.slug, soort, uuid)
            tekst = str(doc) if doc else None
        if tekst is None:
            return None
        return {naam: int(n) for naam, n in VERSIE.findall(tekst)}

    def controleer_nooit_terug(self, kanalen=KANALEN) -> None:
        for kanaal in kanalen:
            for g in self.gemeenten:
                for soort, uuid in (("kennisartikel", self.artikel.pk), ("vac", self.vac.pk)):
                    nu = self.waarneming(kanaal, g, soort, uuid)
                    vorig = self.gezien.get((kanaal, g.pk, uuid))
                    if nu is None:
                        continue
                    if vorig is not None:
                        for naam, versie in vorig.items():
                            assert nu.get(naam, versie) >= versie, f"{kanaal}/{g.slug}: terug van {vorig} naar {nu}"
                    self.gezien[(kanaal, g.pk, uuid)] = nu

    def controleer_gelijk_aan_resolver(self) -> None:
        for kanaal in KANALEN:
            lever(kanaal, self.gemeenten, self._doelen())
            gewenst = gewenste_inhoud(kanaal, self.gemeenten, self._doelen())
            for g in self.gemeenten:
                for soort, uuid in (("kennisartikel", self.artikel.pk), ("vac", self.vac.pk)):
                    verwacht = gewenst.get((g.pk, soort, uuid))
                    if kanaal in WEBHOOK:
                        status = self.ontvangers[kanaal].status(g.slug, uuid)
                        gehouden = status["fingerprint"] if status and not status["ingetrokken"] else None
                    else:
                        doc = publisher("kennisbank").document(g.slug, soort, uuid)
                        gehouden = doc["fingerprint"] if doc else None
                    assert gehouden == (verwacht[2] if verwacht else None), f"{kanaal}/{g.slug}/{soort}"


@pytest.fixture
def gemeenten(db):
    return [GemeenteFactory(), GemeenteFactory()]


def test_nooit_terug_en_daarna_gelijk_aan_de_resolver(website, chatbot, gemeenten):
    from contenthub.core.zoekindex import zoekindex_in_bulk

    publisher("kennisbank").zorg_voor_index()

    @settings(
        max_examples=int(__import__("os").environ.get("EIGENSCHAP_VOORBEELDEN", 1000)),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        deadline=None,
    )
    @given(STAPPEN)
    def eigenschap(stappen):
        wereld = Wereld({"website": website, "chatbot": chatbot}, gemeenten)
        for stap in stappen:
            wereld.stap(stap)
            if stap[0] in ("lever", "laat"):  # only deliveries change what a receiver holds
                wereld.controleer_nooit_terug([stap[1]])
        wereld.controleer_gelijk_aan_resolver()

    # The admin's search index is not under test here; per-save updates of it grow with every example.
    with zoekindex_in_bulk():
        eigenschap()
