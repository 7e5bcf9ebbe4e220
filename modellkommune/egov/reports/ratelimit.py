"""Fixed-window rate limits in the Django cache (per IP, per e-mail, per API key)."""

import hashlib

from django.conf import settings
from django.core.cache import cache

DEFAULTS = {"ip": (10, 3600), "email": (5, 3600), "api_key": (300, 3600)}


def _limit(kind: str) -> tuple[int, int]:
    configured = getattr(settings, "REPORTS_RATE_LIMITS", {}) or {}
    return tuple(configured.get(kind, DEFAULTS[kind]))


def rate_limit_hit(*, kind: str, value: str) -> bool:
    """Count one attempt; True when the caller is over the limit for this window."""
    if not value:
        return False
    limit, window = _limit(kind)
    key = f"reports:rl:{kind}:{hashlib.sha256(value.lower().encode()).hexdigest()[:32]}"
    if cache.add(key, 1, timeout=window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return False
    return count > limit


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or ""
