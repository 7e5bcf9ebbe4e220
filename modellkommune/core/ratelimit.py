"""One fixed-window rate limit for the whole platform, counted in the Django cache.

With Redis as CACHE_URL the count is shared by all processes; with the local-memory default it is per
process (fine for `make run`, not for production). Keys are hashed, so no e-mail address or IP
address is kept in the cache."""

from __future__ import annotations

import functools
import hashlib
import ipaddress

from django.conf import settings
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


@functools.lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _ip(value: str):
    value = value.strip().strip('"')
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:51234"
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def trusted_proxy_networks() -> tuple:
    """settings.TRUSTED_PROXIES parsed (ValueError for an entry that is no address or network)."""
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", []) or []))


def client_ip(request) -> str:
    """The client's address: the one function every limit, allauth and the audit log use.

    Without settings.TRUSTED_PROXIES this is REMOTE_ADDR and forwarded headers are ignored (anybody can
    send them). When the direct peer is a trusted proxy, X-Forwarded-For is read from the right, skipping
    trusted hops; the first untrusted hop is the client. X-Real-IP is used when there is no X-Forwarded-For."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = trusted_proxy_networks()
    peer = _ip(remote)
    if not networks or peer is None or not any(peer in net for net in networks):
        return remote
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if not hops and request.META.get("HTTP_X_REAL_IP"):
        hops = [request.META["HTTP_X_REAL_IP"]]
    nearest = peer
    for hop in reversed(hops):
        address = _ip(hop)
        if address is None:  # garbage before a trusted hop: the nearest trusted hop is all we know
            return str(nearest)
        if not any(address in net for net in networks):
            return str(address)
        nearest = address
    return str(nearest)
