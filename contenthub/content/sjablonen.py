"""Persoonlijk templates: Jinja2 in a sandbox, so a template can read the data a channel hands it and
nothing else (no attribute tricks, no filesystem), and a missing slot is an error instead of an empty gap."""

import re

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, meta
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from contenthub.core.markdown import markdown_naar_html

_omgeving = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False)

# Any Jinja2 delimiter: a slot, a statement or a comment.
SLOT_PATROON = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


class SjabloonFout(ValueError):
    """A template that does not parse or cannot be filled from the data given."""


def controleer_sjabloon(tekst: str) -> set[str]:
    """Parse the template; return the top-level names its slots read (e.g. {'persoon', 'reisdocument'})."""
    try:
        ast = _omgeving.parse(tekst)
    except TemplateSyntaxError as exc:
        raise SjabloonFout(f"Sjabloon regel {exc.lineno}: {exc.message}") from exc
    return meta.find_undeclared_variables(ast)


def vul_sjabloon(tekst: str, gegevens: dict) -> str:
    """Fill the slots and render the Markdown to safe HTML, as a channel would for a logged-in citizen."""
    try:
        gevuld = _omgeving.from_string(tekst).render(**gegevens)
    except TemplateSyntaxError as exc:
        raise SjabloonFout(f"Sjabloon regel {exc.lineno}: {exc.message}") from exc
    except UndefinedError as exc:
        raise SjabloonFout(f"Slot zonder waarde: {exc.message}") from exc
    except SecurityError as exc:
        raise SjabloonFout(f"Niet toegestaan in een sjabloon: {exc}") from exc
    return markdown_naar_html(gevuld)


def bevat_slot(tekst: str | None) -> bool:
    return bool(tekst) and bool(SLOT_PATROON.search(tekst))
