"""The bulk resolver: the same answers as the single path, fingerprints included, in a constant number of queries."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contenthub.content.models import GemeentelijkeAanvulling, Kennisartikel, Locatie, SectieAanpassing
from contenthub.content.resolver import (
    FINGERPRINT_VERSIE,
    samengesteld,
    samengesteld_bulk,
    stel_samen,
    vacs_per_gemeente,
    vacs_voor_gemeente,
)
from contenthub.content.secties import SECTIE_VELDEN
from tests.factories import AanvullingFactory, GemeenteFactory, KennisartikelFactory, VraagAntwoordFactory

pytestmark = pytest.mark.django_db

tekst = st.text(alphabet=st.characters(exclude_categories=["Cs", "Cc"], include_characters="\r\n"), min_size=1, max_size=20)
aanvulling = st.none() | st.fixed_dictionaries(
    {
        "live": st.booleans(),
        "titel": st.sampled_from(["", "Eigen titel"]),
        "secties": st.lists(
            st.tuples(st.sampled_from(SECTIE_VELDEN), st.sampled_from(["aanvullen", "vervangen"]), tekst),
            max_size=3,
            unique_by=lambda t: t[0],
        ),
        "locaties": st.integers(0, 2),
        "desk_memo": st.sampled_from(["", "Lokaal\r\nmemo", "Cafe\u0301"]),
    }
)


def maak_aanvulling(gemeente, artikel, opzet, **extra):
    a = AanvullingFactory(
        gemeente=gemeente, kennisartikel=artikel, live=opzet["live"], titel=opzet["titel"], desk_memo=opzet["desk_memo"], **extra
    )
    SectieAanpassing.objects.bulk_create(
        SectieAanpassing(aanvulling=a, sectie=s, modus=m, tekst=t, sort_order=i) for i, (s, m, t) in enumerate(opzet["secties"])
    )
    Locatie.objects.bulk_create(
        Locatie(aanvulling=a, naam=f"Locatie {i}", adres="Plein 1", sort_order=i) for i in range(opzet["locaties"])
    )
    return a


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    opzet=st.lists(st.lists(aanvulling, min_size=3, max_size=3), min_size=2, max_size=2),
    artikel_live=st.lists(st.booleans(), min_size=3, max_size=3),
    lokaal=st.lists(st.lists(aanvulling.filter(lambda a: a is not None), max_size=2), min_size=2, max_size=2),
)
def test_bulk_geeft_hetzelfde_als_de_enkele_samenstelling(opzet, artikel_live, lokaal):
    with transaction.atomic():
        gemeenten = [GemeenteFactory(slug=f"bulk{i}", code=f"gm77{i:02d}") for i in range(2)]
        artikelen = [KennisartikelFactory(live=live, tekst="Tekst\r\nmet CRLF") for live in artikel_live]
        lokale = []
        for g, rij, eigen in zip(gemeenten, opzet, lokaal, strict=True):
            for artikel, a in zip(artikelen, rij, strict=True):
                if a is not None:
                    maak_aanvulling(g, artikel, a)
            for j, a in enumerate(eigen):
                lokale.append(maak_aanvulling(g, None, {**a, "titel": "Lokaal"}, upn_uri=f"https://lokaal.example/{g.slug}/{j}"))

        bulk = {(s.uuid, s.gemeente.slug): s for s in samengesteld_bulk(gemeenten)}
        verwacht = {}
        for g in gemeenten:
            for k in Kennisartikel.objects.filter(live=True):
                verwacht[(k.uuid, g.slug)] = samengesteld(k, g, alleen_live=True)
            for a in GemeentelijkeAanvulling.objects.filter(gemeente=g, kennisartikel=None, live=True):
                verwacht[(a.uuid, g.slug)] = samengesteld(None, g, aanvulling=a, alleen_live=True)
        assert set(bulk) == set(verwacht)
        for sleutel, antwoord in verwacht.items():
            assert bulk[sleutel].antwoord == antwoord
            assert bulk[sleutel].antwoord.fingerprint == antwoord.fingerprint
        transaction.set_rollback(True)


def _catalogus(aantal_gemeenten: int, aantal_artikelen: int):
    gemeenten = [GemeenteFactory(slug=f"schaal{i}", code=f"gm6{i:03d}") for i in range(aantal_gemeenten)]
    artikelen = [KennisartikelFactory() for _ in range(aantal_artikelen)]
    for i, g in enumerate(gemeenten):
        for artikel in artikelen[i % 2 :: 2]:
            maak_aanvulling(
                g,
                artikel,
                {"live": True, "titel": "", "secties": [("tekst", "aanvullen", "Lokaal.")], "locaties": 1, "desk_memo": ""},
            )
        maak_aanvulling(
            g,
            None,
            {"live": True, "titel": "Lokaal product", "secties": [], "locaties": 1, "desk_memo": ""},
            upn_uri=f"https://l.example/{g.slug}",
        )
    return gemeenten


def _queries_van_bulk(gemeenten) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        aantal = sum(1 for _ in samengesteld_bulk(gemeenten))
    return len(ctx.captured_queries), aantal


def test_bulk_kost_evenveel_queries_bij_tien_keer_zoveel_inhoud():
    klein = _queries_van_bulk(_catalogus(2, 3))
    groot = _queries_van_bulk(_catalogus(20, 30))
    assert groot[1] >= 10 * klein[1]
    assert groot[0] == klein[0] <= 5


def test_fingerprint_heeft_een_versie_en_normaliseert_tekst():
    generiek = {"titel": "Café", "upn_uri": "u", "upn_label": "l", "doelgroep": "eu-burger", "desk_memo": "intern"}
    generiek.update({veld: "" for veld in SECTIE_VELDEN})
    crlf = stel_samen({**generiek, "tekst": "a\r\nb", "titel": "Cafe\u0301"}, [], None)
    lf = stel_samen({**generiek, "tekst": "a\nb"}, [], None)
    assert crlf.fingerprint == lf.fingerprint and crlf.fingerprint.startswith(f"{FINGERPRINT_VERSIE}:sha256:")
    assert "desk_memo" not in crlf.publieke_velden
    zonder_memo = stel_samen({**generiek, "tekst": "a\nb", "desk_memo": "ander intern"}, [], None)
    assert zonder_memo.publieke_fingerprint == lf.publieke_fingerprint and zonder_memo.fingerprint != lf.fingerprint


def test_vacs_per_gemeente_eigen_plus_niet_vervangen_generieke_alleen_actief():
    dijkstad, bosrijk = GemeenteFactory(slug="dijk", code="gm7101"), GemeenteFactory(slug="bos", code="gm7102")
    vervangen = VraagAntwoordFactory(vraag="Wat kost een paspoort?")
    blijft = VraagAntwoordFactory(vraag="Hoe lang is een paspoort geldig?", gerelateerde_vacs=[str(vervangen.pk)])
    oud = VraagAntwoordFactory(vraag="Oude regeling?", status="non-actief")
    concept = VraagAntwoordFactory(vraag="Nog niet live?", live=False)
    eigen = VraagAntwoordFactory(vraag="Wat kost een paspoort in Dijk?", gemeente=dijkstad, vervangt=vervangen)
    eigen_oud = VraagAntwoordFactory(vraag="Dijk-evenement?", gemeente=dijkstad, status="non-actief")
    anders = VraagAntwoordFactory(vraag="Bos-vraag?", gemeente=bosrijk)

    per = vacs_per_gemeente([dijkstad, bosrijk])
    assert {v.pk for v in per["dijk"]} == {blijft.pk, eigen.pk}
    assert {v.pk for v in per["bos"]} == {vervangen.pk, blijft.pk, anders.pk}
    assert oud.pk not in {v.pk for lijst in per.values() for v in lijst}
    assert concept.pk not in {v.pk for lijst in per.values() for v in lijst} and eigen_oud.pk not in {v.pk for v in per["dijk"]}
    # A related VAC points at the gemeente's replacement, and the shared row is not changed.
    assert next(v for v in per["dijk"] if v.pk == blijft.pk).gerelateerde_vacs == [str(eigen.pk)]
    assert next(v for v in per["bos"] if v.pk == blijft.pk).gerelateerde_vacs == [str(vervangen.pk)]
    assert [v.pk for v in vacs_voor_gemeente(dijkstad)] == [v.pk for v in per["dijk"]]

    # Asked for a few VACs only (a delivery): the same answer for those, remapped references included.
    alle = [vervangen, blijft, oud, concept, eigen, eigen_oud, anders]
    for deel in ([blijft], [vervangen], [vervangen, anders], [eigen, eigen_oud], alle):
        gevraagd = {v.pk for v in deel}
        beperkt = vacs_per_gemeente([dijkstad, bosrijk], gevraagd)
        for slug in ("dijk", "bos"):
            verwacht = [(v.pk, v.gerelateerde_vacs) for v in per[slug] if v.pk in gevraagd]
            assert [(v.pk, v.gerelateerde_vacs) for v in beperkt[slug]] == verwacht, (slug, deel)


def test_vacs_per_gemeente_is_een_query_voor_elk_aantal_gemeenten():
    gemeenten = [GemeenteFactory(slug=f"v{i}", code=f"gm72{i:02d}") for i in range(12)]
    for g in gemeenten:
        VraagAntwoordFactory(gemeente=g)
    VraagAntwoordFactory()
    with CaptureQueriesContext(connection) as een:
        vacs_per_gemeente(gemeenten[:1])
    with CaptureQueriesContext(connection) as twaalf:
        vacs_per_gemeente(gemeenten)
    assert len(een.captured_queries) == len(twaalf.captured_queries) == 1
