"""HTTP around OParl JSON: HEAD, conditional GET (ETag, Last-Modified, 304) and gzip.

A client that polls a 100-meeting page gets 304 without a body when nothing changed, and ~70 KB of
gzip instead of ~1 MB when something did. The ETag is the hash of the uncompressed JSON, so it is
the same for every client and changes with any byte of the answer."""

from __future__ import annotations

from functools import wraps

from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.utils.http import parse_http_date_safe
from django.views.decorators.gzip import gzip_page


def conditional_json(view):
    """ETag for every 200 answer; 304 for If-None-Match / If-Modified-Since that still match."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or response.streaming:
            return response
        set_response_etag(response)
        patch_vary_headers(response, ["Accept-Encoding"])
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return get_conditional_response(request, etag=response["ETag"], last_modified=last_modified, response=response)

    return gzip_page(wrapper)
