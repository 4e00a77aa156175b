"""Hard content rules: they hold for every path that writes content (editor, import, API) and block saving.

A persoonlijk slot in generiek or gemeentelijk text would leak template syntax to every channel, and a kort
antwoord over 280 characters does not fit chatbot, social and SMS. The editor's softer checks (readability,
link texts, alt texts) live in ``redactie.kwaliteit`` and read the same :meth:`tekstvelden` of each item.
"""

from __future__ import annotations

from contenthub.content.sjablonen import bevat_slot

KORT_ANTWOORD_MAX = 280


def slotfout(tekst: str | None) -> str | None:
    if bevat_slot(tekst):
        return (
            "Deze tekst bevat een persoonlijk slot ({{ … }} of {% … %}). Slots horen alleen in een persoonlijk sjabloon; "
            "generieke en gemeentelijke tekst gaat naar kanalen waar de inwoner niet is ingelogd."
        )
    return None


def harde_fouten(obj) -> dict[str, list[str]]:
    """Field → messages of every rule ``obj`` breaks (empty: it may be saved)."""
    fouten: dict[str, list[str]] = {}
    for veld, label, tekst, _publiek in obj.tekstvelden():
        if melding := slotfout(tekst):
            fouten.setdefault(veld or "__all__", []).append(f"{label}: {melding}")
    kort = getattr(obj, "kort_antwoord", None)
    if kort is not None and len(kort) > KORT_ANTWOORD_MAX:
        fouten.setdefault("kort_antwoord", []).append(f"Kort antwoord is {len(kort)} tekens; het maximum is {KORT_ANTWOORD_MAX}.")
    return fouten
