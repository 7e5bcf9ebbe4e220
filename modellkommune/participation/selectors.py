"""Reads of the participation app."""

from django.db.models import QuerySet

from .constants import SuggestionStatus
from .models import Suggestion

PUBLIC_STATUSES = [
    SuggestionStatus.REGISTERED,
    SuggestionStatus.ASSIGNED,
    SuggestionStatus.DECIDED,
]


def suggestion_list_public() -> QuerySet[Suggestion]:
    """Submissions the petitioner agreed to publish, once the council office has registered them."""
    return (
        Suggestion.objects.filter(publish=True, status__in=PUBLIC_STATUSES, paper__isnull=False)
        .select_related("paper", "committee")
        .defer("email")
        .order_by("-created", "-id")
    )


def suggestion_by_token(*, token) -> Suggestion | None:
    return (
        Suggestion.objects.select_related("paper", "committee").prefetch_related("events").filter(token=token).first()
    )


def suggestion_queue() -> QuerySet[Suggestion]:
    """The council office's list: confirmed submissions, open ones first."""
    return Suggestion.objects.exclude(status=SuggestionStatus.UNCONFIRMED).select_related("paper", "committee")


def suggestion_list_for_user(*, user) -> QuerySet[Suggestion]:
    if not getattr(user, "is_authenticated", False):
        return Suggestion.objects.none()
    return Suggestion.objects.filter(user=user).select_related("paper")
