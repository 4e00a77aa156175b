import pytest

from contenthub.redactie.kwaliteit import FOUT, WAARSCHUWING, controleer, controleer_tekst
from tests.factories import KennisartikelFactory, SjabloonFactory, VraagAntwoordFactory

MOEILIJK = (
    "De onderhavige aanvraagprocedure betreffende de verstrekking van reisdocumenten geschiedt overeenkomstig "
    "de toepasselijke bepalingen van de Paspoortuitvoeringsregeling Nederland en aanverwante regelgeving, "
    "waarbij de burgemeester bevoegd is tot het weigeren van verstrekking indien gegronde redenen bestaan."
)
MAKKELIJK = (
    "U vraagt een paspoort aan bij de gemeente. U moet zelf komen. Neem een pasfoto mee. Het kost geld. U betaalt met pin."
)


def niveaus(bevindingen):
    return [(b.niveau, b.veld) for b in bevindingen]


def test_moeilijke_tekst_geeft_leesbaarheidswaarschuwing():
    bevindingen = controleer_tekst("tekst", "Tekst", MOEILIJK)
    assert (WAARSCHUWING, "tekst") in niveaus(bevindingen)
    assert any("Flesch-Douma" in b.melding for b in bevindingen)
    assert any("woorden per zin" in b.melding for b in bevindingen)


def test_eenvoudige_tekst_geeft_geen_opmerkingen():
    assert controleer_tekst("tekst", "Tekst", MAKKELIJK) == []


@pytest.mark.parametrize("linktekst", ["klik hier", "Hier", "lees meer", "Meer informatie"])
def test_vage_linkteksten(linktekst):
    bevindingen = controleer_tekst("tekst", "Tekst", f"Voor een afspraak [{linktekst}](https://example.nl).")
    assert any(linktekst in b.melding for b in bevindingen)


def test_beschrijvende_link_is_goed():
    assert controleer_tekst("tekst", "Tekst", "Maak [een afspraak voor uw paspoort](https://example.nl).") == []


def test_afbeelding_zonder_alt_tekst():
    assert any("alt-tekst" in b.melding for b in controleer_tekst("tekst", "Tekst", "![](https://example.nl/a.png)"))
    assert any("alt-tekst" in b.melding for b in controleer_tekst("tekst", "Tekst", '<img src="a.png">'))
    assert controleer_tekst("tekst", "Tekst", "![Plattegrond van het stadhuis](https://example.nl/a.png)") == []


def test_slot_is_een_harde_fout_maar_niet_in_een_sjabloon():
    artikel = KennisartikelFactory.build(tekst="Uw paspoort verloopt op {{ reisdocument.vervaldatum }}.")
    assert (FOUT, "tekst") in niveaus(controleer(artikel))
    assert not [b for b in controleer(SjabloonFactory.build()) if b.blokkeert]


def test_interne_notities_krijgen_alleen_de_slotcontrole():
    artikel = KennisartikelFactory.build(desk_memo=MOEILIJK + " [klik hier](https://x.nl)")
    assert controleer(artikel) == []


def test_kort_antwoord_te_lang_is_fout():
    assert (FOUT, "kort_antwoord") in niveaus(controleer(VraagAntwoordFactory.build(kort_antwoord="a" * 281)))
    assert (FOUT, "kort_antwoord") not in niveaus(controleer(VraagAntwoordFactory.build(kort_antwoord="a" * 280)))


@pytest.mark.django_db
def test_waarschuwingen_zichtbaar_in_de_editor_en_blokkeren_niet(client, landelijk_redacteur):
    from django.urls import reverse

    from tests.factories import publiceer

    artikel = publiceer(KennisartikelFactory(live=False, tekst=MOEILIJK))
    client.force_login(landelijk_redacteur)
    pagina = client.get(reverse("wagtailsnippets_content_kennisartikel:edit", args=[artikel.pk])).content.decode()
    assert "Kwaliteitscontrole" in pagina
    assert "moeilijk leesbaar" in pagina
