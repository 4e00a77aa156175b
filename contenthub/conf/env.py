"""The one place where the hub reads its environment.

Every setting that an operator may change is declared here with a default and a help text, so
that ``docs/configuration.md`` can be generated from the same declarations the code uses and can
never drift from them (a test compares the two).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_TRUE = {"1", "true", "yes", "on", "ja"}
_FALSE = {"0", "false", "no", "off", "nee", ""}


@dataclass(frozen=True)
class EnvVar:
    name: str
    default: Any
    help_text: str
    group: str
    cast: str


REGISTRY: dict[str, EnvVar] = {}


class ConfigurationError(Exception):
    """An environment variable holds a value the hub cannot use."""


def _to_bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigurationError(f"{name}={raw!r}: verwacht een ja/nee-waarde (true/false, 1/0).")


def _to_list(name: str, raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()]


def _to_int(name: str, raw: str) -> int:
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigurationError(f"{name}={raw!r}: verwacht een geheel getal.") from exc


def _to_float(name: str, raw: str) -> float:
    try:
        return float(raw)
    except ValueError as exc:
        raise ConfigurationError(f"{name}={raw!r}: verwacht een getal (bijvoorbeeld 2 of 0.5).") from exc


_CASTS: dict[type, tuple[str, Callable[[str, str], Any]]] = {
    bool: ("bool", _to_bool),
    int: ("int", _to_int),
    float: ("float", _to_float),
    list: ("list", _to_list),
    str: ("str", lambda _name, raw: raw),
}


def config(
    name: str,
    default: Any,
    *,
    help_text: str,
    group: str = "Algemeen",
    cast: type | None = None,
    minimum: float | None = None,
) -> Any:
    """Read ``name`` from the environment, falling back to ``default``.

    The cast follows the type of the default unless ``cast`` is given, so a boolean default gives a
    boolean setting and a list default a comma-separated list. ``minimum``: a number below it stops the hub at
    start-up instead of doing harm (a retention of 0 days would delete today's logs).
    """
    kind = cast or (type(default) if default is not None else str)
    label, caster = _CASTS[kind]
    REGISTRY[name] = EnvVar(name, default, help_text, group, label)
    raw = os.environ.get(name)
    if raw is None:
        return default
    waarde = caster(name, raw)
    if minimum is not None and waarde < minimum:
        raise ConfigurationError(f"{name}={raw!r}: moet minstens {minimum} zijn.")
    return waarde


def render_markdown_docs() -> str:
    """Markdown for docs/configuration.md, grouped the way the settings declare them."""
    lines = [
        "# Configuratie",
        "",
        "Gegenereerd door `contenthub config_docs` uit `contenthub/conf/env.py`; niet met de hand bewerken.",
        "Elke instelling wordt gelezen uit een omgevingsvariabele; zonder variabele geldt de standaardwaarde.",
        "",
    ]
    groups: dict[str, list[EnvVar]] = {}
    for var in REGISTRY.values():
        groups.setdefault(var.group, []).append(var)
    for group in sorted(groups):
        lines += [f"## {group}", "", "| variabele | type | standaard | betekenis |", "|---|---|---|---|"]
        for var in sorted(groups[group], key=lambda v: v.name):
            default = var.default
            if isinstance(default, list):
                default = ",".join(default)
            shown = f"`{default}`" if default not in (None, "") else "(leeg)"
            lines.append(f"| `{var.name}` | {var.cast} | {shown} | {var.help_text} |")
        lines.append("")
    return "\n".join(lines)
