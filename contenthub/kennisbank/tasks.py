"""Nightly upkeep of the kennisbank in OpenSearch."""

from celery import shared_task


@shared_task
def samenvoegen(tot: int = 1) -> dict[str, int]:
    """Merge what publishing added to the kennisbank: every segment costs every search
    (``KennisbankPublisher.voeg_samen``). Nightly into one segment (``kennisbank-samenvoegen``); during the day into
    two every few minutes (``kennisbank-bijhouden``, ``tot=2``), which merges only the day's small segments and
    leaves the large one. Without OpenSearch (the embedded kennisbank) there is nothing to do."""
    from django.conf import settings

    if not settings.OPENSEARCH_URL:
        return {"voor": 0, "na": 0}
    from publishers.kennisbank import KennisbankPublisher

    publisher = KennisbankPublisher(settings.OPENSEARCH_URL, alias=settings.KENNISBANK_ALIAS)
    if not publisher.client.indices.exists_alias(name=publisher.alias):
        return {"voor": 0, "na": 0}  # nothing published yet
    from opensearchpy.exceptions import NotFoundError

    try:
        voor, na = publisher.voeg_samen(tot=tot)
    except NotFoundError:  # a rebuild swapped the alias and removed the old index meanwhile: merged already
        return {"voor": 0, "na": 0}
    return {"voor": voor, "na": na}
