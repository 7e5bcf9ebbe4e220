"""Rate limits of online applications (drafts, submissions, uploads), on the platform's counter."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from modellkommune.core.ratelimit import rate_limit_exceeded


def rate_limit_hit(*, key: str, limit: int, window_seconds: int) -> None:
    """Count one attempt; raise ValidationError once more than `limit` happen within the window."""
    if rate_limit_exceeded(scope="egov", key=key, limit=limit, window_seconds=window_seconds):
        raise ValidationError(_("Zu viele Versuche in kurzer Zeit. Bitte warten Sie einige Minuten."))
