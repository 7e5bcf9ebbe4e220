"""Rate limits of defect reports per IP, e-mail and API key (configurable in REPORTS_RATE_LIMITS)."""

from django.conf import settings

from modellkommune.core.ratelimit import client_ip, rate_limit_exceeded

__all__ = ["client_ip", "rate_limit_hit"]

# Per IP only as a generous second line (per e-mail is the first): the client IP comes from
# core.ratelimit.client_ip (TRUSTED_PROXIES), but a school or a carrier's NAT still shares one.
DEFAULTS = {"ip": (30, 3600), "email": (5, 3600), "api_key": (300, 3600)}


def _limit(kind: str) -> tuple[int, int]:
    configured = getattr(settings, "REPORTS_RATE_LIMITS", {}) or {}
    return tuple(configured.get(kind, DEFAULTS[kind]))


def rate_limit_hit(*, kind: str, value: str) -> bool:
    """Count one attempt; True when the caller is over the limit for this window."""
    if not value:
        return False
    limit, window = _limit(kind)
    return rate_limit_exceeded(scope=f"reports:{kind}", key=value, limit=limit, window_seconds=window)
