"""Plain-text helpers for channels that show no markup (chatbot bubbles, social posts)."""

from __future__ import annotations

import html
import re

import nh3

_witruimte = re.compile(r"\s+")
_alinea = re.compile(r"<p>(.*?)</p>", re.S)


def platte_tekst(html_tekst: str) -> str:
    """Sanitised HTML to one line of plain text."""
    return _witruimte.sub(" ", html.unescape(nh3.clean(html_tekst, tags=set()))).strip()


def eerste_alinea(html_tekst: str) -> str:
    """The first paragraph as plain text: what a short answer or a post can carry of a page."""
    gevonden = _alinea.search(html_tekst)
    return platte_tekst(gevonden.group(1) if gevonden else html_tekst)


def inkorten(tekst: str, maximum: int) -> str:
    """Cut at the last sentence end that fits, else at a word, so a text never ends mid-word."""
    if len(tekst) <= maximum:
        return tekst
    if maximum < 2:
        return ""
    deel = tekst[:maximum]
    einde = max(deel.rfind(". "), deel.rfind("? "), deel.rfind("! "))
    if einde >= maximum // 3:
        return deel[: einde + 1]
    deel = tekst[: maximum - 2]
    if " " in deel:
        deel = deel[: deel.rfind(" ")].rstrip(",;:")
    return deel + " …"
