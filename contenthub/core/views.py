import logging

from django.db import connection
from django.http import HttpResponse, JsonResponse

logger = logging.getLogger(__name__)


def health(request):
    """Liveness plus a database round-trip, so a load balancer takes a hub without its database out."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        # The detail (host names, users) is for the operator's log, not for whoever asks /health.
        logger.exception("Gezondheidscontrole: database niet bereikbaar")
        return JsonResponse({"status": "fout", "database": "fout"}, status=503)
    return JsonResponse({"status": "ok", "database": database})


def inlog_geblokkeerd(request, credentials=None, *args, **kwargs):
    """What django-axes answers once a user name is locked out from an address (HTTP 429, in Dutch)."""
    from django.conf import settings

    return HttpResponse(
        "<h1>Inloggen tijdelijk geblokkeerd</h1>"
        f"<p>Er is te vaak een verkeerd wachtwoord gebruikt. Probeer het over {settings.AXES_COOLOFF_TIME} uur opnieuw, "
        "of vraag een beheerder de blokkade op te heffen (<code>contenthub axes_reset_username NAAM</code>).</p>",
        status=429,
        content_type="text/html; charset=utf-8",
    )
