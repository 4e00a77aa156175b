"""Search-index updates in bulk for large writes (import).

Wagtail's search (the ``modelsearch`` package) indexes every saved object on ``post_save``; the database
backend then recomputes statistics over the whole index table, so an import's cost per item grew with
the size of the database. Inside :func:`zoekindex_in_bulk` saves are only remembered; the objects are
indexed once per model afterwards, and not at all when the block fails (its transaction rolled back).

The signal is disconnected process-wide for the duration: use this in commands and tasks, not in a
request of a multi-threaded web server.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from django.db.models.signals import post_save


@contextmanager
def zoekindex_in_bulk() -> Iterator[None]:
    from modelsearch import index, signal_handlers
    from modelsearch.backends import get_search_backends

    modellen = [m for m in index.get_indexed_models() if getattr(m, "search_auto_update", True)]
    gewijzigd: dict[type, set] = defaultdict(set)

    def onthoud(sender, instance, raw=False, **kwargs):
        if not raw:
            gewijzigd[sender].add(instance.pk)

    for model in modellen:
        post_save.disconnect(signal_handlers.post_save_signal_handler, sender=model)
        post_save.connect(onthoud, sender=model, dispatch_uid=f"zoekindex_in_bulk_{model._meta.label}")
    try:
        yield
    finally:
        for model in modellen:
            post_save.disconnect(sender=model, dispatch_uid=f"zoekindex_in_bulk_{model._meta.label}")
            post_save.connect(signal_handlers.post_save_signal_handler, sender=model)
    # Only reached when the block succeeded.
    backends = list(get_search_backends(with_auto_update=True))
    for model, pks in gewijzigd.items():
        objecten = list(model._default_manager.filter(pk__in=pks))
        for backend in backends:
            backend.add_bulk(model, objecten)
