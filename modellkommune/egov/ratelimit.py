"""A small fixed-window rate limit on the Django cache (drafts, submissions, uploads)."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def rate_limit_hit(*, key: str, limit: int, window_seconds: int) -> None:
    """Count one attempt; raise ValidationError once more than `limit` happen within the window."""
    cache_key = f"egov:rl:{key}"
    cache.add(cache_key, 0, timeout=window_seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window_seconds)
        count = 1
    if count > limit:
        raise ValidationError(_("Zu viele Versuche in kurzer Zeit. Bitte warten Sie einige Minuten."))
