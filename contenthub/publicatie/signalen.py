"""Wake the relay after a commit that may have written outbox events, and register the channel publishers.

The events themselves come from database triggers; these receivers only shorten the wait: without them
the relay still runs every few seconds from beat. One wake-up per transaction, however many rows changed.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)


def _na_commit() -> None:
    from kombu.exceptions import OperationalError

    from contenthub.publicatie.tasks import relay_taak

    try:
        relay_taak.apply_async(queue="spoed", retry=False)
    except OperationalError:  # the broker is down: the publish itself is committed and safe in the outbox
        logger.warning("Relay niet gewekt (takenwachtrij onbereikbaar); beat pakt de gebeurtenissen op.", exc_info=True)


def wek_relay(**kwargs) -> None:
    verbinding = transaction.get_connection()
    if any(functie is _na_commit for _, functie, _ in verbinding.run_on_commit):
        return  # already planned for this transaction (a rollback drops it, and the next save plans again)
    transaction.on_commit(_na_commit)


def verbind() -> None:
    from contenthub.content.models import (
        GemeentelijkeAanvulling,
        Kennisartikel,
        Locatie,
        PersoonlijkSjabloon,
        SectieAanpassing,
        VraagAntwoord,
    )
    from contenthub.core.models import Gemeente

    # Sections and locations too: Wagtail saves them after the aanvulling row, often in their own commits.
    for model in (
        Kennisartikel,
        GemeentelijkeAanvulling,
        SectieAanpassing,
        Locatie,
        VraagAntwoord,
        PersoonlijkSjabloon,
        Gemeente,
    ):
        post_save.connect(wek_relay, sender=model, dispatch_uid=f"publicatie_wek_{model._meta.label}")
        post_delete.connect(wek_relay, sender=model, dispatch_uid=f"publicatie_wek_del_{model._meta.label}")


def registreer_publishers() -> None:
    from django.conf import settings

    from contenthub.kennisbank.inbedding import voeg_toe
    from publishers.chatbot import ChatbotPublisher
    from publishers.registry import registreer
    from publishers.social import SocialPublisher
    from publishers.website import WebsitePublisher

    registreer(WebsitePublisher())
    registreer(ChatbotPublisher())
    registreer(SocialPublisher())
    if settings.OPENSEARCH_URL:
        from publishers.kennisbank import KennisbankPublisher

        registreer(KennisbankPublisher(settings.OPENSEARCH_URL, alias=settings.KENNISBANK_ALIAS, verrijk=voeg_toe))
    else:  # embedded default: the same channel on the hub's own database
        from contenthub.kennisbank.database import DatabaseKennisbankPublisher

        registreer(DatabaseKennisbankPublisher(verrijk=voeg_toe))
