"""Anonymous HTML pages from Django's cache (Redis in production via CACHE_URL, local memory by default).

`@anonymous_page_cache(apps=("council",), ttl=120)` on a view serves a visitor without a session from
the cache; everybody else (signed in, or with anything in a session or a pending message) gets the live
page, and their page is never stored, so no personal data reaches the cache.

Freshness: every app has a generation number in the cache, bumped after the commit of any save, delete
or many-to-many change of one of its models (signals below); a page's key contains the generations of
the apps it shows, so a changed paper is visible on the next request. Writes that bypass signals
(`QuerySet.update()`, raw SQL) and time-dependent content ("upcoming meetings") are covered by the TTL.
The sensors app is not tracked: observations arrive every second; pages with live values use a short TTL.

Every page carries the CSRF token of the language switcher (base.html). The cache holds the page with a
placeholder instead of the token; each visitor gets their own token (and CSRF cookie) filled in.

HTTP: cached pages answer `Cache-Control: private, no-cache` with an ETag (the cached page and the
visitor's CSRF cookie), so a browser revalidates each time and usually gets a bodiless 304; shared
proxies keep nothing (the page holds a per-visitor token). `Vary: Cookie` as for every page."""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag

# Apps whose changes show on cached pages. sensors is left out on purpose (see the module docstring).
TRACKED_APPS = frozenset({"core", "council", "opendata", "programme", "egov", "participation", "portal"})
PREFIX = "pagecache:"
MARK = b"__csrf_token_placeholder__"
logger = logging.getLogger(__name__)
_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")([^"]*)(")')


def _generation_key(app: str) -> str:
    return f"{PREFIX}gen:{app}"


def bump(app: str) -> None:
    """A new generation for the app: every cached page that shows its data is stale from now on.
    Runs after a commit: a cache outage is logged, never raised into the write that caused it."""
    key = _generation_key(app)
    try:
        try:
            cache.incr(key)
        except ValueError:  # not there (never set or evicted): any new value differs from what pages used
            cache.set(key, secrets.randbelow(2**31), None)
    except Exception:  # noqa: BLE001 - pages go stale at most PAGE_CACHE_SECONDS
        logger.warning("page cache generation of %s not bumped", app, exc_info=True)


class _Bumper:
    """One per app, so that a transaction registers its on_commit bump once however many rows it saves."""

    def __init__(self, app: str):
        self.app = app

    def __call__(self) -> None:
        bump(self.app)


_BUMPERS = {app: _Bumper(app) for app in TRACKED_APPS}


def _changed(sender, **kwargs) -> None:
    bumper = _BUMPERS.get(getattr(getattr(sender, "_meta", None), "app_label", ""))
    if bumper is None or kwargs.get("raw"):
        return
    if kwargs.get("action", "post_").startswith("pre_"):  # m2m_changed: only after the change
        return
    connection = transaction.get_connection(kwargs.get("using") or "default")
    # After the commit: a page rendered before it would otherwise be stored under the new generation.
    if any(func is bumper for _sids, func, _robust in connection.run_on_commit):
        return
    transaction.on_commit(bumper, using=connection.alias)


def connect_signals() -> None:
    post_save.connect(_changed, dispatch_uid="core.page_cache.save")
    post_delete.connect(_changed, dispatch_uid="core.page_cache.delete")
    m2m_changed.connect(_changed, dispatch_uid="core.page_cache.m2m")


def _generations(apps: tuple[str, ...]) -> str:
    keys = [_generation_key(app) for app in apps]
    found = cache.get_many(keys)
    missing = {key: secrets.randbelow(2**31) for key in keys if key not in found}
    for key, value in missing.items():
        if not cache.add(key, value, None):  # another process was first: use its value
            missing[key] = cache.get(key, value)
    return ".".join(str(found.get(key, missing.get(key))) for key in keys)


def is_anonymous_request(request) -> bool:
    """No session (so not signed in, nothing stored for the visitor) and no pending messages."""
    if request.method not in ("GET", "HEAD") or request.headers.get("HX-Request"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in cookies:
        return False
    return not request.user.is_authenticated  # no session cookie: AnonymousUser, no query


def _page_key(request, apps: tuple[str, ...]) -> str:
    raw = "|".join(
        (request.get_host(), request.get_full_path(), request.LANGUAGE_CODE, request.method, _generations(apps))
    )
    return f"{PREFIX}page:{hashlib.sha256(raw.encode()).hexdigest()}"


def _etag(request, content: bytes) -> str:
    secret = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    return quote_etag(hashlib.sha256(content + b"|" + secret.encode()).hexdigest()[:32])


def _serve(request, content: bytes, content_type: str) -> HttpResponse:
    etag = _etag(request, content)
    if request.COOKIES.get(settings.CSRF_COOKIE_NAME) and etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        if MARK in content:
            content = content.replace(MARK, get_token(request).encode())
        response = HttpResponse(content, content_type=content_type)
    response["ETag"] = etag
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def anonymous_page_cache(*, apps: tuple[str, ...], live: bool = False):
    """Serve the view's page to visitors without a session from the cache (see the module docstring).
    TTL: settings.PAGE_CACHE_SECONDS, or PAGE_CACHE_LIVE_SECONDS for pages with live values (`live`);
    0 turns the cache off (the default of the test settings: tests see every change at once)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            ttl = settings.PAGE_CACHE_LIVE_SECONDS if live else settings.PAGE_CACHE_SECONDS
            if ttl <= 0 or not is_anonymous_request(request):
                return view(request, *args, **kwargs)
            try:
                key = _page_key(request, apps)
                cached = cache.get(key)
            except Exception:  # noqa: BLE001 - cache unreachable (Redis down): the live page, not a 500
                logger.warning("page cache unreachable, rendering live", exc_info=True)
                return view(request, *args, **kwargs)
            if cached is not None:
                return _serve(request, *cached)
            response = view(request, *args, **kwargs)
            session = getattr(request, "session", None)
            storable = (
                response.status_code == 200
                and not response.streaming
                and not response.cookies
                and not (session is not None and session.modified)
            )
            if not storable:
                return response
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            content = _TOKEN.sub(lambda m: m.group(1) + MARK + m.group(3), response.content)
            try:
                cache.set(key, (content, response["Content-Type"]), ttl)
            except Exception:  # noqa: BLE001 - not stored this time; the visitor still gets the page
                logger.warning("page cache unreachable, page not stored", exc_info=True)
            return _serve(request, content, response["Content-Type"])

        return wrapper

    return decorator
