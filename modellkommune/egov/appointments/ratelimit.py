"""A small fixed-window rate limit on the Django cache (shared between processes with Redis)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def hit(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt; False when the limit for this key in the current window is exceeded."""
    digest = hashlib.sha256(key.strip().lower().encode()).hexdigest()[:32]  # no e-mail or IP in cache keys
    cache_key = f"rl:{scope}:{digest}"
    cache.add(cache_key, 0, timeout=window_seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window_seconds)
        count = 1
    return count <= limit
