from django.db import connection
from django.http import JsonResponse


def health(request):
    """Liveness plus a database round-trip, so a load balancer takes a hub without its database out."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception as exc:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "fout", "database": str(exc)}, status=503)
    return JsonResponse({"status": "ok", "database": database})
