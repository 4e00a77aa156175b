"""Every response carries an ``X-Request-ID``: the caller's own (when it is sane) or a new one, and it is in the
log of that request, so a channel developer and an operator can find the same call."""

from __future__ import annotations

import logging
import re
import uuid

_geldig = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
logger = logging.getLogger("contenthub.verzoek")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        eigen = request.headers.get("X-Request-ID", "")
        request.request_id = eigen if _geldig.match(eigen) else uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        if response.status_code >= 500:
            logger.error("Verzoek %s %s gaf %s", request.request_id, request.path, response.status_code)
        return response
