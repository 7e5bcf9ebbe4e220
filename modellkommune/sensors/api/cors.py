"""CORS for /sta/ (issue 12.6): browser dashboards on any origin may read, as the data are public (or read
with a token the page sends itself: no cookies, so `*` is safe); only the origins in STA_CORS_WRITE_ORIGINS
may write. A preflight is answered before any token is looked at, as browsers never send one with it."""

from django.conf import settings
from django.http import HttpResponse

READ_METHODS = "GET, HEAD, OPTIONS"
ALL_METHODS = "GET, HEAD, POST, PATCH, PUT, DELETE, OPTIONS"
ALLOW_HEADERS = "Authorization, Content-Type, Accept, Accept-Language"
EXPOSE_HEADERS = "Location, Retry-After"
MAX_AGE = "86400"


def write_origins() -> set[str]:
    return {origin.rstrip("/") for origin in getattr(settings, "STA_CORS_WRITE_ORIGINS", []) if origin}


def own_origin(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def foreign_origin(request) -> str | None:
    """The Origin of a cross-origin browser request; None for same-origin requests and non-browser clients."""
    origin = request.headers.get("Origin")
    if not origin or origin.rstrip("/") == own_origin(request):
        return None
    return origin.rstrip("/")


def may_write(request) -> bool:
    origin = foreign_origin(request)
    return origin is None or origin in write_origins()


def is_preflight(request) -> bool:
    return request.method == "OPTIONS"


def preflight(request) -> HttpResponse:
    """204 for every OPTIONS: the methods a browser on this origin may use, with Authorization allowed."""
    response = HttpResponse(status=204)
    origin = foreign_origin(request)
    writer = origin is not None and origin in write_origins()
    response["Allow"] = ALL_METHODS
    if request.headers.get("Origin"):
        response["Access-Control-Allow-Origin"] = origin if writer else "*"
        response["Access-Control-Allow-Methods"] = ALL_METHODS if writer else READ_METHODS
        response["Access-Control-Allow-Headers"] = ALLOW_HEADERS
        response["Access-Control-Max-Age"] = MAX_AGE
        response["Vary"] = "Origin"
    return response


def decorate(request, response: HttpResponse, *, writing: bool) -> HttpResponse:
    """Headers of an actual request: reads for everyone, writes echo an allowed origin only."""
    if not request.headers.get("Origin"):
        return response
    origin = foreign_origin(request)
    if not writing:
        response["Access-Control-Allow-Origin"] = "*"
    elif origin is not None and origin in write_origins():
        response["Access-Control-Allow-Origin"] = origin
    response["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
    response["Vary"] = "Origin"
    return response
