"""Periodic editorial tasks (Celery beat in production; `contenthub publish_scheduled` by hand in the demo)."""

from celery import shared_task
from django.core.management import call_command


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def publiceer_gepland(self):
    """Publish items whose go_live_at has passed and withdraw those whose expire_at has passed, for
    every editable type (kennisartikelen, aanvullingen, VAC's, sjablonen)."""
    call_command("publish_scheduled")
