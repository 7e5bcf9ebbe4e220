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


def motion_list_public():
    from .constants import MotionStatus
    from .models import ResidentsMotion

    return ResidentsMotion.objects.exclude(status=MotionStatus.REVIEW).select_related("paper")


def motion_visible_to(*, user, pk: int):
    """Public from the moment the council office opens it; before that only for its initiator and the office."""
    from modellkommune.council.selectors import user_is_council_office

    from .constants import MotionStatus
    from .models import ResidentsMotion

    motion = ResidentsMotion.objects.select_related("paper").filter(pk=pk).first()
    if motion is None or motion.status != MotionStatus.REVIEW:
        return motion
    if user_is_council_office(user=user) or (user.is_authenticated and motion.initiator_id == user.pk):
        return motion
    return None


def motion_supported_by(*, user, motion) -> bool:
    from modellkommune.egov.selectors import identity_strongest

    identity = identity_strongest(user=user)
    return bool(identity and motion.supports.filter(identity_key=identity_key(identity)).exists())


def identity_key(identity) -> str:
    """One key per person and provider identity, salted so it means nothing outside this installation."""
    import hashlib

    from django.conf import settings

    return hashlib.sha256(f"{settings.SECRET_KEY}:{identity.provider}:{identity.subject}".encode()).hexdigest()
