"""Which gemeenten a channel serves and where it delivers for each (from :class:`Aansluiting`)."""

from __future__ import annotations

from contenthub.core.models import Gemeente
from contenthub.publicatie.models import Aansluiting
from publishers.base import Bestemming
from publishers.registry import publisher


class Bestemmingen:
    """The aansluitingen of one channel, read once (one query) for a whole delivery run."""

    def __init__(self, kanaal: str):
        self.kanaal = kanaal
        self.vereist = getattr(publisher(kanaal), "vereist_aansluiting", True)
        rijen = list(Aansluiting.objects.filter(kanaal=kanaal))
        self.standaard = next((r for r in rijen if r.gemeente_id is None), None)
        self.eigen = {r.gemeente_id: r for r in rijen if r.gemeente_id is not None}

    def _rij(self, gemeente: Gemeente) -> Aansluiting | None:
        return self.eigen.get(gemeente.pk, self.standaard)

    def bedient(self, gemeente: Gemeente) -> bool:
        if not self.vereist:
            return True
        rij = self._rij(gemeente)
        return rij is not None and rij.actief

    def voor(self, gemeente: Gemeente) -> Bestemming:
        rij = self._rij(gemeente)
        if rij is None:
            return Bestemming()
        return Bestemming(url=rij.url.replace("{gemeente}", gemeente.slug), geheim=rij.geheim)
