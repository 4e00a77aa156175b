"""The published shapes: schema validity of both exports, Objecten API input and output, extras and near-misses,
HTML sources, and the re-import rules (unchanged means untouched)."""

import io
import json
import re
import shutil
import uuid
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry, Revision

from contenthub.content.models import GemeentelijkeAanvulling, Kennisartikel, VraagAntwoord
from contenthub.core.models import Gemeente
from contenthub.uitwisseling.exporteren import exporteer_corpus, exporteer_objecten
from tests.uitwisseling.conftest import wijzig_json

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parents[2].parent / "shared" / "schemas"


def _validator(naam: str) -> jsonschema.Draft7Validator:
    """Draft 7 with every format jsonschema knows: Draft 7's own checker skips 'uuid', which the schemas use."""
    schema = json.loads((SCHEMAS / naam).read_text(encoding="utf-8"))
    checker = jsonschema.FormatChecker()
    assert {"uuid", "uri", "date", "date-time"} <= set(checker.checkers)
    return jsonschema.Draft7Validator(schema, format_checker=checker)


@pytest.fixture(scope="module")
def vac_schema():
    return _validator("vac-schema.json")


@pytest.fixture(scope="module")
def kennisartikel_schema():
    return _validator("kennisartikel-schema.json")


@pytest.fixture(scope="module")
def object_schema():
    spec = yaml.safe_load((SCHEMAS / "objects-api-v2-openapi.yaml").read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator({"$ref": "#/components/schemas/Object", "components": spec["components"]})


def fouten(validator, record) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(record)]


def importeer(pad, *args) -> str:
    uit = io.StringIO()
    call_command("import_corpus", str(pad), *args, stdout=uit)
    return uit.getvalue()


@pytest.fixture
def klein(corpus_map, tmp_path):
    """Dijkstad with the generiek articles and VACs it needs: fast, still the real shapes."""
    doel = tmp_path / "klein"
    (doel / "gemeenten" / "dijkstad").mkdir(parents=True)
    (doel / "generiek").mkdir()
    shutil.copy(corpus_map / "gemeenten" / "dijkstad" / "gemeente.json", doel / "gemeenten" / "dijkstad")
    overlays = json.loads((corpus_map / "gemeenten" / "dijkstad" / "producten.json").read_text())[:6]
    overlays += [
        o for o in json.loads((corpus_map / "gemeenten" / "dijkstad" / "producten.json").read_text()) if not o["generiekUuid"]
    ][:2]
    artikelen = json.loads((corpus_map / "generiek" / "kennisartikelen.json").read_text())
    nodig = {o["generiekUuid"] for o in overlays}
    artikelen = [a for a in artikelen if a["uuid"] in nodig] + [a for a in artikelen if a["uuid"] not in nodig][:2]
    vacs = json.loads((corpus_map / "vacs.json").read_text())
    gekozen = [v for v in vacs if v["gemeente"] is None][:8] + [v for v in vacs if v["gemeente"] == "dijkstad"][:6]
    gekozen += [v for v in vacs if v["gemeente"] is None and v["status"] == "non-actief"][:1]
    (doel / "gemeenten" / "dijkstad" / "producten.json").write_text(json.dumps(overlays, ensure_ascii=False))
    (doel / "generiek" / "kennisartikelen.json").write_text(json.dumps(artikelen, ensure_ascii=False))
    (doel / "vacs.json").write_text(json.dumps(gekozen, ensure_ascii=False))
    return doel


# --- schema validity of both exports -----------------------------------------------------------------


def test_validator_weigert_wat_het_schema_weigert(corpus_map, vac_schema, kennisartikel_schema):
    """The format checker is really on: these records must fail, or the validity tests below prove nothing."""
    artikel = json.loads((corpus_map / "generiek" / "kennisartikelen.json").read_text())[0]
    artikel["vertalingen"][0]["datumWijziging"] = "2025-01-06"
    artikel["url"] = "geen uri"
    artikel["uuid"] = "geen-uuid"
    assert len(fouten(kennisartikel_schema, artikel)) == 3
    vac = json.loads((corpus_map / "vacs.json").read_text())[0]
    vac["afdelingen"] = [{"afdelingnaam": "Burgerzaken"}]
    vac["gerelateerdeProducten"] = ["http://standaarden.overheid.nl/owms/terms/Paspoort"]
    assert len(fouten(vac_schema, vac)) == 2


# --- Objecten API input ------------------------------------------------------------------------------


def _objecten_pagina(records, type_url="https://objecttypen.example/api/v2/objecttypes/vac"):
    return {
        "count": len(records),
        "next": None,
        "previous": None,
        "results": [
            {
                "url": f"https://objecten.example/api/v2/objects/{u}",
                "uuid": u,
                "type": type_url,
                "record": {
                    "index": 1,
                    "typeVersion": 1,
                    "data": data,
                    "geometry": None,
                    "startAt": "2025-01-06",
                    "endAt": None,
                    "registrationAt": "2025-01-06",
                    "correctionFor": None,
                    "correctedBy": None,
                },
            }
            for u, data in records
        ],
    }


def test_import_van_een_objecten_pagina_in_de_generieke_laag(klein, tmp_path):
    vacs = json.loads((klein / "vacs.json").read_text())
    # KISS's VACs have no uuid, kortAntwoord or gemeente in data: the object uuid is their identity.
    kale = [{k: v for k, v in vac.items() if k not in ("uuid", "kortAntwoord", "alternatieveVragen", "gemeente")} for vac in vacs]
    kale[0]["antwoord"] = "<p>Een paspoort is <strong>10 jaar</strong> geldig.</p><ul><li>kosten: € 84,70</li></ul>"
    object_uuids = [str(uuid.uuid4()) for _ in kale]
    (klein / "vacs.json").write_text(json.dumps(_objecten_pagina(list(zip(object_uuids, kale, strict=True)))))
    uitvoer = importeer(klein)
    assert VraagAntwoord.objects.count() == len(kale)
    vac = VraagAntwoord.objects.get(pk=object_uuids[0])
    assert vac.gemeente is None and "**10 jaar**" in vac.antwoord and "- kosten: € 84,70" in vac.antwoord
    assert "HTML omgezet naar Markdown: 1" in uitvoer
    assert VraagAntwoord.objects.filter(kort_antwoord="").count() == len(kale)
    # The same dump again changes nothing, although its text arrives as HTML.
    revisies = Revision.objects.count()
    assert f"vraag-antwoordcombinaties: {len(kale)} ongewijzigd" in importeer(klein)
    assert Revision.objects.count() == revisies


def test_import_van_objecten_als_eigen_items_van_een_gemeente(klein, tmp_path):
    importeer(klein)
    dijkstad = Gemeente.objects.get(slug="dijkstad")
    artikelen = json.loads((klein / "generiek" / "kennisartikelen.json").read_text())
    vacs = [v for v in json.loads((klein / "vacs.json").read_text()) if v["gemeente"] is None]
    # The gemeente's own Objecten API: one article for a product that exists generiek, one local product.
    # The fixture's last article has no Dijkstad aanvulling yet.
    bestaand = dict(artikelen[-1], uuid=str(uuid.uuid4()))
    bestaand["vertalingen"] = [dict(artikelen[-1]["vertalingen"][0], kostenEnBetaalmethoden="<p>Kost <b>€ 99,00</b>.</p>")]
    eigen = dict(artikelen[1], uuid=str(uuid.uuid4()), upnUri="http://standaarden.overheid.nl/owms/terms/Strandhuisje")
    dump = tmp_path / "kennisartikelen.json"
    dump.write_text(
        json.dumps(
            [
                {"uuid": str(uuid.uuid4()), "type": "https://t.example/ka", "record": {"typeVersion": 1, "data": d}}
                for d in (bestaand, eigen)
            ]
        )
    )
    importeer(dump, "--gemeente", "dijkstad")
    aanvulling = GemeentelijkeAanvulling.objects.get(pk=bestaand["uuid"])
    assert aanvulling.gemeente == dijkstad and str(aanvulling.kennisartikel_id) == artikelen[-1]["uuid"]
    kosten = aanvulling.secties.get(sectie="kosten_en_betaalmethoden")
    assert kosten.modus == "vervangen" and kosten.tekst == "Kost **€ 99,00**."
    lokaal = GemeentelijkeAanvulling.objects.get(pk=eigen["uuid"])
    assert lokaal.kennisartikel is None and lokaal.upn_uri.endswith("Strandhuisje") and lokaal.live

    vac_dump = tmp_path / "vacs-dijkstad.json"
    nieuwe = [(str(uuid.uuid4()), {k: v for k, v in vac.items() if k not in ("uuid", "gemeente")}) for vac in vacs[:3]]
    vac_dump.write_text(json.dumps(_objecten_pagina(nieuwe)))
    importeer(vac_dump, "--gemeente", "dijkstad")
    assert VraagAntwoord.objects.filter(gemeente=dijkstad, pk__in=[u for u, _ in nieuwe]).count() == 3

    with pytest.raises(CommandError, match="bestaat niet"):
        importeer(vac_dump, "--gemeente", "nergenshuizen")


def test_objecten_met_fouten_noemen_het_pad(klein):
    vacs = json.loads((klein / "vacs.json").read_text())
    pagina = _objecten_pagina([(vac["uuid"], vac) for vac in vacs])
    pagina["results"][2]["record"]["data"].pop("vraag")
    del pagina["results"][3]["type"]
    (klein / "vacs.json").write_text(json.dumps(pagina))
    with pytest.raises(CommandError) as exc:
        importeer(klein)
    assert "vacs.json $.results[2].record.data.vraag: verplicht veld ontbreekt" in str(exc.value)
    assert "vacs.json $.results[3].type: verplicht veld ontbreekt" in str(exc.value)
    assert VraagAntwoord.objects.count() == 0 and Gemeente.objects.count() == 0


# --- unknown fields and near-misses ------------------------------------------------------------------


def test_bijna_goede_veldnaam_is_een_fout_die_het_bedoelde_veld_noemt(klein):
    def breek(vacs):
        vacs[0]["kortantwoord"] = vacs[0].pop("kortAntwoord")
        vacs[1]["afdelingen"] = [{"afdelingnaam": "Burgerzaken"}]

    wijzig_json(klein / "vacs.json", breek)
    with pytest.raises(CommandError) as exc:
        importeer(klein)
    assert "vacs.json $[0].kortantwoord: onbekend veld; bedoelt u 'kortAntwoord'?" in str(exc.value)
    assert "vacs.json $[1].afdelingen[0].afdelingnaam: onbekend veld; bedoelt u 'afdelingNaam'?" in str(exc.value)
    assert VraagAntwoord.objects.count() == 0


def test_onbekende_velden_en_schemavelden_blijven_bewaard_tot_in_de_export(klein, tmp_path):
    def verrijk(vacs):
        vacs[0]["afdelingen"] = [{"afdelingId": "afd-12", "afdelingNaam": "Burgerzaken"}]
        vacs[0]["categorie"] = {"code": "RD", "naam": "Reisdocumenten"}

    wijzig_json(klein / "vacs.json", verrijk)

    def verrijk_artikel(artikelen):
        artikelen[0]["afdelingen"] = [{"afdelingnaam": "Publiekszaken", "afdelingId": "7"}]
        artikelen[0]["vertalingen"][0]["bronSysteem"] = "SDG-invoervoorziening"
        artikelen[0]["vertalingen"].append(dict(artikelen[0]["vertalingen"][0], taal="en", titel="Passport"))
        artikelen[0]["beschikbareTalen"] = ["nl", "en"]

    wijzig_json(klein / "generiek" / "kennisartikelen.json", verrijk_artikel)
    uitvoer = importeer(klein)
    assert "vacs.json $[0].categorie: onbekend veld, bewaard" in uitvoer
    assert (
        "$[*].vertalingen[*].bronSysteem: onbekend veld in 2 items (eerste: $[0].vertalingen[0].bronSysteem)" in uitvoer
    )  # nl and the copied en
    exporteer_corpus(tmp_path / "export")
    origineel_vacs = json.loads((klein / "vacs.json").read_text())
    export_vacs = {v["uuid"]: v for v in json.loads((tmp_path / "export" / "vacs.json").read_text())}
    assert export_vacs[origineel_vacs[0]["uuid"]] == origineel_vacs[0]
    origineel = json.loads((klein / "generiek" / "kennisartikelen.json").read_text())[0]
    export = {a["uuid"]: a for a in json.loads((tmp_path / "export" / "generiek" / "kennisartikelen.json").read_text())}
    assert export[origineel["uuid"]] == origineel
    # An editor's change wins over the source; what the editor does not edit stays.
    vac = VraagAntwoord.objects.get(pk=origineel_vacs[0]["uuid"])
    vac.afdelingen = ["Burgerzaken", "KCC"]
    vac.save()
    exporteer_corpus(tmp_path / "export2")
    record = next(v for v in json.loads((tmp_path / "export2" / "vacs.json").read_text()) if v["uuid"] == str(vac.pk))
    assert record["afdelingen"] == [{"afdelingId": "afd-12", "afdelingNaam": "Burgerzaken"}, {"afdelingNaam": "KCC"}]
    assert record["categorie"] == {"code": "RD", "naam": "Reisdocumenten"}


# --- re-import and export rules ----------------------------------------------------------------------


def test_ingetrokken_of_verlopen_item_blijft_bij_herimport_zoals_het_is(klein):
    importeer(klein)
    vacs = json.loads((klein / "vacs.json").read_text())
    ingetrokken = VraagAntwoord.objects.get(pk=vacs[0]["uuid"])
    ingetrokken.unpublish()
    verlopen = VraagAntwoord.objects.get(pk=vacs[1]["uuid"])
    verlopen.expire_at = timezone.now() - timezone.timedelta(days=1)
    verlopen.save()
    verlopen.unpublish(set_expired=True)
    revisies, logregels = Revision.objects.count(), ModelLogEntry.objects.count()
    uitvoer = importeer(klein)
    assert not re.search(r"\d+ (nieuw|gewijzigd|gepubliceerd)", uitvoer), uitvoer
    assert (Revision.objects.count(), ModelLogEntry.objects.count()) == (revisies, logregels)
    assert not VraagAntwoord.objects.get(pk=ingetrokken.pk).live
    assert not VraagAntwoord.objects.get(pk=verlopen.pk).live


def test_herimport_zonder_wijziging_schrijft_geen_revisie_publicatie_of_logregel(klein):
    importeer(klein)
    staat = (
        Revision.objects.count(),
        ModelLogEntry.objects.count(),
        list(Kennisartikel.objects.values_list("last_published_at")),
    )
    importeer(klein)
    assert (
        Revision.objects.count(),
        ModelLogEntry.objects.count(),
        list(Kennisartikel.objects.values_list("last_published_at")),
    ) == staat


def test_concept_import_daarna_publiceren_publiceert_zonder_nieuwe_revisie(klein):
    importeer(klein, "--concept")
    revisies = Revision.objects.count()
    uitvoer = importeer(klein)
    assert "gepubliceerd" in uitvoer and Revision.objects.count() == revisies
    assert not VraagAntwoord.objects.filter(live=False).exists()


def test_export_markeert_niet_live_items_en_import_houdt_ze_concept(klein, tmp_path):
    importeer(klein)
    vacs = json.loads((klein / "vacs.json").read_text())
    vac = VraagAntwoord.objects.get(pk=vacs[0]["uuid"])
    vac.unpublish()
    exporteer_corpus(tmp_path / "a")
    record = next(v for v in json.loads((tmp_path / "a" / "vacs.json").read_text()) if v["uuid"] == str(vac.pk))
    assert record["gepubliceerd"] is False
    VraagAntwoord.objects.all().delete()
    importeer(tmp_path / "a")
    assert not VraagAntwoord.objects.get(pk=vac.pk).live
    assert VraagAntwoord.objects.filter(live=True).count() == len(vacs) - 1
    exporteer_corpus(tmp_path / "b")
    assert (tmp_path / "a" / "vacs.json").read_text() == (tmp_path / "b" / "vacs.json").read_text()


def test_dubbele_sectie_aanpassing_wordt_geweigerd(klein):
    def dubbel(overlays):
        overlays[0]["secties"] = [{"sectie": "kostenEnBetaalmethoden", "modus": "aanvullen", "tekst": "Nog meer kosten."}]
        overlays[0]["kostenEnBetaalmethoden"] = "Kosten: € 10,00."

    wijzig_json(klein / "gemeenten" / "dijkstad" / "producten.json", dubbel)
    with pytest.raises(CommandError) as exc:
        importeer(klein)
    assert "gemeenten/dijkstad/producten.json $[0]: secties[0]: sectie 'kostenEnBetaalmethoden' wordt al aangepast" in str(
        exc.value
    )


# --- shapes without Django ---------------------------------------------------------------------------


def test_vormen_en_lezen_gebruiken_geen_django():
    """The shapes are shared with the API and the SDK side: they and what they import stay free of Django."""
    import ast

    vrij = {
        "contenthub.uitwisseling.vormen",
        "contenthub.uitwisseling.lezen",
        "contenthub.uitwisseling.html",
        "contenthub.core.markdown",
    }
    bron = Path(__file__).resolve().parents[2]
    for module in vrij:
        boom = ast.parse((bron / (module.replace(".", "/") + ".py")).read_text(encoding="utf-8"))
        for knoop in ast.walk(boom):
            namen = [a.name for a in knoop.names] if isinstance(knoop, ast.Import) else []
            if isinstance(knoop, ast.ImportFrom):
                namen = [knoop.module or ""]
            for naam in namen:
                assert not naam.startswith("django"), f"{module} importeert {naam}"
                # The SDK (contenthub_sdk) never imports Django either: it is its own distribution, typed and tested alone.
                assert naam.split(".")[0] != "contenthub" or naam in vrij, f"{module} importeert {naam}"


def test_woordenlijsten_van_de_vormen_zijn_die_van_de_hub():
    import typing

    from contenthub.core import enums
    from contenthub.uitwisseling import vormen

    paren = [
        (vormen.DoelgroepVac, enums.Doelgroep),
        (vormen.VacStatus, enums.VacStatus),
        (vormen.Levensgebeurtenis, enums.Levensgebeurtenis),
        (vormen.Kanaal, enums.Kanaal),
        (vormen.Betrouwbaarheidsniveau, enums.Betrouwbaarheidsniveau),
    ]
    for literal, keuzes in paren:
        assert set(typing.get_args(literal)) == set(keuzes.values), keuzes


def test_onbekend_veld_in_veel_items_geeft_een_regel(klein):
    wijzig_json(klein / "vacs.json", lambda vacs: [vac.update(categorie="x") for vac in vacs])
    uitvoer = importeer(klein)
    aantal = len(json.loads((klein / "vacs.json").read_text()))
    assert f"vacs.json $[*].categorie: onbekend veld in {aantal} items (eerste: $[0].categorie), bewaard" in uitvoer
    assert uitvoer.count("categorie") == 2


def test_fout_in_kennisartikel_van_een_gemeente_noemt_het_bronveld(klein, tmp_path):
    importeer(klein)
    artikel = json.loads((klein / "generiek" / "kennisartikelen.json").read_text())[1]
    eigen = dict(artikel, uuid=str(uuid.uuid4()), upnUri="http://standaarden.overheid.nl/owms/terms/Strandhuisje")
    eigen["vertalingen"] = [dict(artikel["vertalingen"][0], notice="Beste {{ persoon.naam }}, let op.")]
    dump = tmp_path / "eigen.json"
    dump.write_text(json.dumps([eigen]))
    with pytest.raises(CommandError) as exc:
        importeer(dump, "--gemeente", "dijkstad")
    assert "eigen.json $[0].vertalingen[0].notice" in str(exc.value) and "persoonlijk slot" in str(exc.value)
    assert not GemeentelijkeAanvulling.objects.filter(pk=eigen["uuid"]).exists()


def test_import_werkt_de_zoekindex_van_het_beheer_in_een_keer_bij(klein):
    from wagtail.search.models import IndexEntry

    importeer(klein)
    artikel = json.loads((klein / "generiek" / "kennisartikelen.json").read_text())[0]
    woord = artikel["vertalingen"][0]["titel"].split()[0]
    from wagtail.search.backends import get_search_backend

    assert str(artikel["uuid"]) in {str(k.pk) for k in get_search_backend().search(woord, Kennisartikel)}
    aantal = IndexEntry.objects.count()
    assert aantal >= Kennisartikel.objects.count() + VraagAntwoord.objects.count()

    # A refused import indexes nothing.
    wijzig_json(klein / "vacs.json", lambda vacs: vacs.append(dict(vacs[0], uuid=str(uuid.uuid4()), vraag="")))
    with pytest.raises(CommandError):
        importeer(klein)
    assert IndexEntry.objects.count() == aantal


def test_statistieken_worden_tijdens_een_grote_import_bijgewerkt(klein, monkeypatch):
    """ANALYZE runs inside the import's transaction (PostgreSQL) without breaking all-or-nothing."""
    from contenthub.uitwisseling.importeren import Importeur

    monkeypatch.setattr(Importeur, "ANALYSEER_ELKE", 3)
    importeer(klein)
    assert VraagAntwoord.objects.count() == len(json.loads((klein / "vacs.json").read_text()))


def test_per_gemeente_schrijft_elke_gemeente_apart_en_hervat(klein, corpus_map):
    """--per-gemeente: a failing gemeente writes nothing of itself, what came before stays, a rerun resumes."""
    bosrijk = klein / "gemeenten" / "bosrijk"
    bosrijk.mkdir()
    shutil.copy(corpus_map / "gemeenten" / "bosrijk" / "gemeente.json", bosrijk)
    artikelen = {a["uuid"] for a in json.loads((klein / "generiek" / "kennisartikelen.json").read_text())}
    overlays = json.loads((corpus_map / "gemeenten" / "bosrijk" / "producten.json").read_text())
    overlays = [o for o in overlays if o["generiekUuid"] in artikelen or o["generiekUuid"] is None][:4]
    (bosrijk / "producten.json").write_text(json.dumps(overlays, ensure_ascii=False))
    dijkstad = klein / "gemeenten" / "dijkstad" / "producten.json"
    goed = dijkstad.read_text()
    wijzig_json(dijkstad, lambda d: d[-1].update(specifiekeTekst="Beste {{ persoon.naam }}"))  # only found while writing

    with pytest.raises(CommandError) as exc:
        importeer(klein, "--per-gemeente")
    assert "al opgeslagen: landelijke inhoud, bosrijk" in str(exc.value) and "persoonlijk slot" in str(exc.value)
    assert GemeentelijkeAanvulling.objects.filter(gemeente__slug="bosrijk").count() == len(overlays)
    assert not GemeentelijkeAanvulling.objects.filter(gemeente__slug="dijkstad").exists()
    assert not VraagAntwoord.objects.filter(gemeente__slug="dijkstad").exists()

    dijkstad.write_text(goed)
    uitvoer = importeer(klein, "--per-gemeente")
    assert GemeentelijkeAanvulling.objects.filter(gemeente__slug="dijkstad").count() == len(json.loads(goed))
    assert "ongewijzigd" in uitvoer


@pytest.mark.usefixtures("corpus_geimporteerd")
class TestGeimporteerdCorpus:
    """Tests that start from the unmodified shared corpus: one import for the class, each test rolled back."""

    def test_corpusexport_is_geldig_tegen_de_gepubliceerde_schemas(self, tmp_path, vac_schema, kennisartikel_schema):
        # A hub-made item with hub fields set: also valid.
        vac = VraagAntwoord.objects.filter(gemeente__slug="dijkstad").first()
        vac.gerelateerde_vacs = [str(VraagAntwoord.objects.filter(gemeente=None).first().pk)]
        vac.save()
        exporteer_corpus(tmp_path / "export")
        vacs = json.loads((tmp_path / "export" / "vacs.json").read_text())
        artikelen = json.loads((tmp_path / "export" / "generiek" / "kennisartikelen.json").read_text())
        assert len(vacs) == 150 and len(artikelen) == 40
        assert {r["uuid"]: fouten(vac_schema, r) for r in vacs if fouten(vac_schema, r)} == {}
        assert {r["uuid"]: fouten(kennisartikel_schema, r) for r in artikelen if fouten(kennisartikel_schema, r)} == {}

    def test_objectenexport_is_geldig_en_samengesteld(self, tmp_path, vac_schema, kennisartikel_schema, object_schema):
        call_command("export_corpus", str(tmp_path / "obj"), "--objecten", stdout=io.StringIO())
        for slug in ("bosrijk", "dijkstad", "havenmond"):
            for naam, schema in (("vac.json", vac_schema), ("kennisartikel.json", kennisartikel_schema)):
                objecten = json.loads((tmp_path / "obj" / slug / naam).read_text())
                assert objecten, f"{slug}/{naam} is leeg"
                for obj in objecten:
                    assert fouten(object_schema, obj) == [], obj["uuid"]
                    assert fouten(schema, obj["record"]["data"]) == [], (slug, naam, obj["record"]["data"]["uuid"])
                    assert obj["record"]["typeVersion"] == 1 and obj["record"]["startAt"]

        dijkstad = Gemeente.objects.get(slug="dijkstad")
        artikelen = {
            o["record"]["data"]["uuid"]: o for o in json.loads((tmp_path / "obj" / "dijkstad" / "kennisartikel.json").read_text())
        }
        paspoort = Kennisartikel.objects.get(upn_label="Paspoort")
        data = artikelen[str(paspoort.pk)]["record"]["data"]
        vertaling = data["vertalingen"][0]
        assert "€ 84,70" in vertaling["kostenEnBetaalmethoden"] and vertaling["kostenEnBetaalmethoden"].startswith("<")
        assert "Stadswinkel Centrum" in vertaling["contact"]  # locaties go into contact; the schema wants locaties null
        assert data["locaties"] is None and data["verantwoordelijkeOrganisatie"]["owmsIdentifier"] == dijkstad.owms
        assert data["url"].endswith(f"/api/v1/gemeenten/dijkstad/kennisartikelen/{paspoort.pk}")
        assert "<script" not in json.dumps(data)
        lokaal = GemeentelijkeAanvulling.objects.filter(gemeente=dijkstad, kennisartikel=None)
        assert {str(a.pk) for a in lokaal} <= set(artikelen)
        assert len(artikelen) == Kennisartikel.objects.count() + lokaal.count()

        # Deterministic object uuids: a second export gives the same file, so a reload never duplicates.
        call_command("export_corpus", str(tmp_path / "obj2"), "--objecten", "--gemeente", "dijkstad", stdout=io.StringIO())
        assert (tmp_path / "obj" / "dijkstad" / "vac.json").read_text() == (
            tmp_path / "obj2" / "dijkstad" / "vac.json"
        ).read_text()
        assert not (tmp_path / "obj2" / "bosrijk").exists()

    def test_objectenexport_vacs_alleen_actief_eigen_en_niet_vervangen(self, tmp_path):
        dijkstad = Gemeente.objects.get(slug="dijkstad")
        generiek = VraagAntwoord.objects.filter(gemeente=None, status="actief").first()
        vervanger = VraagAntwoord.objects.filter(gemeente=dijkstad).first()
        vervanger.vervangt = generiek
        vervanger.save()
        exporteer_objecten(tmp_path / "obj")
        per_gemeente = {
            slug: {
                o["record"]["data"]["uuid"]: o["record"]["data"]
                for o in json.loads((tmp_path / "obj" / slug / "vac.json").read_text())
            }
            for slug in ("bosrijk", "dijkstad", "havenmond")
        }
        eigen = per_gemeente["dijkstad"]
        assert str(generiek.pk) not in eigen and str(generiek.pk) in per_gemeente["bosrijk"]
        assert {d["status"] for d in eigen.values()} == {"actief"}
        assert {d["gemeente"] for d in eigen.values()} <= {None, "dijkstad"}
        verwacht = VraagAntwoord.objects.filter(status="actief", live=True, gemeente__in=[None, dijkstad]).exclude(pk=generiek.pk)
        assert set(eigen) == {str(v.pk) for v in verwacht} | {
            str(v.pk) for v in VraagAntwoord.objects.filter(gemeente=None, status="actief")
        } - {str(generiek.pk)}
        assert all(d["antwoord"].startswith("<") for d in eigen.values())  # KISS renders HTML
