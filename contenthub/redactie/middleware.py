"""Wagtail's cross-content reports list every snippet's title and history by model permission only,
which would show a gemeente's editors what other gemeenten are working on. Only superusers see them;
editors use the scoped listings, history per item and the Redactie pages instead."""

from django.core.exceptions import PermissionDenied

AFGESCHERMDE_RAPPORTEN = ("/admin/reports/site-history/", "/admin/reports/workflow/", "/admin/reports/workflow_tasks/")


class RapportenAfscherming:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            request.path.startswith(AFGESCHERMDE_RAPPORTEN)
            and user is not None
            and user.is_authenticated
            and not user.is_superuser
        ):
            raise PermissionDenied("Dit rapport is alleen voor beheerders.")
        return self.get_response(request)
