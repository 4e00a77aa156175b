"""Import/export of the corpus layout against ../shared/corpus, on the real database."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from contenthub.content.models import GemeentelijkeAanvulling, Kennisartikel, PersoonlijkSjabloon, VraagAntwoord
from contenthub.content.resolver import samengesteld
from contenthub.core.models import Gemeente
from contenthub.uitwisseling.exporteren import exporteer_corpus
from contenthub.uitwisseling.importeren import Importeur
from contenthub.uitwisseling.lezen import ImportFout
from tests.uitwisseling.conftest import wijzig_json

pytestmark = pytest.mark.django_db


def importeer(map_, *args):
    uit = io.StringIO()
    call_command("import_corpus", str(map_), *args, stdout=uit)
    return uit.getvalue()


def aantallen():
    return (
        Gemeente.objects.count(),
        Kennisartikel.objects.count(),
        GemeentelijkeAanvulling.objects.count(),
        VraagAntwoord.objects.count(),
        PersoonlijkSjabloon.objects.count(),
    )


def test_gewijzigde_inhoud_krijgt_een_nieuwe_revisie(kopie):
    importeer(kopie)
    revisies = Revision.objects.count()
    bestand = kopie / "generiek" / "kennisartikelen.json"
    wijzig_json(bestand, lambda d: d[0]["vertalingen"][0].update(notice="Let op: nieuwe regels per 2027."))
    uitvoer = importeer(kopie)
    assert Revision.objects.count() == revisies + 1
    assert "kennisartikelen: 1 gewijzigd, 39 ongewijzigd" in uitvoer
    artikel = Kennisartikel.objects.get(pk=json.loads(bestand.read_text())[0]["uuid"])
    assert artikel.notice == "Let op: nieuwe regels per 2027."
    assert artikel.revisions.count() == 2


def test_import_als_concept_publiceert_niet(corpus_map):
    importeer(corpus_map, "--concept")
    assert not Kennisartikel.objects.filter(live=True).exists()
    assert VraagAntwoord.objects.filter(live=False).count() == 150
    assert all(k.latest_revision_id for k in Kennisartikel.objects.all())


def test_concept_import_over_live_inhoud_laat_live_versie_staan(kopie):
    importeer(kopie)
    bestand = kopie / "vacs.json"
    wijzig_json(bestand, lambda d: d[0].update(kortAntwoord="Nieuw kort antwoord."))
    importeer(kopie, "--concept")
    vac = VraagAntwoord.objects.get(pk=json.loads(bestand.read_text())[0]["uuid"])
    assert vac.live and vac.has_unpublished_changes
    assert vac.kort_antwoord != "Nieuw kort antwoord."
    assert vac.get_latest_revision_as_object().kort_antwoord == "Nieuw kort antwoord."


# --- errors: file + JSON path, nothing written --------------------------------------------------------


def fout_bij(kopie) -> str:
    with pytest.raises(CommandError) as exc:
        importeer(kopie)
    assert aantallen() == (0, 0, 0, 0, 0), "een mislukte import mag niets opslaan"
    return str(exc.value)


def test_ontbrekend_veld_noemt_bestand_en_pad(kopie):
    wijzig_json(kopie / "vacs.json", lambda d: d[3].pop("vraag"))
    assert "vacs.json $[3].vraag: verplicht veld ontbreekt" in fout_bij(kopie)


def test_te_lang_kort_antwoord_noemt_bestand_en_pad(kopie):
    wijzig_json(kopie / "vacs.json", lambda d: d[7].update(kortAntwoord="x" * 300))
    assert "vacs.json $[7].kortAntwoord: te lang (300 tekens, maximaal 280)" in fout_bij(kopie)


def test_onbekende_sleutel_en_waarde(kopie):
    def breek(d):
        d[2].update(doelgroep="eu-iedereen")
        d[2]["vertalingen"][0]["tittel"] = "x"

    wijzig_json(kopie / "generiek" / "kennisartikelen.json", breek)
    wijzig_json(kopie / "gemeenten" / "bosrijk" / "producten.json", lambda d: d[0].update(opmerking="x"))
    melding = fout_bij(kopie)
    assert "generiek/kennisartikelen.json $[2].doelgroep: ongeldige waarde 'eu-iedereen'" in melding
    assert "generiek/kennisartikelen.json $[2].vertalingen[0].tittel: onbekend veld; bedoelt u 'titel'?" in melding
    # The hub's own shapes refuse what they do not know.
    assert "gemeenten/bosrijk/producten.json $[0].opmerking: onbekend veld (tikfout?)" in melding


def test_onbekende_generieke_verwijzing(kopie):
    wijzig_json(
        kopie / "gemeenten" / "bosrijk" / "producten.json",
        lambda d: d[1].update(generiekUuid="00000000-0000-4000-8000-000000000000"),
    )
    assert "gemeenten/bosrijk/producten.json $[1].generiekUuid: onbekend kennisartikel" in fout_bij(kopie)


def test_ongeldige_json_noemt_regel(kopie):
    (kopie / "persoonlijk" / "sjablonen.json").write_text('[{"uuid": "x",\n  oeps}]', encoding="utf-8")
    assert "persoonlijk/sjablonen.json regel 2" in fout_bij(kopie)


def test_slot_in_generieke_tekst_noemt_pad_en_schrijft_niets(kopie):
    """This error is only found while writing (model validation): the transaction must roll back the
    gemeenten and items written before it."""
    wijzig_json(
        kopie / "generiek" / "kennisartikelen.json",
        lambda d: d[39]["vertalingen"][0].update(tekst="Beste {{ persoon.naam }}"),
    )
    melding = fout_bij(kopie)
    assert "generiek/kennisartikelen.json $[39].vertalingen[0].tekst" in melding
    assert "persoonlijk slot" in melding


def test_sjabloon_voor_website_wordt_geweigerd(kopie):
    wijzig_json(kopie / "persoonlijk" / "sjablonen.json", lambda d: d[0].update(kanalen=["kcc", "website"]))
    melding = fout_bij(kopie)
    assert "persoonlijk/sjablonen.json $[0].kanalen" in melding and "website" in melding


def test_dubbele_uuid_over_bestanden(kopie):
    vacs = json.loads((kopie / "vacs.json").read_text())
    wijzig_json(kopie / "persoonlijk" / "sjablonen.json", lambda d: d[0].update(uuid=vacs[0]["uuid"]))
    assert "komt al voor in vacs.json $[0]" in fout_bij(kopie)


def test_lege_map_is_een_duidelijke_fout(tmp_path):
    with pytest.raises(ImportFout, match="geen corpusbestanden gevonden"):
        Importeur().importeer(tmp_path)


def test_alleen_nieuw_laat_bewerkte_items_staan(kopie):
    importeer(kopie)
    bestand = kopie / "vacs.json"
    wijzig_json(bestand, lambda d: d[0].update(kortAntwoord="Anders in het bestand."))
    revisies = Revision.objects.count()
    uitvoer = importeer(kopie, "--alleen-nieuw")
    assert Revision.objects.count() == revisies
    assert "vraag-antwoordcombinaties: 150 ongewijzigd" in uitvoer


def test_slot_in_gemeentelijke_tekst_noemt_het_overlayveld(kopie):
    wijzig_json(
        kopie / "gemeenten" / "havenmond" / "producten.json",
        lambda d: d[4].update(specifiekeTekst="Beste {{ persoon.naam }}, welkom."),
    )
    melding = fout_bij(kopie)
    assert "gemeenten/havenmond/producten.json $[4].specifiekeTekst" in melding and "persoonlijk slot" in melding


def test_elk_corpussjabloon_vult_met_zijn_voorbeelddata(corpus_map):
    from contenthub.content.sjablonen import vul_sjabloon

    for sjabloon in json.loads((corpus_map / "persoonlijk" / "sjablonen.json").read_text(encoding="utf-8")):
        html = vul_sjabloon(sjabloon["sjabloon"], sjabloon["voorbeeldData"])
        assert "{{" not in html and "\\" not in html, sjabloon["naam"]


def test_vacs_die_naar_elkaar_verwijzen_importeren_in_een_keer(kopie):
    def koppel(vacs):
        vacs[0]["gerelateerdeVACs"] = [{"VAC": f"https://objecten.example/api/v2/objects/{vacs[1]['uuid']}"}]
        vacs[1]["gerelateerdeVACs"] = [{"VAC": f"https://contenthub.example/api/v1/vacs/{vacs[0]['uuid']}"}]

    wijzig_json(kopie / "vacs.json", koppel)
    importeer(kopie)
    vacs = json.loads((kopie / "vacs.json").read_text())
    assert VraagAntwoord.objects.get(pk=vacs[0]["uuid"]).gerelateerde_vacs == [vacs[1]["uuid"]]


def test_andere_vertalingen_maken_herimport_niet_onrustig(kopie):
    def voeg_engels_toe(artikelen):
        engels = dict(artikelen[0]["vertalingen"][0], taal="en", titel="Passport")
        artikelen[0]["vertalingen"].insert(0, engels)

    wijzig_json(kopie / "generiek" / "kennisartikelen.json", voeg_engels_toe)
    uitvoer = importeer(kopie)
    assert "vertalingen in en bewaard" in uitvoer
    revisies = Revision.objects.count()
    assert "kennisartikelen: 40 ongewijzigd" in importeer(kopie)
    assert Revision.objects.count() == revisies


def test_fout_in_nl_vertaling_noemt_de_echte_index(kopie):
    def voeg_engels_toe_en_breek_nl(artikelen):
        artikelen[5]["vertalingen"][0]["tekst"] = "Hallo {{ persoon.naam }}"
        artikelen[5]["vertalingen"].insert(0, dict(artikelen[5]["vertalingen"][0], taal="en", tekst="Hello"))

    wijzig_json(kopie / "generiek" / "kennisartikelen.json", voeg_engels_toe_en_breek_nl)
    assert "generiek/kennisartikelen.json $[5].vertalingen[1].tekst" in fout_bij(kopie)


def test_item_in_review_wordt_niet_overschreven(kopie, redacteur_dijkstad):
    importeer(kopie)
    bestand = kopie / "gemeenten" / "dijkstad" / "producten.json"
    overlay = json.loads(bestand.read_text())[0]
    aanvulling = GemeentelijkeAanvulling.objects.get(pk=overlay["uuid"])
    aanvulling.get_workflow().start(aanvulling, redacteur_dijkstad)
    wijzig_json(bestand, lambda d: d[0].update(deskMemo="Gewijzigd in het bestand."))
    uitvoer = importeer(kopie)
    assert "1 overgeslagen" in uitvoer and "is in review" in uitvoer
    aanvulling.refresh_from_db()
    assert aanvulling.workflow_in_progress and aanvulling.desk_memo != "Gewijzigd in het bestand."


def test_ongeldige_gemeentegegevens_noemen_het_contactpad(kopie):
    wijzig_json(kopie / "gemeenten" / "bosrijk" / "gemeente.json", lambda d: d["contact"].update(email="geen-adres"))
    assert "gemeenten/bosrijk/gemeente.json $.contact.email" in fout_bij(kopie)


def test_symbolische_link_buiten_de_map_wordt_geweigerd(kopie, tmp_path):
    buiten = tmp_path / "geheim.json"
    buiten.write_text("[]", encoding="utf-8")
    (kopie / "persoonlijk" / "sjablonen.json").unlink()
    (kopie / "persoonlijk" / "sjablonen.json").symlink_to(buiten)
    melding = fout_bij(kopie)
    assert "persoonlijk/sjablonen.json : verwijst (via een symbolische link) naar een bestand buiten de corpusmap" in melding


@pytest.mark.usefixtures("corpus_geimporteerd")
class TestGeimporteerdCorpus:
    """Tests that start from the unmodified shared corpus: one import for the class, each test rolled back."""

    def test_import_van_het_corpus_publiceert_alles(self, corpus_geimporteerd):
        uitvoer = corpus_geimporteerd
        assert aantallen() == (3, 40, 92, 150, 10)
        assert not Kennisartikel.objects.filter(live=False).exists()
        assert not VraagAntwoord.objects.filter(live=False).exists()
        assert Revision.objects.count() == 40 + 92 + 150 + 10
        assert "Kennisartikelen: 40/40" in uitvoer and "Import voltooid" in uitvoer
        # Local-only products and overrides arrive as the resolver expects them.
        dijkstad = Gemeente.objects.get(slug="dijkstad")
        assert GemeentelijkeAanvulling.objects.filter(gemeente=dijkstad, kennisartikel=None).count() == 5
        paspoort = Kennisartikel.objects.get(upn_label="Paspoort")
        antwoord = samengesteld(paspoort, dijkstad)
        assert "€ 84,70" in antwoord.velden["kosten_en_betaalmethoden"]
        assert antwoord.herkomst["kosten_en_betaalmethoden"] == "vervangen"
        assert antwoord.velden["tekst"].startswith("Met een Nederlands paspoort")
        assert "Stadswinkel Centrum" in antwoord.velden["tekst"]

    def test_herimport_zonder_wijziging_verandert_niets(self, corpus_map):
        revisies = Revision.objects.count()
        gewijzigd_op = dict(Kennisartikel.objects.values_list("uuid", "gewijzigd_op"))
        uitvoer = importeer(corpus_map)
        assert Revision.objects.count() == revisies
        assert dict(Kennisartikel.objects.values_list("uuid", "gewijzigd_op")) == gewijzigd_op
        assert "kennisartikelen: 40 ongewijzigd" in uitvoer
        assert "nieuw" not in uitvoer and "gewijzigd," not in uitvoer

    def test_export_geeft_dezelfde_vormen_als_het_corpus(self, corpus_map, tmp_path):
        exporteer_corpus(tmp_path / "export")
        for bestand in corpus_map.rglob("*.json"):
            relatief = bestand.relative_to(corpus_map)
            origineel = json.loads(bestand.read_text(encoding="utf-8"))
            export = json.loads((tmp_path / "export" / relatief).read_text(encoding="utf-8"))
            if isinstance(origineel, list):
                assert {i["uuid"]: i for i in export} == {i["uuid"]: i for i in origineel}, relatief
            else:
                assert export == origineel, relatief

    def test_import_export_import_is_identiek(self, tmp_path):
        exporteer_corpus(tmp_path / "a")
        VraagAntwoord.objects.all().delete()
        GemeentelijkeAanvulling.objects.all().delete()
        Kennisartikel.objects.all().delete()
        PersoonlijkSjabloon.objects.all().delete()
        Gemeente.objects.all().delete()
        assert aantallen() == (0, 0, 0, 0, 0)
        importeer(tmp_path / "a")
        assert aantallen() == (3, 40, 92, 150, 10)
        exporteer_corpus(tmp_path / "b")
        for bestand in (tmp_path / "a").rglob("*.json"):
            assert bestand.read_text() == (tmp_path / "b" / bestand.relative_to(tmp_path / "a")).read_text(), bestand

    def test_hub_metadata_reist_mee_in_de_export(self, tmp_path):
        vac = VraagAntwoord.objects.filter(gemeente__slug="dijkstad").first()
        generiek = VraagAntwoord.objects.filter(gemeente=None).first()
        vac.vervangt = generiek
        vac.herzieningsdatum = "2027-01-31"
        vac.eigenaar = "KCC Dijkstad"
        vac.spoed = True
        vac.save()
        exporteer_corpus(tmp_path / "a")
        item = next(i for i in json.loads((tmp_path / "a" / "vacs.json").read_text()) if i["uuid"] == str(vac.pk))
        assert item["vervangt"] == str(generiek.pk)
        assert item["herzieningsdatum"] == "2027-01-31" and item["eigenaar"] == "KCC Dijkstad"
        assert item["spoed"] is True and "delen" not in item  # only what is set travels
        # ... and an import reads them back.
        wijzig_json(
            tmp_path / "a" / "vacs.json", lambda d: next(i for i in d if i["uuid"] == str(generiek.pk)).update(delen=True)
        )
        importeer(tmp_path / "a")
        assert VraagAntwoord.objects.get(pk=generiek.pk).delen and VraagAntwoord.objects.get(pk=vac.pk).spoed

    def test_export_schrijft_de_gepubliceerde_versie_niet_het_concept(self, tmp_path):
        vac = VraagAntwoord.objects.first()
        gepubliceerd = vac.kort_antwoord
        concept = vac.get_latest_revision_as_object()
        concept.kort_antwoord = "Nog niet beoordeeld concept."
        concept.save_revision()
        assert VraagAntwoord.objects.get(pk=vac.pk).has_unpublished_changes
        exporteer_corpus(tmp_path / "a")
        item = next(i for i in json.loads((tmp_path / "a" / "vacs.json").read_text()) if i["uuid"] == str(vac.pk))
        assert item["kortAntwoord"] == gepubliceerd

    def test_volgorde_van_locaties_en_secties_blijft_behouden(self, corpus_map):
        for bestand in (corpus_map / "gemeenten").glob("*/producten.json"):
            for overlay in json.loads(bestand.read_text(encoding="utf-8")):
                aanvulling = GemeentelijkeAanvulling.objects.get(pk=overlay["uuid"])
                assert [loc.naam for loc in aanvulling.locaties.all()] == [loc["naam"] for loc in overlay["locaties"]]
                assert [s.sort_order for s in aanvulling.secties.all()] == list(range(aanvulling.secties.count()))


def test_gedeelde_import_blijft_niet_achter_na_de_klasse():
    """Runs after the class above (file order): its shared import must have been rolled back."""
    assert aantallen() == (0, 0, 0, 0, 0)
    assert not Revision.objects.exists()
