"""The SDG sections of a kennisartikel and how they are called in the PDC/corpus JSON shape."""

from typing import NamedTuple


class Sectie(NamedTuple):
    veld: str  # model field name
    json: str  # key in the PDC kennisartikel 'vertalingen' entry
    label: str


SECTIES: tuple[Sectie, ...] = (
    Sectie("tekst", "tekst", "Tekst"),
    Sectie("procedure_beschrijving", "procedureBeschrijving", "Procedure"),
    Sectie("vereisten", "vereisten", "Vereisten"),
    Sectie("bewijs", "bewijs", "Bewijs"),
    Sectie("kosten_en_betaalmethoden", "kostenEnBetaalmethoden", "Kosten en betaalmethoden"),
    Sectie("uiterste_termijn", "uitersteTermijn", "Uiterste termijn"),
    Sectie("bezwaar_en_beroep", "bezwaarEnBeroep", "Bezwaar en beroep"),
    Sectie("wtd_bij_geen_reactie", "wtdBijGeenReactie", "Wat te doen bij geen reactie"),
    Sectie("notice", "notice", "Let op"),
    Sectie("contact", "contact", "Contact"),
)
SECTIE_VELDEN = tuple(s.veld for s in SECTIES)
SECTIE_KEUZES = [(s.veld, s.label) for s in SECTIES]
SECTIE_LABELS = {s.veld: s.label for s in SECTIES}
