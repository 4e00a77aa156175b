"""Persoonlijk templates: Jinja2 in a sandbox, so a template can read the data a channel hands it and
nothing else (no attribute tricks, no filesystem), and a missing slot is an error instead of an empty gap.

Slot values are citizen data from a source system: they are escaped for Markdown (a value cannot
become a link or markup), and the rendered HTML carries no images (an image URL with a slot would send
personal data to whoever serves the image).

A template is written by an editor but rendered in workers and by channels, so its *work* is bounded,
not only its output: every loop iteration and call costs a step of a per-render budget, every render has
a deadline, filters come from an allow-list and refuse big numbers and big results, and text can only
grow through checked operations. A refused template raises :class:`SjabloonFout` with a Dutch message.
No Django here: channels (the SDK) are meant to apply the same rules.
"""

import contextvars
import operator
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, Undefined, UndefinedError, meta, nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from contenthub_sdk.markdown import TOEGESTANE_TAGS, markdown_naar_html

# Any Jinja2 delimiter: a slot, a statement or a comment.
SLOT_PATROON = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
MARKDOWN_TEKENS = re.compile(r"([\\`*_\[\]()<>#!|~])")
MAX_UITVOER = 20_000  # characters of filled template, and of any text made on the way
MAX_HERHALING = 1_000
MAX_GETAL = 1_000  # largest number a call or filter may take (widths, counts, range ends)
MAX_STAPPEN = 10_000  # loop iterations plus calls per render
MAX_SECONDEN = 0.5
PERSOONLIJK_TAGS = TOEGESTANE_TAGS - {"img"}
T = TypeVar("T")

# Filters a letter-like template needs; every one is wrapped so that its arguments and result stay small.
# Left out on purpose: center/indent/wordwrap/format (they build text from a width or a format string).
TOEGESTANE_FILTERS = (
    "abs capitalize count d default dictsort first float int items join last length list lower map max min "
    "reject rejectattr replace round select selectattr sort string striptags sum title trim truncate unique upper "
    "wordcount"
).split()
# str methods a template may call; 'center', 'ljust', 'zfill', 'format', 'expandtabs' … would amplify.
TOEGESTANE_TEKSTMETHODEN = frozenset(
    "capitalize casefold count endswith find isalnum isalpha isdigit islower isnumeric isspace istitle isupper "
    "lower lstrip partition removeprefix removesuffix rfind rpartition rsplit rstrip split splitlines startswith "
    "strip swapcase title upper".split()
)


def _markdown_veilig(waarde: object) -> str:
    tekst = "" if waarde is None else str(waarde)
    return MARKDOWN_TEKENS.sub(r"\\\1", tekst)


@dataclass
class _Budget:
    stappen: int
    deadline: float

    def tik(self, aantal: int = 1) -> None:
        self.stappen -= aantal
        if self.stappen < 0:
            raise SecurityError("het sjabloon doet te veel werk (te veel herhalingen of aanroepen)")
        if time.monotonic() > self.deadline:
            raise SecurityError(f"het sjabloon kost meer dan {MAX_SECONDEN} seconde om te vullen")


# Per render, also when several threads or tasks render at once.
_budget: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("sjabloon_budget", default=None)


def _tik(aantal: int = 1) -> None:
    budget = _budget.get()
    if budget is not None:
        budget.tik(aantal)


def _controleer_grootte(waarde: T) -> T:
    if isinstance(waarde, str) and len(waarde) > MAX_UITVOER:
        raise SecurityError(f"een tekst in het sjabloon wordt langer dan {MAX_UITVOER} tekens")
    if isinstance(waarde, list | tuple | dict | set) and len(waarde) > MAX_UITVOER:
        raise SecurityError("een lijst in het sjabloon wordt te lang")
    return waarde


def _controleer_argumenten(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for waarde in (*args, *kwargs.values()):
        if isinstance(waarde, int) and not isinstance(waarde, bool) and abs(waarde) > MAX_GETAL:
            raise SecurityError(f"getal {waarde} is te groot (maximaal {MAX_GETAL})")
        _controleer_grootte(waarde)


def _begrensd_filter(functie: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(functie)
    def filter_(*args: Any, **kwargs: Any) -> Any:
        _tik()
        _controleer_argumenten(args, kwargs)
        return _controleer_grootte(functie(*args, **kwargs))

    if hasattr(functie, "jinja_pass_arg"):
        setattr(filter_, "jinja_pass_arg", functie.jinja_pass_arg)  # noqa: B010 - Jinja reads this marker
    return filter_


def _veilig_vervangen(waarde: object, oud: object, nieuw: object, aantal: int | None = None) -> str:
    """replace whose result size is known before it is built ('' as old inserts between every character)."""
    tekst, oud, nieuw = str(waarde), str(oud), str(nieuw)
    keer = (len(tekst) + 1) if not oud else tekst.count(oud)
    if aantal is not None and aantal >= 0:
        keer = min(keer, aantal)
    if len(tekst) + keer * (len(nieuw) - len(oud)) > MAX_UITVOER:
        raise SecurityError(f"vervangen maakt de tekst langer dan {MAX_UITVOER} tekens")
    return tekst.replace(oud, nieuw, -1 if aantal is None else aantal)


def _begrensd_range(*args: int) -> range:
    _controleer_argumenten(args, {})
    return range(*args)


def _begrens_iteratie(iterable: Iterable[Any]) -> Iterator[Any]:
    """Wraps every {% for %}: each iteration costs a step of the render budget."""
    for item in iterable:
        _tik()
        yield item


class _Omgeving(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        origineel = self.filters
        self.filters = {naam: _begrensd_filter(origineel[naam]) for naam in TOEGESTANE_FILTERS}
        self.filters["replace"] = _begrensd_filter(_veilig_vervangen)
        self.globals = {
            "range": _begrensd_range,
            "namespace": self.globals["namespace"],
            "__begrens__": _begrens_iteratie,
            "__lengte__": _controleer_grootte,
        }

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """Every loop goes through the budget and every '~' through the size check, whatever the template says."""
        boom = super()._parse(source, name, filename)
        for lus in boom.find_all(nodes.For):
            lus.iter = nodes.Call(nodes.Name("__begrens__", "load"), [lus.iter], [], None, None, lineno=lus.lineno)
        for ouder in list(boom.find_all(nodes.Node)):
            for veld in ouder.fields:
                waarde = getattr(ouder, veld, None)
                if isinstance(waarde, nodes.Concat):
                    setattr(ouder, veld, self._gecontroleerd(waarde))
                elif isinstance(waarde, list):
                    setattr(ouder, veld, [self._gecontroleerd(w) if isinstance(w, nodes.Concat) else w for w in waarde])
        return boom

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        return self.undefined(
            f"'{attribute}' van {type(obj).__name__} is niet toegestaan in een sjabloon",
            name=attribute,
            obj=obj,
            exc=SecurityError,
        )

    def wrap_str_format(self, value: Any) -> None:
        """No str.format/format_map at all (a width spec builds any size of text); is_safe_attribute refuses them."""
        return None

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, str) and callable(value) and attr not in TOEGESTANE_TEKSTMETHODEN:
            return False
        return super().is_safe_attribute(obj, attr, value)

    @staticmethod
    def _gecontroleerd(concat: nodes.Concat) -> nodes.Call:
        return nodes.Call(nodes.Name("__lengte__", "load"), [concat], [], None, None, lineno=concat.lineno)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's own signature
        _tik()
        _controleer_argumenten(args, kwargs)
        eigenaar = getattr(__obj, "__self__", None)
        if isinstance(eigenaar, str) and getattr(__obj, "__name__", "") not in TOEGESTANE_TEKSTMETHODEN:
            raise SecurityError(f"de tekstfunctie '{__obj.__name__}' is niet toegestaan in een sjabloon")
        return _controleer_grootte(super().call(__context, __obj, *args, **kwargs))

    def call_binop(self, context: Context, operator_naam: str, left: Any, right: Any) -> Any:
        _tik()
        if operator_naam == "**":
            raise SecurityError("machtsverheffen is niet toegestaan in een sjabloon")
        if operator_naam == "%" and isinstance(left, str):
            raise SecurityError("tekstopmaak met % is niet toegestaan in een sjabloon")
        if operator_naam == "*":
            for a, b in ((left, right), (right, left)):
                if isinstance(a, (str, list, tuple)) and isinstance(b, int) and b * max(len(a), 1) > MAX_HERHALING:
                    raise SecurityError("herhaling is te groot")
            return operator.mul(left, right)
        if operator_naam == "+":
            if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
                if len(left) + len(right) > MAX_UITVOER:
                    raise SecurityError(f"een tekst in het sjabloon wordt langer dan {MAX_UITVOER} tekens")
            return operator.add(left, right)
        return super().call_binop(context, operator_naam, left, right)


_omgeving = _Omgeving(undefined=StrictUndefined, autoescape=False, finalize=_markdown_veilig)


class SjabloonFout(ValueError):
    """A template that does not parse or cannot be filled from the data given."""


class SjabloonTeZwaar(SjabloonFout):
    """A template refused by the sandbox or its budget: it would do too much work, whatever the data."""


def controleer_sjabloon(tekst: str) -> set[str]:
    """Parse the template; return the top-level names its slots read (e.g. {'persoon', 'reisdocument'})."""
    try:
        ast = _omgeving.parse(tekst)
    except TemplateSyntaxError as exc:
        raise SjabloonFout(f"Sjabloon regel {exc.lineno}: {exc.message}") from exc
    return meta.find_undeclared_variables(ast) - {"__begrens__", "__lengte__"}


def vul_in(tekst: str, gegevens: Mapping[str, Any]) -> str:
    """Fill the slots within the render budget (steps, time, text size); the Markdown result, not yet HTML."""
    token = _budget.set(_Budget(MAX_STAPPEN, time.monotonic() + MAX_SECONDEN))
    try:
        delen: list[str] = []
        lengte = 0
        for deel in _omgeving.from_string(tekst).generate(**gegevens):
            lengte += len(deel)
            if lengte > MAX_UITVOER:
                raise SjabloonTeZwaar(f"Het gevulde sjabloon is langer dan {MAX_UITVOER} tekens.")
            delen.append(deel)
        return "".join(delen)
    except TemplateSyntaxError as exc:
        raise SjabloonFout(f"Sjabloon regel {exc.lineno}: {exc.message}") from exc
    except UndefinedError as exc:
        raise SjabloonFout(f"Slot zonder waarde: {exc.message}") from exc
    except SecurityError as exc:
        raise SjabloonTeZwaar(f"Niet toegestaan in een sjabloon: {exc}") from exc
    except RecursionError as exc:
        raise SjabloonTeZwaar("Het sjabloon roept zichzelf te vaak aan.") from exc
    except (TemplateError, ArithmeticError, TypeError, ValueError, OverflowError, MemoryError) as exc:
        raise SjabloonFout(f"Het sjabloon kan niet worden gevuld: {exc}") from exc
    finally:
        _budget.reset(token)


def vul_sjabloon(tekst: str, gegevens: Mapping[str, Any]) -> str:
    """Fill the slots and render the Markdown to safe HTML, as a channel would for a logged-in citizen."""
    return markdown_naar_html(vul_in(tekst, gegevens), tags=PERSOONLIJK_TAGS)


def bevat_slot(tekst: str | None) -> bool:
    return bool(tekst) and bool(SLOT_PATROON.search(tekst or ""))
