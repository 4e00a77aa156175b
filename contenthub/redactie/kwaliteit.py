"""Quality checks that run on save and publish and are shown in the editor.

Hard errors (``fout``) block saving and therefore publication: a persoonlijk slot in generiek or
gemeentelijk text would leak template syntax to every channel, and a kort antwoord over 280 characters
does not fit chatbot, social and SMS. Everything else warns: editors stay in charge of their text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import textstat

from contenthub.content.regels import KORT_ANTWOORD_MAX, slotfout
from contenthub.core.markdown import markdown_naar_tekst

FOUT = "fout"
WAARSCHUWING = "waarschuwing"

# Flesch-Douma: 60 and up is "redelijk makkelijk"; below 45 most B1 readers struggle.
LEESBAARHEID_MINIMUM = 45
MAX_ZINSLENGTE = 20
VAGE_LINKTEKSTEN = {"klik hier", "hier", "lees meer", "meer", "link", "deze link", "klik", "meer informatie"}
LINK_PATROON = re.compile(r"(?<!!)\[([^\]]*)\]\(([^)]*)\)")
AFBEELDING_PATROON = re.compile(r"!\[([^\]]*)\]\(([^)]*)\)")
HTML_IMG_PATROON = re.compile(r"<img\b(?![^>]*\balt=\"[^\"]+\")[^>]*>", re.I)

textstat.set_lang("nl")


@dataclass(frozen=True)
class Bevinding:
    niveau: str
    veld: str | None
    melding: str

    @property
    def blokkeert(self) -> bool:
        return self.niveau == FOUT


def leesbaarheid(tekst: str) -> tuple[float, float] | None:
    """(Flesch-Douma score, average words per sentence) of the plain text, or None for short texts."""
    # A list item or heading is a sentence for the reader even without a full stop.
    regels = [r.strip() for r in markdown_naar_tekst(tekst).splitlines() if r.strip()]
    platte_tekst = " ".join(r if r[-1] in ".!?:;" else f"{r}." for r in regels)
    woorden = textstat.lexicon_count(platte_tekst)
    if woorden < 15:
        return None
    zinnen = max(1, textstat.sentence_count(platte_tekst))
    return textstat.flesch_reading_ease(platte_tekst), woorden / zinnen


def controleer_tekst(veld: str | None, label: str, tekst: str | None, *, publiek: bool = True) -> list[Bevinding]:
    """All checks for one text. ``publiek`` False is for KCC-internal notes: only the slot check applies."""
    if not tekst:
        return []
    bevindingen = []
    if melding := slotfout(tekst):
        bevindingen.append(Bevinding(FOUT, veld, f"{label}: {melding}"))
    if not publiek:
        return bevindingen
    if (scores := leesbaarheid(tekst)) is not None:
        score, zinslengte = scores
        if score < LEESBAARHEID_MINIMUM:
            bevindingen.append(
                Bevinding(
                    WAARSCHUWING,
                    veld,
                    f"{label}: moeilijk leesbaar (Flesch-Douma {score:.0f}, streef naar 60 of hoger). "
                    "Gebruik kortere woorden en zinnen.",
                )
            )
        if zinslengte > MAX_ZINSLENGTE:
            bevindingen.append(
                Bevinding(
                    WAARSCHUWING,
                    veld,
                    f"{label}: gemiddeld {zinslengte:.0f} woorden per zin; houd zinnen onder {MAX_ZINSLENGTE} woorden.",
                )
            )
    for linktekst, _url in LINK_PATROON.findall(tekst):
        if linktekst.strip().lower().rstrip(".") in VAGE_LINKTEKSTEN:
            bevindingen.append(
                Bevinding(
                    WAARSCHUWING,
                    veld,
                    f"{label}: linktekst '{linktekst}' zegt niet waar de link heen gaat. "
                    "Beschrijf de bestemming, bijv. 'afspraak maken'.",
                )
            )
    for alt, url in AFBEELDING_PATROON.findall(tekst):
        if not alt.strip():
            bevindingen.append(Bevinding(WAARSCHUWING, veld, f"{label}: afbeelding {url} heeft geen alt-tekst."))
    if HTML_IMG_PATROON.search(tekst):
        bevindingen.append(Bevinding(WAARSCHUWING, veld, f"{label}: een afbeelding heeft geen alt-tekst."))
    return bevindingen


def controleer(obj) -> list[Bevinding]:
    """Every finding for a content item, in field order: the hard rules as errors, the rest as warnings."""
    from contenthub.content.models import PersoonlijkSjabloon, VraagAntwoord

    bevindingen: list[Bevinding] = []
    for veld, label, tekst, publiek in obj.tekstvelden():
        bevindingen += controleer_tekst(veld, label, tekst, publiek=publiek)
    if isinstance(obj, VraagAntwoord):
        lengte = len(obj.kort_antwoord or "")
        if not (obj.kort_antwoord or "").strip():
            bevindingen.append(
                Bevinding(
                    WAARSCHUWING,
                    "kort_antwoord",
                    "Kort antwoord ontbreekt. Chatbot, social en telefoon hebben een kort antwoord nodig "
                    f"(hoogstens {KORT_ANTWOORD_MAX} tekens).",
                )
            )
        if lengte > KORT_ANTWOORD_MAX:
            bevindingen.append(
                Bevinding(FOUT, "kort_antwoord", f"Kort antwoord is {lengte} tekens; het maximum is {KORT_ANTWOORD_MAX}.")
            )
    elif isinstance(obj, PersoonlijkSjabloon):
        # Slots are the point here; readability of the text around them still matters.
        bevindingen += [b for b in controleer_tekst("sjabloon", "Sjabloon", obj.sjabloon) if not b.blokkeert]
    return bevindingen
