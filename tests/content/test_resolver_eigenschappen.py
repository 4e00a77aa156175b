"""Property tests of the layer resolver (pure function, no database)."""

import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from contenthub.content.resolver import AanvullingData, Herkomst, fingerprint, stel_samen
from contenthub.content.secties import SECTIE_VELDEN

GEMEENTEN = ["dijkstad", "bosrijk", "havenmond"]
tekst = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=0, max_size=40)


def generiek_strategie():
    return st.fixed_dictionaries(
        {
            "titel": tekst,
            "upn_uri": st.just("http://standaarden.overheid.nl/owms/terms/X"),
            "upn_label": st.just("X"),
            "doelgroep": st.just("eu-burger"),
            "desk_memo": tekst,
            "trefwoorden": st.lists(tekst, max_size=3),
            "levensgebeurtenissen": st.lists(st.sampled_from(["reizen", "wonen"]), max_size=2),
            **{veld: tekst for veld in SECTIE_VELDEN},
        }
    )


def aanvulling_strategie(gemeente, merk):
    """An aanvulling whose every text carries a marker unique to its gemeente."""
    gemerkt = tekst.map(lambda t: f"{t} [{merk}]")
    return st.builds(
        AanvullingData,
        gemeente=st.just(gemeente),
        titel=st.one_of(st.just(""), gemerkt),
        secties=st.lists(
            st.tuples(st.sampled_from(SECTIE_VELDEN), st.sampled_from(["aanvullen", "vervangen"]), gemerkt), max_size=6
        ).map(tuple),
        locaties=st.lists(st.builds(lambda n: {"naam": n, "adres": "", "openingstijden": ""}, gemerkt), max_size=2).map(tuple),
        aangewezen_kanaal=gemerkt,
        desk_memo=st.one_of(st.just(""), gemerkt),
        trefwoorden=st.lists(gemerkt, max_size=3).map(tuple),
    )


@given(
    generiek=generiek_strategie(),
    eigen=aanvulling_strategie("dijkstad", "EIGEN-DIJKSTAD"),
    andere=st.lists(st.sampled_from(GEMEENTEN[1:]).flatmap(lambda g: aanvulling_strategie(g, f"VREEMD-{g.upper()}")), max_size=3),
    volgorde=st.randoms(use_true_random=False),
)
def test_nooit_tekst_van_een_andere_gemeente(generiek, eigen, andere, volgorde):
    aanvullingen = [eigen, *andere]
    volgorde.shuffle(aanvullingen)
    antwoord = stel_samen(generiek, aanvullingen, "dijkstad")
    assert "VREEMD-" not in repr(antwoord.velden)


@given(generiek=generiek_strategie(), andere=aanvulling_strategie("bosrijk", "VREEMD"))
def test_generiek_antwoord_bevat_geen_gemeentetekst(generiek, andere):
    antwoord = stel_samen(generiek, [andere], None)
    assert "VREEMD" not in repr(antwoord.velden)
    assert set(antwoord.herkomst[v] for v in SECTIE_VELDEN) == {Herkomst.GENERIEK}


@given(
    generiek=generiek_strategie(),
    veld=st.sampled_from(SECTIE_VELDEN),
    vervang=tekst.map(lambda t: f"V{t}"),
    aanvul=tekst.map(lambda t: f"A{t}"),
    vervangen_eerst=st.booleans(),
)
def test_vervangen_wint_van_aanvullen_wint_van_generiek(generiek, veld, vervang, aanvul, vervangen_eerst):
    regels = [(veld, "vervangen", vervang), (veld, "aanvullen", aanvul)]
    if not vervangen_eerst:
        regels.reverse()
    beide = stel_samen(generiek, [AanvullingData("dijkstad", secties=tuple(regels))], "dijkstad")
    assert beide.velden[veld] == vervang.strip()
    assert beide.herkomst[veld] == Herkomst.VERVANGEN

    alleen_aanvullen = stel_samen(generiek, [AanvullingData("dijkstad", secties=((veld, "aanvullen", aanvul),))], "dijkstad")
    assert alleen_aanvullen.velden[veld].endswith(aanvul.strip())
    assert alleen_aanvullen.velden[veld].startswith(generiek[veld].strip())
    if generiek[veld].strip():
        assert alleen_aanvullen.herkomst[veld] == Herkomst.AANGEVULD

    niets = stel_samen(generiek, [AanvullingData("dijkstad")], "dijkstad")
    assert niets.velden[veld] == generiek[veld].strip()
    assert niets.herkomst[veld] == Herkomst.GENERIEK


klein = st.sampled_from(["", "x", "y"])
kleine_aanvulling = st.builds(
    AanvullingData,
    gemeente=st.just("dijkstad"),
    titel=klein,
    secties=st.lists(
        st.tuples(st.sampled_from(SECTIE_VELDEN[:2]), st.sampled_from(["aanvullen", "vervangen"]), klein), max_size=2
    ).map(tuple),
    desk_memo=klein,
)


@given(generiek=generiek_strategie(), eigen=kleine_aanvulling, ander=kleine_aanvulling, kopie=st.booleans())
def test_fingerprint_verandert_dan_en_slechts_dan_als_de_inhoud_verandert(generiek, eigen, ander, kopie):
    """Small alphabets make equal and different composed answers both common."""
    if kopie:
        ander = dataclasses.replace(eigen)
    a = stel_samen(generiek, [eigen], "dijkstad")
    b = stel_samen(generiek, [ander], "dijkstad")
    assert (a.fingerprint == b.fingerprint) == (a.velden == b.velden)
    if kopie:
        assert a.fingerprint == b.fingerprint
    # Recomputing gives the same fingerprint (stable, canonical).
    assert stel_samen(generiek, [eigen], "dijkstad").fingerprint == a.fingerprint == fingerprint(a.velden)


@given(
    generiek=generiek_strategie(), veld=st.sampled_from(SECTIE_VELDEN), extra=st.text(min_size=1, max_size=20).filter(str.strip)
)
def test_fingerprint_volgt_elke_sectiewijziging(generiek, veld, extra):
    voor = stel_samen(generiek, [], None)
    gewijzigd = dict(generiek, **{veld: generiek[veld] + "\n" + extra})
    na = stel_samen(gewijzigd, [], None)
    assert (voor.fingerprint == na.fingerprint) == (voor.velden == na.velden)
    assert voor.velden != na.velden


def test_lokaal_product_zonder_generiek():
    lokaal = AanvullingData(
        "dijkstad", titel="Afvalkalender", secties=(("tekst", "aanvullen", "Ophaaldagen."),), upn_uri="http://x/Afvalkalender"
    )
    antwoord = stel_samen(None, [lokaal], "dijkstad")
    assert antwoord.velden["titel"] == "Afvalkalender"
    assert antwoord.velden["tekst"] == "Ophaaldagen."
    assert antwoord.herkomst["tekst"] == Herkomst.GEMEENTE
    assert antwoord.velden["upn_uri"] == "http://x/Afvalkalender"
