"""What agents type is scrubbed of personal data before it is stored."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contenthub.kcc.privacy import normaliseer, schoon


@pytest.mark.parametrize(
    ("getypt", "bewaard"),
    [
        ("meneer Jansen wil zijn paspoort verlengen, bsn 123456782", "meneer [naam] wil zijn paspoort verlengen, bsn [nummer]"),
        ("mijn naam is Piet de Boer, tel 06-12345678", "mijn naam is [naam], tel [telefoon]"),
        ("mevr. van der Berg mail piet.berg@example.nl", "mevr. [naam] mail [e-mail]"),
        ("mevrouw de vries heeft een vraag over grofvuil", "mevrouw [naam] heeft een vraag over grofvuil"),
        ("woont op Kerkstraat 12a 1234 AB", "woont op [adres] [postcode]"),
        ("kenteken 12-ABC-3, iban NL91 ABNA 0417 1643 00", "kenteken [kenteken], iban [iban]"),
        ("geboren 12-03-1980, zaaknummer 2024-00123", "geboren [datum], zaaknummer [nummer]"),
        ("bel terug op +31 20 123 4567", "bel terug op [telefoon]"),
        ("BSN 1234.56.782", "BSN [nummer]"),
    ],
)
def test_persoonsgegevens_eruit(getypt, bewaard):
    assert schoon(getypt) == bewaard


@pytest.mark.parametrize(
    "vraag",
    [
        "wie haalt mijn oude koelkast op",
        "mevrouw wil haar paspoort verlengen",
        "wat kost een rijbewijs in 2026",
        "grofvuil ophalen voor 3 bankstellen",
        "er zit een gat in de stoep voor mijn deur",
        "parkeervergunning 2e auto",
        "hoe heet het formulier om te parkeren",
        "op naam van mijn vrouw",
    ],
)
def test_gewone_vragen_blijven_heel(vraag):
    assert schoon(vraag) == vraag


@given(st.from_regex(r"[1-9]\d{8}", fullmatch=True), st.sampled_from(["bsn {}", "nummer {} graag", "{}"]))
def test_negen_cijfers_nooit_bewaard(nummer, vorm):
    assert nummer not in schoon(vorm.format(nummer))


def test_normaliseren_telt_gelijke_vragen_samen():
    assert normaliseer("  Paspoort   KWIJT? ") == normaliseer("paspoort kwijt") == "paspoort kwijt"


@pytest.mark.parametrize(
    ("getypt", "bewaard"),
    [
        ("dhr. P. Jansen belt over zijn paspoort", "dhr. [naam] belt over zijn paspoort"),
        ("mevrouw A. de Groot wil verhuizen", "mevrouw [naam] wil verhuizen"),
        ("meneer J", "meneer [naam]"),
        ("mijn naam is j. jansen en ik wil verhuizen", "mijn naam is [naam] en ik wil verhuizen"),
        ("naam: jan jansen", "naam: [naam]"),
        ("bsn123456782", "bsn[nummer]"),
        ("mail naar jan@gmail", "mail naar [e-mail]"),
        ("paspoort jan.jansen@exa", "paspoort [e-mail]"),
        ("geboren 12 maart 1980", "geboren [datum]"),
        ("achternaam: jansen", "achternaam: [naam]"),
        ("naam klant: jansen", "naam klant: [naam]"),
        ("naam:jansen", "naam:[naam]"),
        ("ik heet jan jansen en wil verhuizen", "ik heet [naam] en wil verhuizen"),
        ("meneer p jansen", "meneer [naam]"),
        ("meneer j. wil paspoort", "meneer [naam] wil paspoort"),
        ("meneer J.P. de Vries belt", "meneer [naam] belt"),
        ("meneer jan jansen wil verhuizen", "meneer [naam] wil verhuizen"),
        ("mevrouw fatima el amrani heeft een vraag", "mevrouw [naam] heeft een vraag"),
        ("meneer jan van der berg belt", "meneer [naam] belt"),
        ("mevrouw jansen over haar paspoort", "mevrouw [naam] over haar paspoort"),
        ("meneer Jansen paspoort verlengen", "meneer [naam] paspoort verlengen"),  # capitalised: the name is clear
        ("meneer jansen paspoort verlengen", "meneer [naam] verlengen"),  # lower case: the safer mistake
        # a name that starts like a common word, an address form more, two-digit years, an invisible separator
        ("meneer Al-Hassan belt", "meneer [naam] belt"),
        ("mevrouw Al-Saleh wil paspoort", "mevrouw [naam] wil paspoort"),
        ("meneer Al Hassan belt", "meneer [naam] belt"),
        ("mijnheer Jansen belt", "mijnheer [naam] belt"),
        ("geboren 3 maart 80", "geboren [datum]"),
        ("geb 3 mrt '80", "geb [datum]"),
        ("geboren op 3-3-'80", "geboren op [datum]"),
        ("bsn 123\u200b456\u200b782", "bsn [nummer]"),
        ("iban NL91-ABNA-0417-1643-00", "iban [iban]"),
    ],
)
def test_ook_initialen_halve_adressen_en_datums_in_woorden(getypt, bewaard):
    assert schoon(getypt) == bewaard


def test_lange_tekst_pas_na_het_schonen_ingekort():
    tekst = "bsn 123456782 " + "woord " * 400
    assert schoon(tekst, lengte=2000).startswith("bsn [nummer] woord") and len(schoon(tekst, lengte=2000)) == 2000
    assert len(schoon(tekst)) == 300


def test_een_lange_tekst_wordt_tot_kort_na_de_opslaglengte_geschoond():
    """Only what can be stored is scrubbed (plus a margin for an identifier that starts before the cut): a pasted
    page of text costs no more than that, and an identifier at the cut is still scrubbed whole."""
    tekst = "vraag " * 40 + "bsn 123456782" + " x'" * 5000
    geschoond = schoon(tekst)
    assert len(geschoond) == 300 and "[nummer]" in geschoond and "1234" not in geschoond


def test_een_opmerking_over_regels_heen_als_geheel_geschoond():
    """ "meneer" at the end of one line and the name on the next still meet; the line breaks stay."""
    assert schoon("Klant belde, naam:\nJan Jansen, prijs klopt niet", 2000, regels=True) == (
        "Klant belde, naam:\n[naam], prijs klopt niet"
    )
    assert schoon("Gesproken met mevrouw\n\nde Vries over de prijs", 2000, regels=True) == (
        "Gesproken met mevrouw\n[naam] over de prijs"
    )
