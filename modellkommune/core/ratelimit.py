"""One fixed-window rate limit for the whole platform, counted in the Django cache.

With Redis as CACHE_URL the count is shared by all processes; with the local-memory default it is per
process (fine for `make run`, not for production). Keys are hashed, so no e-mail address or IP
address is kept in the cache."""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def rate_limit_exceeded(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt for `key` in `scope`; True once more than `limit` fall into the window."""
    digest = hashlib.sha256(str(key).strip().lower().encode()).hexdigest()[:32]
    cache_key = f"rl:{scope}:{digest}"
    if cache.add(cache_key, 1, timeout=window_seconds):
        return limit < 1
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the window expired between add and incr: this is its first attempt
        cache.set(cache_key, 1, timeout=window_seconds)
        count = 1
    return count > limit


def client_ip(request) -> str:
    """The client's address as the WSGI server saw it (behind a proxy, configure it to set REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR", "") or ""
