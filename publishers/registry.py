"""Channel name → publisher. The hub asks the registry; a test or a deployment may register another one."""

from __future__ import annotations

from publishers.base import Publisher

_PUBLISHERS: dict[str, Publisher] = {}


def registreer(publisher: Publisher) -> Publisher:
    _PUBLISHERS[publisher.kanaal] = publisher
    return publisher


def publisher(kanaal: str) -> Publisher:
    try:
        return _PUBLISHERS[kanaal]
    except KeyError:
        raise LookupError(f"Geen publisher voor kanaal '{kanaal}'; bekend: {', '.join(sorted(_PUBLISHERS))}") from None


def kanalen() -> list[str]:
    return sorted(_PUBLISHERS)
