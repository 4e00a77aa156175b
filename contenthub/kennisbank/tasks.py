"""Upkeep of the kennisbank in OpenSearch: its segments merged nightly, and the day's small ones every few minutes."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)
# How long a daytime run waits for its merge: the day's small segments take a second; longer means the node is busy
# with a larger merge, and the next run will do.
BIJHOUDEN_WACHTTIJD = 120.0


@shared_task
def samenvoegen(tot: int = 1) -> dict[str, int]:
    """Merge what publishing added to the kennisbank: every segment costs every search
    (``KennisbankPublisher.voeg_samen``). Nightly into one segment (``kennisbank-samenvoegen``); during the day into
    two every few minutes (``kennisbank-bijhouden``, ``tot=2``), which merges only the day's small segments and
    leaves the large one. Without OpenSearch (the embedded kennisbank) there is nothing to do."""
    from django.conf import settings

    if not settings.OPENSEARCH_URL:
        return {"voor": 0, "na": 0}
    from opensearchpy.exceptions import ConnectionError as GeenVerbinding  # timeouts too
    from opensearchpy.exceptions import NotFoundError

    from publishers.kennisbank import KennisbankPublisher

    publisher = KennisbankPublisher(settings.OPENSEARCH_URL, alias=settings.KENNISBANK_ALIAS)
    try:
        if not publisher.client.indices.exists_alias(name=publisher.alias):
            return {"voor": 0, "na": 0}  # nothing published yet
        voor, na = publisher.voeg_samen(tot=tot, wachttijd=None if tot == 1 else BIJHOUDEN_WACHTTIJD)
    except NotFoundError:  # a rebuild swapped the alias and removed the old index meanwhile: merged already
        return {"voor": 0, "na": 0}
    except GeenVerbinding as exc:
        if tot == 1:
            raise  # the nightly merge failing is worth an error; it runs again tomorrow
        # the daytime run comes again in a few minutes: a node that is down (or busy with the nightly merge or a
        # rebuild's, which OpenSearch runs one at a time) is a warning, not an error every few minutes
        logger.warning("Kennisbank bijhouden overgeslagen: OpenSearch antwoordde niet (%s).", exc)
        return {"voor": 0, "na": 0}
    return {"voor": voor, "na": na}
