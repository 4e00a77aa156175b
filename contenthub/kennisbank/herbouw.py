"""Rebuilding the kennisbank from the composed content: into a new index, then one atomic alias swap.

Agents keep searching the old index until the swap (zero downtime). Deliveries that land while the rebuild runs
go to the old index; so after the swap every item whose kennisbank delivery changed since the start is written
again from its current composition, and the new index misses nothing. Every document carries the ledger's
volgnummer (``external_gte``): a later delivery, with a higher number, always wins; an older one never does.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from contenthub.core.models import Gemeente
from contenthub.kennisbank.inbedding import voeg_toe
from contenthub.publicatie.models import Levering
from contenthub.publicatie.samenstellen import Doelen, kanaal_items
from publishers.kennisbank import document_id, kennisbank_document
from publishers.payload import fingerprint

BATCH = 50  # gemeenten per composition batch (the bulk resolver's own batch size)


@dataclass
class Herbouw:
    index: str = ""
    documenten: int = 0
    gemeenten: int = 0
    nagekomen: int = 0
    vorige: tuple[str, ...] = ()


def _documenten(gemeenten: list[Gemeente], doelen: Doelen, volgnummers: dict) -> list[tuple[str, dict, int]]:
    """The kennisbank documents of these items as composed now, with fingerprint, volgnummer and embedding."""
    uit = []
    for (gemeente_pk, soort, uuid), item in kanaal_items(gemeenten, doelen).items():
        inhoud = kennisbank_document(item)
        volgnummer = volgnummers.get((gemeente_pk, soort, uuid), 1)
        uit.append(
            (
                document_id(item.gemeente.slug, soort, uuid),
                inhoud | {"fingerprint": fingerprint(inhoud), "volgnummer": volgnummer},
                volgnummer,
            )
        )
    voeg_toe([bron for _, bron, _ in uit])  # after the fingerprint, as the publisher does
    return uit


def _volgnummers(gemeenten: list[Gemeente]) -> dict:
    rijen = Levering.objects.filter(kanaal="kennisbank", gemeente__in=gemeenten).values_list(
        "gemeente_id", "soort", "item_uuid", "volgnummer"
    )
    return {(g, s, u): v or 1 for g, s, u, v in rijen}


def herbouw(voortgang: Callable[[str], None] = lambda _: None) -> Herbouw:
    """Rebuild the kennisbank (OpenSearch when configured, otherwise the database table)."""
    if not settings.OPENSEARCH_URL:
        return _herbouw_database(voortgang)
    from publishers.kennisbank import KennisbankPublisher

    publisher = KennisbankPublisher(settings.OPENSEARCH_URL, alias=settings.KENNISBANK_ALIAS)
    client = publisher.client
    uitkomst = Herbouw(index=publisher.maak_index())
    begin = timezone.now()
    gemeenten = list(Gemeente.objects.order_by("slug"))
    voortgang(f"Nieuwe index {uitkomst.index}; {len(gemeenten)} gemeenten samenstellen en indexeren …")
    try:
        _vul(client, uitkomst, gemeenten, voortgang)
        # before the swap: agents search the new index from its first search at full speed (see ``voeg_samen``)
        voortgang("Index samenvoegen tot één segment (sneller zoeken) …")
        begin_samenvoegen = time.perf_counter()
        voor, _ = publisher.voeg_samen(uitkomst.index)
        voortgang(f"  {voor} segment(en) samengevoegd in {time.perf_counter() - begin_samenvoegen:.0f} s")
    except BaseException:
        client.indices.delete(index=uitkomst.index, ignore_unavailable=True)  # the alias still points at the old one
        raise
    uitkomst.vorige = tuple(publisher.wissel_alias(uitkomst.index))
    voortgang(f"Alias {publisher.alias} wijst nu naar {uitkomst.index}.")
    uitkomst.nagekomen = _nakomers(client, publisher.alias, begin)
    if uitkomst.nagekomen:
        voortgang(f"  {uitkomst.nagekomen} documenten opnieuw geschreven die tijdens de herbouw veranderden")
    for oud in uitkomst.vorige:
        client.indices.delete(index=oud, ignore_unavailable=True)
    if uitkomst.vorige:
        voortgang(f"Oude index verwijderd: {', '.join(uitkomst.vorige)}")
    return uitkomst


def _vul(client, uitkomst: Herbouw, gemeenten: list[Gemeente], voortgang: Callable[[str], None]) -> None:
    from opensearchpy.helpers import bulk

    for i in range(0, len(gemeenten), BATCH):
        deel = gemeenten[i : i + BATCH]
        docs = _documenten(deel, Doelen.alles(), _volgnummers(deel))
        acties = (
            {"_index": uitkomst.index, "_id": doc_id, "_source": bron, "version": v, "version_type": "external_gte"}
            for doc_id, bron, v in docs
        )
        bulk(client, acties, chunk_size=500, request_timeout=120)
        uitkomst.documenten += len(docs)
        uitkomst.gemeenten += len(deel)
        voortgang(f"  {uitkomst.gemeenten}/{len(gemeenten)} gemeenten, {uitkomst.documenten} documenten")
    client.indices.refresh(index=uitkomst.index)


def _nakomers(client, alias: str, sinds) -> int:
    """Write again, into the new index, every item whose kennisbank delivery changed after the rebuild began."""
    from opensearchpy.exceptions import ConflictError, NotFoundError

    rijen = list(Levering.objects.filter(kanaal="kennisbank", afgeleverd_op__gte=sinds).select_related("gemeente"))
    per_gemeente: dict = {}
    for r in rijen:
        per_gemeente.setdefault(r.gemeente, []).append(r)
    aantal = 0
    for gemeente, lijst in per_gemeente.items():
        doelen = Doelen(
            {r.item_uuid for r in lijst if r.soort == "kennisartikel"},
            {r.item_uuid for r in lijst if r.soort == "kennisartikel"},
            {r.item_uuid for r in lijst if r.soort == "vac"},
        )
        volgnummers = {(gemeente.pk, r.soort, r.item_uuid): r.volgnummer or 1 for r in lijst}
        docs = {doc_id: (bron, v) for doc_id, bron, v in _documenten([gemeente], doelen, volgnummers)}
        for r in lijst:
            doc_id = document_id(gemeente.slug, r.soort, r.item_uuid)
            try:
                if doc_id in docs:
                    bron, v = docs[doc_id]
                    client.index(index=alias, id=doc_id, body=bron, version=v, version_type="external_gte")
                else:
                    client.delete(index=alias, id=doc_id, version=r.volgnummer or 1, version_type="external_gte")
                aantal += 1
            except (ConflictError, NotFoundError):
                pass  # a newer delivery is there already, or nothing to remove
    return aantal


def _herbouw_database(voortgang: Callable[[str], None]) -> Herbouw:
    """The embedded kennisbank table: every composed item written afresh, everything else made a tombstone.

    Tombstones keep their volgnummer (a late, older delivery can never bring a withdrawn item back), and no
    document's volgnummer goes down."""
    from contenthub.kennisbank.models import KennisbankDocument

    uitkomst = Herbouw(index="database")
    gemeenten = list(Gemeente.objects.order_by("slug"))
    geschreven: set[str] = set()
    with transaction.atomic():
        for i in range(0, len(gemeenten), BATCH):
            deel = gemeenten[i : i + BATCH]
            docs = _documenten(deel, Doelen.alles(), _volgnummers(deel))
            bestaand = dict(
                KennisbankDocument.objects.filter(sleutel__in=[d for d, _, _ in docs]).values_list("sleutel", "volgnummer")
            )
            rijen = []
            for doc_id, bron, v in docs:
                gemeente, soort, uuid = doc_id.split(":", 2)
                v = max(v, bestaand.get(doc_id, 0))
                rijen.append(
                    KennisbankDocument(
                        sleutel=doc_id,
                        gemeente=gemeente,
                        soort=soort,
                        item_uuid=uuid,
                        inhoud=bron | {"volgnummer": v},
                        fingerprint=bron["fingerprint"],
                        volgnummer=v,
                    )
                )
            KennisbankDocument.objects.bulk_create(
                rijen,
                batch_size=500,
                update_conflicts=True,
                unique_fields=["sleutel"],
                # bijgewerkt_op too: a rebuild can change a document and keep its volgnummer, and the searching
                # processes see a changed kennisbank by the highest volgnummer and the latest change
                update_fields=["gemeente", "soort", "item_uuid", "inhoud", "fingerprint", "volgnummer", "bijgewerkt_op"],
            )
            geschreven |= {r.sleutel for r in rijen}
            uitkomst.documenten += len(rijen)
            uitkomst.gemeenten += len(deel)
            voortgang(f"  {uitkomst.gemeenten}/{len(gemeenten)} gemeenten, {uitkomst.documenten} documenten")
        levend = KennisbankDocument.objects.filter(inhoud__isnull=False).values_list("sleutel", flat=True)
        weg = sorted(set(levend) - geschreven)
        for j in range(0, len(weg), 500):  # in chunks: SQLite limits the number of parameters per statement
            KennisbankDocument.objects.filter(sleutel__in=weg[j : j + 500]).update(
                inhoud=None, fingerprint="", bijgewerkt_op=timezone.now()
            )
    return uitkomst
