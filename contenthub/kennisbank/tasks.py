"""Nightly upkeep of the kennisbank in OpenSearch."""

from celery import shared_task


@shared_task
def samenvoegen() -> dict[str, int]:
    """Merge what a day of publishing added to the kennisbank into one segment again: every segment costs every
    search (``KennisbankPublisher.voeg_samen``). Without OpenSearch (the embedded kennisbank) there is nothing to do."""
    from django.conf import settings

    if not settings.OPENSEARCH_URL:
        return {"voor": 0, "na": 0}
    from publishers.kennisbank import KennisbankPublisher

    publisher = KennisbankPublisher(settings.OPENSEARCH_URL, alias=settings.KENNISBANK_ALIAS)
    if not publisher.client.indices.exists_alias(name=publisher.alias):
        return {"voor": 0, "na": 0}  # nothing published yet
    from opensearchpy.exceptions import NotFoundError

    try:
        voor, na = publisher.voeg_samen()
    except NotFoundError:  # a rebuild swapped the alias and removed the old index meanwhile: merged already
        return {"voor": 0, "na": 0}
    return {"voor": voor, "na": na}
