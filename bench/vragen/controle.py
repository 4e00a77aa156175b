"""Checks the relevance query set for the KCC kennisbank search (bench/vragen/relevantie.json) against the corpus.

Every query names the gemeente of the agent, a soort (productnaam, typefout, burgertaal, gemeentelijk) and its
doelen: the results that would be a correct answer. This module checks that every doel exists, is visible to the
query's gemeente and is searchable (an actief VAC), and that a burgertaal query really is in the citizen's own words.
After Dutch Snowball stemming (lowercase, accents stripped, split on non-letters) a burgertaal query must not contain:

- any stemmed word of a doel's trefwoorden (the kennisartikel's, plus the overlay's of that gemeente, or the VAC's);
- the stemmed title of a doel (generiek titel, upnLabel, the gemeente's overlay titel, a local product's titel) as a
  contiguous sequence, nor the stemmed vraag of a VAC doel;
- a key word of such a title on its own (stop words and generic verbs such as "aanvragen" excepted);
- a (near) copy of one of the alternatieveVragen of a VAC doel.

Usage: .venv/bin/python bench/vragen/controle.py [VRAGEN] [CORPUS]
(defaults bench/vragen/relevantie.json and ../shared/corpus). Prints the counts per soort and every violation;
the exit code is 1 if there is any violation.
"""

import json
import re
import sys
import unicodedata
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

import snowballstemmer

HIER = Path(__file__).resolve().parent
STANDAARD_VRAGEN = HIER / "relevantie.json"
STANDAARD_CORPUS = HIER.parent.parent.parent / "shared" / "corpus"

SOORTEN = ("productnaam", "typefout", "burgertaal", "gemeentelijk")
DOELSOORTEN = ("kennisartikel", "vac")
MINIMUM_BURGERTAAL = 40
MAXIMUM_DOELEN = 4
# A burgertaal query this similar (difflib ratio over the stemmed words) to an alternatieve vraag is a near copy.
GRENS_BIJNA_KOPIE = 0.75

# The Snowball Dutch stop word list, plus generic procedure words that appear in many titles. A title word from
# this list is not a key word; it still counts inside a contiguous title and in trefwoorden.
STOPWOORDEN = frozenset(
    """
    de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om hem dan zou of wat mijn
    men dit zo door over ze zich bij ook tot je mij uit der daar haar naar heb hoe heeft hebben deze u want nog zal me
    zij nu ge geen omdat iets worden toch al waren veel meer doen toen moet ben zonder kan hun dus alles onder ja eens
    hier wie werd altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest andere
    via aanvragen aangeven doorgeven aangaan ophalen wegbrengen laten gemeente waarde
    """.split()
)

_stemmer = snowballstemmer.stemmer("dutch")


def stammen(tekst: str) -> list[str]:
    """Lowercase, strip accents, split on non-letters and stem every word with the Dutch Snowball stemmer."""
    tekst = unicodedata.normalize("NFKD", tekst.lower())
    tekst = "".join(teken for teken in tekst if not unicodedata.combining(teken))
    return _stemmer.stemWords([woord for woord in re.split(r"[^a-z]+", tekst) if woord])


SLEUTELLOZE_STAMMEN = frozenset(_stemmer.stemWords(sorted(STOPWOORDEN)))


def bevat_reeks(woorden: list[str], reeks: list[str]) -> bool:
    """True if reeks occurs in woorden as a contiguous sequence (an empty reeks never does)."""
    if not reeks or len(reeks) > len(woorden):
        return False
    return any(woorden[i : i + len(reeks)] == reeks for i in range(len(woorden) - len(reeks) + 1))


def laad_vragen(pad: str | Path) -> list[dict]:
    """The query set: a JSON list of query objects."""
    vragen = json.loads(Path(pad).read_text(encoding="utf-8"))
    if not isinstance(vragen, list):
        raise ValueError(f"{pad}: verwacht een JSON-lijst met vragen")
    return vragen


def _label(upn_uri: str) -> str:
    return upn_uri.rstrip("/").rsplit("/", 1)[-1].replace("_", " ")


def laad_corpus(corpus_map: str | Path) -> dict:
    """Per possible doel (soort, uuid): what the checks need, and the gemeenten that may see it.

    Returns {"gemeenten": [slug, ...], "doelen": {(soort, uuid): doel}} where a doel holds titels, trefwoorden,
    vraag and alternatieveVragen (VACs), actief, gemeenten (the slugs that may see it) and, for a generiek
    kennisartikel, per gemeente the extra titels and trefwoorden of its overlay.
    """
    corpus_map = Path(corpus_map)
    gemeenten = sorted(p.name for p in (corpus_map / "gemeenten").iterdir() if (p / "producten.json").is_file())
    doelen: dict[tuple[str, str], dict] = {}

    for artikel in json.loads((corpus_map / "generiek" / "kennisartikelen.json").read_text(encoding="utf-8")):
        vertaling = artikel["vertalingen"][0]
        doelen[("kennisartikel", artikel["uuid"])] = {
            "titels": [vertaling["titel"], artikel["upnLabel"]],
            "trefwoorden": [t["trefwoord"] for t in vertaling.get("trefwoorden", [])],
            "vraag": None,
            "alternatieveVragen": [],
            "actief": True,
            # Every gemeente's kennisbank holds all generiek kennisartikelen.
            "gemeenten": set(gemeenten),
            "lokaal": {},
        }

    for slug in gemeenten:
        producten = json.loads((corpus_map / "gemeenten" / slug / "producten.json").read_text(encoding="utf-8"))
        for product in producten:
            trefwoorden = [t["trefwoord"] for t in product.get("trefwoorden", [])]
            if product.get("generiekUuid"):
                generiek = doelen.get(("kennisartikel", product["generiekUuid"]))
                if generiek is not None:
                    titels = [product["titel"]] if product.get("titel") else []
                    generiek["lokaal"][slug] = {"titels": titels, "trefwoorden": trefwoorden}
                continue
            doelen[("kennisartikel", product["uuid"])] = {
                "titels": [product.get("titel") or "", _label(product.get("upnUri", ""))],
                "trefwoorden": trefwoorden,
                "vraag": None,
                "alternatieveVragen": [],
                "actief": True,
                "gemeenten": {slug},
                "lokaal": {},
            }

    vacs = json.loads((corpus_map / "vacs.json").read_text(encoding="utf-8"))
    for vac in vacs:
        doelen[("vac", vac["uuid"])] = {
            "titels": [],
            "trefwoorden": [t["trefwoord"] for t in vac.get("trefwoorden", [])],
            "vraag": vac["vraag"],
            "alternatieveVragen": list(vac.get("alternatieveVragen", [])),
            "actief": vac.get("status") == "actief",
            "gemeenten": set(gemeenten) if vac.get("gemeente") is None else {vac["gemeente"]},
            "lokaal": {},
        }
    # A gemeente VAC that replaces a generiek VAC hides that one from its gemeente.
    for vac in vacs:
        vervangt = vac.get("vervangt")
        if vac.get("gemeente") and vervangt and ("vac", vervangt) in doelen:
            doelen[("vac", vervangt)]["gemeenten"].discard(vac["gemeente"])

    return {"gemeenten": gemeenten, "doelen": doelen}


def _burgertaal_schendingen(vraag_id: str, tekst: str, gemeente: str, doel_id: str, doel: dict) -> list[str]:
    """The vocabulary-gap rules for one burgertaal query and one of its doelen."""
    fouten = []
    woorden = stammen(tekst)
    lokaal = doel["lokaal"].get(gemeente, {})

    trefwoorden = doel["trefwoorden"] + lokaal.get("trefwoorden", [])
    verboden = {stam for trefwoord in trefwoorden for stam in stammen(trefwoord)}
    geraakt = sorted(set(woorden) & verboden)
    if geraakt:
        fouten.append(f"{vraag_id}: burgertaal bevat trefwoord(en) van {doel_id}: {', '.join(geraakt)}")

    titels = [titel for titel in doel["titels"] + lokaal.get("titels", []) if titel]
    for titel in titels:
        if bevat_reeks(woorden, stammen(titel)):
            fouten.append(f"{vraag_id}: burgertaal bevat de titel van {doel_id}: '{titel}'")
    sleutelwoorden = {stam for titel in titels for stam in stammen(titel)} - SLEUTELLOZE_STAMMEN
    geraakt = sorted(set(woorden) & sleutelwoorden)
    if geraakt:
        fouten.append(f"{vraag_id}: burgertaal bevat kernwoord(en) uit de titel van {doel_id}: {', '.join(geraakt)}")

    if doel["vraag"] and bevat_reeks(woorden, stammen(doel["vraag"])):
        fouten.append(f"{vraag_id}: burgertaal bevat de vraag van {doel_id}: '{doel['vraag']}'")
    for alternatief in doel["alternatieveVragen"]:
        alt = stammen(alternatief)
        gelijkenis = SequenceMatcher(None, woorden, alt).ratio()
        if woorden == alt or (len(alt) > 1 and bevat_reeks(woorden, alt)) or gelijkenis >= GRENS_BIJNA_KOPIE:
            fouten.append(f"{vraag_id}: burgertaal is (bijna) een kopie van alternatieve vraag van {doel_id}: '{alternatief}'")
    return fouten


def schendingen(vragen: list[dict], corpus: dict) -> list[str]:
    """Every violation in the query set, as a Dutch message that names the query id."""
    fouten: list[str] = []
    gemeenten = set(corpus["gemeenten"])
    doelen = corpus["doelen"]
    ids = Counter(vraag.get("id") for vraag in vragen)
    for vraag_id, aantal in sorted(ids.items(), key=lambda item: str(item[0])):
        if aantal > 1:
            fouten.append(f"{vraag_id}: id komt {aantal} keer voor")
    productnamen = {" ".join(vraag.get("vraag", "").lower().split()) for vraag in vragen if vraag.get("soort") == "productnaam"}
    gezien: dict[tuple[str, str], str] = {}

    for nummer, vraag in enumerate(vragen, start=1):
        vraag_id = vraag.get("id") or f"vraag #{nummer} zonder id"
        soort, gemeente, tekst = vraag.get("soort"), vraag.get("gemeente"), vraag.get("vraag")
        if soort not in SOORTEN:
            fouten.append(f"{vraag_id}: onbekende soort {soort!r}")
        if gemeente not in gemeenten:
            fouten.append(f"{vraag_id}: onbekende gemeente {gemeente!r}")
        if not isinstance(tekst, str) or not tekst.strip():
            fouten.append(f"{vraag_id}: lege vraag")
            continue
        sleutel = (" ".join(tekst.lower().split()), str(gemeente))
        if sleutel in gezien:
            fouten.append(f"{vraag_id}: dezelfde vraag als {gezien[sleutel]} voor {gemeente}")
        gezien.setdefault(sleutel, vraag_id)
        if soort == "typefout" and sleutel[0] in productnamen:
            fouten.append(f"{vraag_id}: typefout is gelijk aan een productnaam-vraag: '{tekst}'")

        lijst = vraag.get("doelen")
        if not isinstance(lijst, list) or not 1 <= len(lijst) <= MAXIMUM_DOELEN:
            fouten.append(f"{vraag_id}: verwacht 1 tot {MAXIMUM_DOELEN} doelen")
            lijst = lijst if isinstance(lijst, list) else []
        dubbel = Counter((d.get("soort"), d.get("uuid")) for d in lijst if isinstance(d, dict))
        for (doelsoort, uuid), aantal in dubbel.items():
            if aantal > 1:
                fouten.append(f"{vraag_id}: doel {doelsoort} {uuid} staat er {aantal} keer in")
        for doel_ref in lijst:
            if not isinstance(doel_ref, dict) or doel_ref.get("soort") not in DOELSOORTEN:
                fouten.append(f"{vraag_id}: ongeldig doel {doel_ref!r}")
                continue
            doel_id = f"{doel_ref['soort']} {doel_ref.get('uuid')}"
            doel = doelen.get((doel_ref["soort"], doel_ref.get("uuid")))
            if doel is None:
                fouten.append(f"{vraag_id}: onbekende uuid: {doel_id}")
                continue
            if gemeente not in doel["gemeenten"]:
                fouten.append(f"{vraag_id}: {doel_id} is niet zichtbaar voor {gemeente}")
            if not doel["actief"]:
                fouten.append(f"{vraag_id}: {doel_id} is niet actief en dus niet vindbaar")
            if soort == "burgertaal":
                fouten.extend(_burgertaal_schendingen(vraag_id, tekst, str(gemeente), doel_id, doel))

    burgertaal = sum(1 for vraag in vragen if vraag.get("soort") == "burgertaal")
    if burgertaal < MINIMUM_BURGERTAAL:
        fouten.append(f"set: {burgertaal} burgertaal-vragen, minimaal {MINIMUM_BURGERTAAL} nodig")
    return fouten


def main(argv: list[str]) -> int:
    vragen = laad_vragen(argv[1] if len(argv) > 1 else STANDAARD_VRAGEN)
    corpus = laad_corpus(argv[2] if len(argv) > 2 else STANDAARD_CORPUS)
    per_soort = Counter(vraag.get("soort") for vraag in vragen)
    per_gemeente = Counter(vraag.get("gemeente") for vraag in vragen)
    doelen = {(d.get("soort"), d.get("uuid")) for vraag in vragen for d in vraag.get("doelen", []) if isinstance(d, dict)}
    print(f"{len(vragen)} vragen")
    for soort in SOORTEN:
        print(f"  {soort}: {per_soort.get(soort, 0)}")
    print("per gemeente: " + ", ".join(f"{slug} {per_gemeente.get(slug, 0)}" for slug in corpus["gemeenten"]))
    soorten_doel = Counter(soort for soort, _ in doelen)
    print(f"verschillende doelen: {len(doelen)} ({', '.join(f'{s} {soorten_doel[s]}' for s in DOELSOORTEN)})")
    fouten = schendingen(vragen, corpus)
    for fout in fouten:
        print(fout)
    print(f"{len(fouten)} schendingen")
    return 1 if fouten else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
