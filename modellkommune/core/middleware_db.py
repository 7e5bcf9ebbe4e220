"""A friendly "503 Service Unavailable" page while the database is unreachable.

Install it as the outermost middleware after SecurityMiddleware and WhiteNoise (so static files and the
security headers still work). An outage error can surface anywhere: in a view (process_exception), in a
middleware that loads the session or the user, or while Django renders its own 500 page (the error page
itself queries the database for the navigation). All three end here.

The page is rendered without a request context: context processors and the user menu would query the
database again. Nothing is cached, so the site recovers by itself: the next request after the database is
back gets a fresh connection (Django drops the broken one at the end of the failed request).
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from . import dbstatus

RETRY_AFTER_SECONDS = 30
_REQUEST_FLAG = "_modellkommune_db_outage"


def _flag_outage(sender, request=None, **kwargs):
    """Django turns exceptions of inner middlewares into 500 responses; remember when it was an outage."""
    exc = sys.exc_info()[1]
    if request is not None and dbstatus.is_outage(exc):
        setattr(request, _REQUEST_FLAG, exc)


got_request_exception.connect(_flag_outage, dispatch_uid="modellkommune.core.middleware_db")


def outage_response(request) -> HttpResponse:
    language = getattr(request, "LANGUAGE_CODE", None) or settings.LANGUAGE_CODE
    retry_after = int(getattr(settings, "DB_OUTAGE_RETRY_AFTER", RETRY_AFTER_SECONDS))
    with translation.override(language):
        accepts_json = "application/json" in request.headers.get("Accept", "") or request.path.startswith(
            ("/oparl/", "/sta/", "/open311/", "/api/")
        )
        if accepts_json:
            response = HttpResponse(
                '{"code": 503, "message": "Service temporarily unavailable (database)."}',
                status=503,
                content_type="application/json",
            )
        else:
            html = render_to_string("503.html", {"retry_after": retry_after, "LANGUAGE_CODE": language})
            response = HttpResponse(html, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    # This answer bypasses the inner middlewares, so it carries the page policy itself.
    if getattr(settings, "CONTENT_SECURITY_POLICY", ""):
        response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY
    response["X-Frame-Options"] = "DENY"
    return response


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            response = self.get_response(request)
        except Exception as exc:
            if not dbstatus.is_outage(exc):
                raise
            dbstatus.record_failure(exc)
            return outage_response(request)
        flagged = getattr(request, _REQUEST_FLAG, None)
        if flagged is not None and response.status_code >= 500:
            dbstatus.record_failure(flagged)
            return outage_response(request)
        if dbstatus.is_down() and response.status_code < 500:
            dbstatus.record_success()
        return response

    def process_exception(self, request, exception):
        if dbstatus.is_outage(exception):
            dbstatus.record_failure(exception)
            return outage_response(request)
        return None
