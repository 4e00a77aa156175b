import logging

from django.db import connection
from django.http import JsonResponse

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
