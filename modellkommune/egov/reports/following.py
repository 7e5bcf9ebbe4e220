"""Services for other people's interest in a published report: "me too" and following by e-mail.

Following is double opt-in (a signed link by e-mail) unless the person is signed in with a confirmed
address; every update mail carries a one-click unsubscribe link. Followers are deleted when the report
is closed and they have been told, so no address is kept longer than the report needs it."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import Report, ReportFollower, ReportSupport

FOLLOW_SALT = "modellkommune.reports.follow"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def _supporter_key(*, user, session_key: str) -> str:
    raw = f"u:{user.pk}" if getattr(user, "is_authenticated", False) else f"s:{session_key}"
    return hashlib.sha256(f"{settings.SECRET_KEY}:{raw}".encode()).hexdigest()


def report_support(*, report: Report, user, session_key: str) -> bool:
    """Count one "me too"; False when this person had already said so. Only for published, open reports."""
    if not report.is_public:
        raise ValidationError(_("Diese Meldung ist nicht veröffentlicht."))
    if report.closed_at is not None:
        raise ValidationError(_("Diese Meldung ist bereits abgeschlossen."))
    try:
        with transaction.atomic():
            ReportSupport.objects.create(
                report=report, supporter_key=_supporter_key(user=user, session_key=session_key)
            )
    except IntegrityError:
        return False
    return True


def report_supported_by(*, report: Report, user, session_key: str) -> bool:
    key = _supporter_key(user=user, session_key=session_key)
    return ReportSupport.objects.filter(report=report, supporter_key=key).exists()


def follow_token(follower: ReportFollower) -> str:
    return signing.dumps({"f": follower.pk, "r": follower.report_id}, salt=FOLLOW_SALT)


def _follower_from(token: str, *, max_age: int | None) -> ReportFollower:
    try:
        data = signing.loads(token, salt=FOLLOW_SALT, max_age=max_age)
    except signing.BadSignature as exc:
        raise ValidationError(_("Der Link ist ungültig oder abgelaufen.")) from exc
    follower = ReportFollower.objects.filter(pk=data.get("f"), report_id=data.get("r")).first()
    if follower is None:
        raise ValidationError(_("Dieses Abonnement besteht nicht mehr."))
    return follower


@transaction.atomic
def report_follow(*, report: Report, user, email: str = "") -> ReportFollower:
    """Start following; signed-in people with a verified address are confirmed at once."""
    if not report.is_public:
        raise ValidationError(_("Diese Meldung ist nicht veröffentlicht."))
    if report.closed_at is not None:
        raise ValidationError(_("Diese Meldung ist bereits abgeschlossen."))
    signed_in = getattr(user, "is_authenticated", False)
    email = (user.email if signed_in else email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")}) from exc
    follower, _created = ReportFollower.objects.get_or_create(
        report=report, email=email, defaults={"user": user if signed_in else None, "confirmed": signed_in}
    )
    if not follower.confirmed:
        from .tasks import report_follow_confirmation

        transaction.on_commit(lambda: report_follow_confirmation.delay(follower.pk))
    return follower


def report_follow_confirm(*, token: str) -> ReportFollower:
    follower = _follower_from(token, max_age=CONFIRM_MAX_AGE)
    if not follower.confirmed:
        follower.confirmed = True
        follower.save(update_fields=["confirmed"])
    return follower


def report_unfollow(*, token: str) -> Report:
    """One click from any update mail; the link keeps working until the follower is gone."""
    follower = _follower_from(token, max_age=None)
    report = follower.report
    follower.delete()
    return report
