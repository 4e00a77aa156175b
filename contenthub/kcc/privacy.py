"""Scrub personal data from what agents type before anything is stored.

Agents type the citizen's words, and citizens give names, BSNs, phone numbers and addresses. What the logs need
(which questions find no answer) survives without them, so each kind is replaced by a placeholder: ``[naam]``,
``[nummer]`` and so on. Patterns, not a model: they cover the identifiers that have a shape; a bare name that is not
introduced as one ("meneer Jansen", "mijn naam is …") has no shape, which is why the retention limit exists too.
"""

from __future__ import annotations

import re

_TUSSENVOEGSELS = r"(?:van|de|der|den|het|ter|ten|te|in 't|'t|op|la|le|du|da|el|al|abu|bin|ibn)"
_NAAMWOORD = r"[^\W\d_][\w'-]+"
_GEWOON = (
    r"wil|wilt|heeft|had|is|was|zegt|zei|belt|vraagt|vroeg|die|dat|en|of|met|een|uit|aan|kan|"
    r"moet|wordt|gaat|komt|woont|zoekt|krijgt|heb|heeft|ook|nog|al|niet|geen|haar|zijn|hun|mijn|uw|over|voor|"
    r"bij|weet|meldt|vindt|kreeg|staat|gebeld|belde"
)
_STRAAT = (
    r"straat|laan|weg|plein|gracht|kade|singel|dijk|pad|hof|dreef|steeg|markt|park|plantsoen|erf|baan|wal|"
    r"veld|ring|haven|burcht|hoek|akker|kamp|weide|wijk|dam|brink"
)

_MAANDEN = (
    r"januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    r"jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
)
_AANSPREKING = r"(?:meneer|mijnheer|mevrouw|mevr|dhr|mw|heer|familie|fam|dokter)"
_INITIALEN = r"[^\W\d_]\.(?:\s*[^\W\d_]\.)*"  # "P.", "J.P.", "J. P."
# not a common word: one that ends there ("Al-Hassan" starts like "al" but is a name)
_NIET_GEWOON = rf"(?!(?:{_GEWOON})(?![\w'-]))"

PATRONEN: list[tuple[str, re.Pattern]] = [
    # any word with an @, also half typed ("jan.jansen@exa", "jan@gmail"): the page searches as the agent types
    ("[e-mail]", re.compile(r"(?<!\S)[^\s@]*@[^\s@]*")),
    ("[iban]", re.compile(r"\b[A-Z]{2}\d{2}[\s-]?[A-Z]{4}(?:[\s-]?\d){10}\b", re.IGNORECASE)),
    ("[telefoon]", re.compile(r"(?<![\w+])(?:\+31|0031|0)[\s-]?(?:\(0\))?(?:\d[\s-]?){8,9}\d?(?!\d)")),
    ("[datum]", re.compile(r"\b\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|'?\d{2})\b")),
    ("[datum]", re.compile(rf"\b\d{{1,2}}\s+(?:{_MAANDEN})\.?\s+(?:\d{{4}}|'?\d{{2}})\b", re.IGNORECASE)),
    ("[postcode]", re.compile(r"\b\d{4}\s?(?!SA|SD|SS)[A-Z]{2}\b", re.IGNORECASE)),
    ("[kenteken]", re.compile(r"\b(?=[A-Z0-9-]{8}\b)(?:[A-Z0-9]{1,3}-){2}[A-Z0-9]{1,3}\b(?<=\w)", re.IGNORECASE)),
    # (a street name of at most 50 characters: an unbounded one made every word boundary of a long run of text
    # scan to its end, quadratic time)
    ("[adres]", re.compile(rf"\b[\w'-]{{0,50}}(?:{_STRAAT})\s+\d+\s?[a-zA-Z]?\b", re.IGNORECASE)),
    # "meneer Jansen", "mevrouw de vries", "familie El Amrani", "mijn naam is Piet de Boer": the introduction stays.
    # Agents type fast and in lower case, so any word after an introduction counts, unless it is a common word
    # that follows one in a sentence ("mevrouw wil …", "meneer heeft …").
    # After "naam is", "achternaam:", "naam klant:" or "ik heet" the next words are the name, in lower case too
    # ("naam: jan jansen"). "heet" only after a person: "hoe heet het formulier" asks for a name, it gives none.
    (
        r"\g<intro>[naam]",
        re.compile(
            r"(?P<intro>\b(?:(?:voor|achter|roep|meisjes|geboorte)?naam(?:\s+(?:van\s+)?(?:de\s+)?"
            r"(?:klant|inwoner|beller|burger|aanvrager))?\s*(?:\bis\b|:)\s*"
            r"|(?:ik|hij|zij|ze|u|klant|inwoner|beller|meneer|mevrouw)\s+(?:heet|heten):?\s+|\bheet:\s*))"
            rf"(?:{_INITIALEN}\s*)?(?:{_TUSSENVOEGSELS}\s+)*{_NIET_GEWOON}{_NAAMWOORD}"
            rf"(?:\s+(?:{_TUSSENVOEGSELS}\s+)*{_NIET_GEWOON}{_NAAMWOORD}){{0,2}}",
            re.IGNORECASE,
        ),
    ),
    # a first name and a surname, both in lower case ("meneer jan jansen", as agents type): the second word is a
    # name too unless it is a common word or a tussenvoegsel (those the next pattern handles). Only in lower case:
    # "meneer Jansen paspoort" keeps "paspoort"; "meneer jansen paspoort" loses it from the log, the safer mistake.
    (
        r"\g<intro>[naam]",
        re.compile(
            rf"(?P<intro>\b{_AANSPREKING}\.?\s+)(?!(?:{_GEWOON}|{_TUSSENVOEGSELS})(?![\w'-]))(?-i:[a-zà-ÿ][\w'-]+)"
            rf"\s+(?!(?:{_GEWOON}|{_TUSSENVOEGSELS})(?![\w'-]))(?-i:[a-zà-ÿ][\w'-]+)",
            re.IGNORECASE,
        ),
    ),
    (
        r"\g<intro>[naam]",
        re.compile(
            rf"(?P<intro>\b{_AANSPREKING}\.?\s+)"
            # initials ("dhr. P. Jansen", "meneer J"), then tussenvoegsels and the surname
            rf"(?:{_INITIALEN}(?:\s+(?:{_TUSSENVOEGSELS}\s+)*{_NIET_GEWOON}{_NAAMWOORD})?"
            rf"|[^\W\d_]\s+(?:{_TUSSENVOEGSELS}\s+)*{_NIET_GEWOON}{_NAAMWOORD}"
            rf"|(?:{_TUSSENVOEGSELS}\s+)*{_NIET_GEWOON}{_NAAMWOORD}"
            r"|[^\W\d_](?!\w))"
            # more name words: capitalised, or any word after a tussenvoegsel ("jan van de berg")
            rf"(?:\s+(?:{_TUSSENVOEGSELS}\s+)+{_NAAMWOORD}|(?-i:\s+[A-ZÀ-Ý][\w'-]+)){{0,2}}",
            re.IGNORECASE,
        ),
    ),
    # BSN, zaak- and klantnummers: five digits or more, also glued to a word ("bsn123456782")
    ("[nummer]", re.compile(r"(?<!\d)\d(?:[\s.-]?\d){4,}(?!\d)")),
]


# C0 control characters and DEL, except tab and line breaks
STUURTEKENS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# invisible characters that would split an identifier for the patterns ("123<zero-width space>456782")
ONZICHTBAAR = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")
# what is scrubbed beyond the stored length: enough for an identifier that starts before the cut
MARGE = 500


def schoon(tekst: str, lengte: int = 300, *, regels: bool = False) -> str:
    """The text with every personal identifier replaced by its placeholder; whitespace normalised (with ``regels``
    the line breaks kept), at most ``lengte`` characters (cut after scrubbing, so a cut never leaves half an
    identifier). The whole text is scrubbed at once: "meneer" at the end of one line and the name on the next meet.
    Control characters become spaces: PostgreSQL stores no NUL, and a pasted one must not fail the agent's search."""
    tekst = ONZICHTBAAR.sub("", STUURTEKENS.sub(" ", (tekst or "")[: lengte + MARGE]))
    if regels:
        uit = "\n".join(" ".join(regel.split()) for regel in tekst.splitlines() if regel.strip())
    else:
        uit = " ".join(tekst.split())
    for vervanging, patroon in PATRONEN:
        uit = patroon.sub(vervanging, uit)
    return uit[:lengte]


def normaliseer(tekst: str) -> str:
    """The key that makes the same question count once: lower case, single spaces, no trailing punctuation."""
    return " ".join(tekst.casefold().split()).strip(" ?!.,")[:300]
