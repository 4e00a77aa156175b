"""Celery application. Without REDIS_URL tasks run eagerly in-process (embedded default)."""

import os

from celery import Celery
from celery.schedules import crontab
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contenthub.conf.dev")

app = Celery("contenthub")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.conf.beat_schedule = {
    # Scheduled publish/expire of every editable type (go_live_at / expire_at).
    "publiceer-gepland": {"task": "contenthub.redactie.tasks.publiceer_gepland", "schedule": crontab(minute="*")},
    # Outbox events the post-commit wake-up missed (a crash in between, a change outside the ORM).
    "publicatie-relay": {"task": "contenthub.publicatie.tasks.relay_taak", "schedule": 5.0, "options": {"queue": "spoed"}},
    # Compare every channel with the ledger and deliver what is missing or stale.
    # History past its retention, unused payloads, handled outbox events.
    "publicatie-opruimen": {
        "task": "contenthub.publicatie.tasks.opruimen",
        "schedule": crontab(hour=3, minute=17),
        "options": {"queue": "bulk"},
    },
    # KCC search logs and handled reports past their retention (KCC_LOG_BEWAARDAGEN).
    "kcc-opruimen": {
        "task": "contenthub.kcc.tasks.opruimen",
        "schedule": crontab(hour=3, minute=41),
        "options": {"queue": "bulk"},
    },
    # The kennisbank's segments back to one: each costs every search (KennisbankPublisher.voeg_samen).
    "kennisbank-samenvoegen": {
        "task": "contenthub.kennisbank.tasks.samenvoegen",
        "schedule": crontab(hour=4, minute=7),
        "options": {"queue": "bulk"},
    },
    # During the day: the day's small segments into one beside the large one, so searches between two nightly merges
    # go through two segments, not the handful the merge policy allows (cheap: only the small ones are rewritten).
    "kennisbank-bijhouden": {
        "task": "contenthub.kennisbank.tasks.samenvoegen",
        "schedule": float(settings.KENNISBANK_BIJHOUDEN_SECONDEN),
        "kwargs": {"tot": 2},
        # a run that could not start before the next is due is dropped, not queued behind it
        "options": {"queue": "bulk", "expires": float(settings.KENNISBANK_BIJHOUDEN_SECONDEN)},
    },
    "publicatie-sweep": {
        "task": "contenthub.publicatie.tasks.sweep",
        "schedule": float(settings.PUBLICATIE_SWEEP_SECONDEN),
        "options": {"queue": "bulk"},
    },
}
