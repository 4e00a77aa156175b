"""Is every channel serving exactly what the hub composes now? Per item × gemeente × kanaal, in bulk.

The same comparison the delivery uses to decide what is stale, so "consistent" here means "a delivery
would send nothing". A constant number of queries per batch of gemeenten, whatever the catalogue size.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass

from django.conf import settings

from contenthub.core.models import Gemeente
from contenthub.publicatie.bestemmingen import Bestemmingen
from contenthub.publicatie.levering import gewenste_inhoud, ledger_rijen
from contenthub.publicatie.models import Status
from contenthub.publicatie.samenstellen import Doelen
from publishers.registry import kanalen


@dataclass(frozen=True)
class Afwijking:
    kanaal: str
    gemeente: str
    soort: str
    uuid: str
    titel: str
    reden: str
    verwacht: str  # fingerprint the channel should serve ('' = nothing: withdrawn)
    geleverd: str  # fingerprint the ledger says it serves
    status: str
    laatste_fout: str

    def als_dict(self) -> dict:
        return asdict(self)


@dataclass
class Telling:
    gecontroleerd: int = 0
    afwijkingen: int = 0


def controleer(
    gemeenten: Iterable[Gemeente] | None = None, kanaal_namen: Iterable[str] | None = None, telling: Telling | None = None
) -> Iterator[Afwijking]:
    gemeenten = list(gemeenten if gemeenten is not None else Gemeente.objects.order_by("slug"))
    telling = telling if telling is not None else Telling()
    batch = settings.PUBLICATIE_BATCH_GEMEENTEN
    for kanaal in kanaal_namen or kanalen():
        bestemmingen = Bestemmingen(kanaal)
        bediend = [g for g in gemeenten if bestemmingen.bedient(g)]
        for begin in range(0, len(bediend), batch):
            deel = bediend[begin : begin + batch]
            slugs = {g.pk: g.slug for g in deel}
            gewenst = gewenste_inhoud(kanaal, deel, Doelen.alles())
            ledger = ledger_rijen(kanaal, deel, Doelen.alles())
            for sleutel, (item, _, fp) in gewenst.items():
                telling.gecontroleerd += 1
                rij = ledger.get(sleutel)
                if rij is not None and rij.status == Status.AFGELEVERD and rij.fingerprint == fp:
                    continue
                if rij is None:
                    reden = "nooit geleverd"
                elif rij.status == Status.DODE_LETTER:
                    reden = "dode letter"
                elif rij.status in (Status.MISLUKT, Status.WACHTEND):
                    reden = "levering loopt of mislukte"
                else:
                    reden = "verouderde versie"
                telling.afwijkingen += 1
                titel = getattr(item, "titel", None) or getattr(item, "vraag", "")
                yield Afwijking(
                    kanaal,
                    slugs[sleutel[0]],
                    sleutel[1],
                    str(sleutel[2]),
                    titel,
                    reden,
                    fp,
                    rij.fingerprint if rij else "",
                    rij.status if rij else "",
                    rij.laatste_fout if rij else "",
                )
            for sleutel, rij in ledger.items():
                if sleutel not in gewenst and rij.fingerprint:
                    telling.gecontroleerd += 1
                    telling.afwijkingen += 1
                    yield Afwijking(
                        kanaal,
                        slugs[sleutel[0]],
                        sleutel[1],
                        str(sleutel[2]),
                        "",
                        "nog zichtbaar na intrekking",
                        "",
                        rij.fingerprint,
                        rij.status,
                        rij.laatste_fout,
                    )
