"""Persoonlijk templates: Jinja2 in a sandbox, so a template can read the data a channel hands it and
nothing else (no attribute tricks, no filesystem), and a missing slot is an error instead of an empty gap.

Slot values are citizen data from a source system: they are escaped for Markdown (a value cannot
become a link or markup), operators that can blow up memory are refused, the output is capped, and
the rendered HTML carries no images (an image URL with a slot would send personal data to whoever
serves the image).
"""

import operator
import re

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError, meta
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from contenthub.core.markdown import TOEGESTANE_TAGS, markdown_naar_html

# Any Jinja2 delimiter: a slot, a statement or a comment.
SLOT_PATROON = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
MARKDOWN_TEKENS = re.compile(r"([\\`*_\[\]()<>#!|~])")
MAX_UITVOER = 20_000
MAX_HERHALING = 1_000
PERSOONLIJK_TAGS = TOEGESTANE_TAGS - {"img"}


def _markdown_veilig(waarde) -> str:
    tekst = "" if waarde is None else str(waarde)
    return MARKDOWN_TEKENS.sub(r"\\\1", tekst)


class _Omgeving(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator_naam, left, right):
        if operator_naam == "**":
            raise SecurityError("machtsverheffen is niet toegestaan in een sjabloon")
        if operator_naam == "*":
            for a, b in ((left, right), (right, left)):
                if isinstance(a, (str, list, tuple)) and isinstance(b, int) and b * max(len(a), 1) > MAX_HERHALING:
                    raise SecurityError("herhaling is te groot")
            return operator.mul(left, right)
        return super().call_binop(context, operator_naam, left, right)


_omgeving = _Omgeving(undefined=StrictUndefined, autoescape=False, finalize=_markdown_veilig)


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
    except (TemplateError, ArithmeticError, TypeError, ValueError, OverflowError) as exc:
        raise SjabloonFout(f"Het sjabloon kan niet worden gevuld: {exc}") from exc
    if len(gevuld) > MAX_UITVOER:
        raise SjabloonFout(f"Het gevulde sjabloon is langer dan {MAX_UITVOER} tekens.")
    return markdown_naar_html(gevuld, tags=PERSOONLIJK_TAGS)


def bevat_slot(tekst: str | None) -> bool:
    return bool(tekst) and bool(SLOT_PATROON.search(tekst))
