"""HTTP around OParl JSON: HEAD, conditional GET (ETag, Last-Modified, 304) and gzip.

A client that polls a 100-meeting page gets 304 without a body when nothing changed, and ~70 KB of
gzip instead of ~1 MB when something did. The ETag is the hash of the uncompressed JSON, so it is
the same for every client and changes with any byte of the answer.

List pages of the column pipeline (rows.py) carry a cheaper ETag that needs no serialising: a hash of
the page's own rows (every printed column and the visibility of what it refers to), its links and the
code that prints them. Change tracking by construction (models/changes.py) moves an object's
`modified` whenever anything it embeds or refers to changes, so equal rows mean equal JSON; a
revalidation is then answered 304 after the page query alone."""

from __future__ import annotations

import hashlib
import inspect
from functools import lru_cache, wraps

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.utils.http import parse_http_date_safe, quote_etag
from django.views.decorators.gzip import gzip_page


def conditional_json(view):
    """ETag for every 200 answer; 304 for If-None-Match / If-Modified-Since that still match."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or response.streaming:
            return response
        if not response.has_header("ETag"):  # a list page brings its own (page_version)
            set_response_etag(response)
        patch_vary_headers(response, ["Accept-Encoding"])
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return get_conditional_response(request, etag=response["ETag"], last_modified=last_modified, response=response)

    return gzip_page(wrapper)


@lru_cache(maxsize=1)
def _code_version() -> bytes:
    """The serializers and the pipeline that print a page: a deployment that changes them changes every ETag."""
    from . import pagination, printed, rows, rows_lists, rows_meetings, serializers, urls_helpers

    modules = (serializers, rows, rows_lists, rows_meetings, pagination, printed, urls_helpers)
    try:
        source = "".join(inspect.getsource(m) for m in modules)
    except (OSError, TypeError):  # shipped without sources: the start of this process stands in for the code
        import time

        source = f"{time.time_ns()}"
    return hashlib.sha256(source.encode()).digest()


def page_version(oparl_type: str, page) -> str:
    """The ETag of a list page of `values()` rows, computed before the related tables are read."""
    from django.utils import timezone

    digest = hashlib.sha256(_code_version())
    context = (oparl_type, settings.SITE_URL, timezone.get_current_timezone_name(), page.per_page, page.links)
    digest.update(repr(context).encode())
    digest.update(repr(page.objects).encode())
    return quote_etag("p" + digest.hexdigest()[:32])


def etag_matches(request, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    return bool(header) and (header.strip() == "*" or etag in [t.strip().removeprefix("W/") for t in header.split(",")])
