from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

from .logging import get_logger

log = get_logger(__name__)


@never_cache
def healthz(request):
    """200 when the database answers, 503 otherwise. For load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means unhealthy
        log.warning("healthz.database_unreachable", error=str(exc))
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def favicon(request):
    """Browsers ask for /favicon.ico on every site; the icon itself is a static file."""
    return HttpResponsePermanentRedirect(static("img/favicon.ico"))
