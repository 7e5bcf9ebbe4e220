"""Anonymous pages and API answers from Django's cache (Redis in production via CACHE_URL, local memory by default).

`@anonymous_page_cache(apps=("council",))` on a view marks it; `PageCacheMiddleware`, which sits before
the session, CSRF, authentication and message middleware, answers a visitor without a session from the cache
before any of them runs (no database, no template, no URL reversing). Everybody else (signed in, or with
anything in a session or a pending message, or an `Authorization` header) gets the live page, and their
page is never stored, so no personal data reaches the cache. What the inner middleware add to a page
(security headers, Content-Language, Vary) is stored with it and replayed.

Freshness: every app has a generation number in the cache, bumped after the commit of any save, delete
or many-to-many change of one of its models (signals below) and of any OParl queryset update (council's
change tracking calls `changed()`); a page's key contains the generations of the apps it shows, so a
changed paper is visible on the next request. Writes that bypass both (raw SQL) and time-dependent
content ("upcoming meetings") are covered by the TTL. The sensors app is not tracked: observations arrive
every second; pages with live values use a short TTL (`live=True`).

Every page carries the CSRF token of the language switcher (base.html). The cache holds the page with a
placeholder instead of the token; each visitor gets their own token (and CSRF cookie) filled in.

HTTP: cached pages answer `Cache-Control: private, no-cache` with an ETag (the cached page and the
visitor's CSRF cookie), so a browser revalidates each time and usually gets a bodiless 304; shared
proxies keep nothing (the page holds a per-visitor token). `Vary: Cookie` as for every page. API answers
(no token inside) keep their own headers and ETag, and a matching `If-None-Match` is answered 304 from
the cache as well."""

from __future__ import annotations

import hashlib
import logging
import re
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.urls import Resolver404, resolve
from django.utils.cache import cc_delim_re, patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags, quote_etag

# Apps whose changes show on cached pages. sensors is left out on purpose (see the module docstring).
TRACKED_APPS = frozenset(
    {"core", "council", "opendata", "programme", "egov", "reports", "appointments", "participation", "portal"}
)
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
    bumper = _BUMPERS.get(kwargs.get("app_label") or getattr(getattr(sender, "_meta", None), "app_label", ""))
    if bumper is None or kwargs.get("raw"):
        return
    if kwargs.get("action", "post_").startswith("pre_"):  # m2m_changed: only after the change
        return
    connection = transaction.get_connection(kwargs.get("using") or "default")
    # After the commit: a page rendered before it would otherwise be stored under the new generation.
    if any(func is bumper for _sids, func, _robust in connection.run_on_commit):
        return
    transaction.on_commit(bumper, using=connection.alias)


def changed(app: str, using: str = "default") -> None:
    """For writes that send no model signal (council's OParl queryset updates): the app's pages go stale
    after the commit."""
    _changed(None, app_label=app, using=using)


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


class Policy:
    """What `anonymous_page_cache` says about a view: the apps its page shows and whether it has live values."""

    __slots__ = ("apps", "live")

    def __init__(self, apps: tuple[str, ...], live: bool):
        self.apps, self.live = tuple(apps), live

    def ttl(self) -> int:
        return settings.PAGE_CACHE_LIVE_SECONDS if self.live else settings.PAGE_CACHE_SECONDS


def anonymous_page_cache(*, apps: tuple[str, ...], live: bool = False):
    """Mark a view's answers as cacheable for visitors without a session (see the module docstring).
    TTL: settings.PAGE_CACHE_SECONDS, or PAGE_CACHE_LIVE_SECONDS for pages with live values (`live`);
    0 turns the cache off (the default of the test settings: tests see every change at once)."""
    unknown = set(apps) - TRACKED_APPS
    if unknown:
        raise ValueError(f"page cache: untracked apps {sorted(unknown)} would never make a page stale")

    def decorator(view):
        # functools.wraps copies __dict__, so decorators stacked above this one keep the mark.
        view.page_cache_policy = Policy(apps, live)
        return view

    return decorator


def _policy(request) -> Policy | None:
    """The view's policy when this request may be answered from the cache at all, else None."""
    meta = request.META
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in meta or "HTTP_HX_REQUEST" in meta:
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in cookies:
        return None
    if "HTTP_IF_MODIFIED_SINCE" in meta and "HTTP_IF_NONE_MATCH" not in meta:
        return None  # a date-only revalidation: the view answers it from its own Last-Modified
    if "api_key" in request.GET:  # Open311 keys identify a client
        return None
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return None
    return getattr(match.func, "page_cache_policy", None)


def _page_key(request, apps: tuple[str, ...]) -> str:
    from .middleware import chosen_language

    meta = request.META
    raw = "|".join(
        (
            request.get_host(),
            request.get_full_path(),
            chosen_language(request),
            request.method,
            # What a cached view may vary on besides the cookies above (_VARY_OK): gzip or not, CORS, negotiation.
            "gzip" if "gzip" in meta.get("HTTP_ACCEPT_ENCODING", "") else "",
            meta.get("HTTP_ORIGIN", ""),
            meta.get("HTTP_ACCEPT", ""),
            _generations(apps),
        )
    )
    return f"{PREFIX}page:{hashlib.sha256(raw.encode()).hexdigest()}"


# A stored answer may vary on these request headers only; the key covers each of them (or the request is
# never served from the cache: session, messages, Authorization, HX-Request).
_VARY_OK = frozenset(
    {"cookie", "accept-language", "accept-encoding", "origin", "accept", "hx-request", "authorization"}
)
# Headers that belong to one answer, not to the page: set anew on every hit.
_PER_ANSWER = frozenset({"content-length", "date", "x-request-id", "set-cookie", "etag"})
# What a 304 repeats of the full answer (RFC 9110, 15.4.5).
_NOT_MODIFIED_KEEP = frozenset({"cache-control", "content-location", "expires", "last-modified", "vary"})


def _etag(request, content: bytes) -> str:
    secret = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    return quote_etag(hashlib.sha256(content + b"|" + secret.encode()).hexdigest()[:32])


def _matches(request, etag: str) -> bool:
    wanted = request.META.get("HTTP_IF_NONE_MATCH")
    if not wanted:
        return False
    tags = parse_etags(wanted)
    return "*" in tags or etag.removeprefix("W/") in {t.removeprefix("W/") for t in tags}


class PageCacheMiddleware:
    """Answers marked views for visitors without a session from the cache; stores what they are shown."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)  # for its cookie handling on cached pages

    def __call__(self, request):
        if settings.PAGE_CACHE_SECONDS <= 0 and settings.PAGE_CACHE_LIVE_SECONDS <= 0:
            return self.get_response(request)  # cache off: no URL resolution per request
        policy = _policy(request)
        ttl = policy.ttl() if policy is not None else 0
        if ttl <= 0:
            return self.get_response(request)
        try:
            key = _page_key(request, policy.apps)
            cached = cache.get(key)
        except Exception:  # noqa: BLE001 - cache unreachable (Redis down): the live page, not a 500
            logger.warning("page cache unreachable, rendering live", exc_info=True)
            return self.get_response(request)
        if cached is not None:
            return self._serve(request, *cached)
        response = self.get_response(request)
        entry = self._entry(request, response)
        if entry is None:
            return response
        try:
            cache.set(key, entry, ttl)
        except Exception:  # noqa: BLE001 - not stored this time; the visitor still gets the page
            logger.warning("page cache unreachable, page not stored", exc_info=True)
        if entry[3]:  # an HTML page: the same validators as its cached copies
            response["ETag"] = _etag(request, entry[2])
            patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ["Cookie"])
        return response

    def _entry(self, request, response):
        """(status, headers, content, has_token) to store, or None when this answer must not be stored."""
        session = getattr(request, "session", None)
        if (
            response.status_code != 200
            or response.streaming
            or any(name != settings.CSRF_COOKIE_NAME for name in response.cookies)
            or (session is not None and session.modified)
            or "no-store" in response.get("Cache-Control", "")
        ):
            return None
        vary = {h.strip().lower() for h in cc_delim_re.split(response.get("Vary", "")) if h.strip()}
        if not vary <= _VARY_OK:
            return None
        content = response.content
        if len(content) > settings.PAGE_CACHE_MAX_BYTES:  # a crawler's big pages would push out everything else
            return None
        has_token = MARK not in content and _TOKEN.search(content) is not None
        if has_token:
            content = _TOKEN.sub(lambda m: m.group(1) + MARK + m.group(3), content)
        headers = [(name, value) for name, value in response.items() if name.lower() not in _PER_ANSWER]
        if not has_token and response.has_header("ETag"):
            headers.append(("ETag", response["ETag"]))
        return response.status_code, headers, content, has_token

    def _serve(self, request, status: int, headers: list, content: bytes, has_token: bool) -> HttpResponse:
        if has_token:
            self.csrf.process_request(request)  # the visitor's CSRF secret from their cookie, if valid
            etag = _etag(request, content)
            fresh = bool(request.COOKIES.get(settings.CSRF_COOKIE_NAME)) and _matches(request, etag)
        else:
            etag = next((value for name, value in headers if name == "ETag"), None)
            etag = etag or quote_etag(hashlib.sha256(content).hexdigest()[:32])
            fresh = _matches(request, etag)
        if fresh:
            response = HttpResponseNotModified()
            for name, value in headers:
                if name.lower() in _NOT_MODIFIED_KEEP:
                    response[name] = value
        else:
            if has_token:
                content = content.replace(MARK, get_token(request).encode())
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["Content-Length"] = str(len(content))
        response["ETag"] = etag
        if has_token:
            patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ["Cookie"])
            self.csrf.process_response(request, response)  # a new visitor gets the cookie of their token
        return response
