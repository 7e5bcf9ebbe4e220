"""Writes for the Einwohnerantrag (§ 25 GO NRW): proposed by a verified resident, checked by the council
office, supported online by verified residents (one support per identity), received by the council as
a paper once the quorum is reached, decided by the council (within four months, § 25 Abs. 7)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from modellkommune.contrib.identity import AssuranceLevel
from modellkommune.core.constants import AuditAction
from modellkommune.core.selectors import municipality_current
from modellkommune.core.services import audit_record
from modellkommune.core.text import plain_text
from modellkommune.council.constants import OrganizationType, PaperType
from modellkommune.council.models import Organization
from modellkommune.council.services import paper_register_from_residents
from modellkommune.egov.selectors import identity_strongest

from .constants import MotionStatus
from .models import ResidentsMotion, ResidentsMotionSupport
from .quorum import motion_quorum
from .selectors import identity_key
from .services import _require_office


def _verified_identity(user):
    """The identity a person supports with; a clear error when it is missing or too weak."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Bitte melden Sie sich an."))
    identity = identity_strongest(user=user)
    needed = getattr(settings, "PARTICIPATION_SUPPORT_LEVEL", AssuranceLevel.SUBSTANTIAL)
    if identity is None or AssuranceLevel.rank(identity.assurance_level) < AssuranceLevel.rank(needed):
        raise ValidationError(
            _("Bitte bestätigen Sie zuerst Ihre Identität (mindestens Vertrauensniveau „%(l)s“).")
            % {"l": AssuranceLevel(needed).label}
        )
    return identity


def _notify(motion: ResidentsMotion, event: str) -> None:
    from .tasks import motion_notify

    transaction.on_commit(lambda: motion_notify.delay(motion.pk, event))


@transaction.atomic
def motion_propose(*, actor, title: str, request: str, reasoning: str, representatives: str) -> ResidentsMotion:
    _verified_identity(actor)
    names = [n.strip() for n in representatives.split(",") if n.strip()]
    if not 1 <= len(names) <= 3:
        raise ValidationError({"representatives": _("Bitte nennen Sie eine bis drei vertretungsberechtigte Personen.")})
    motion = ResidentsMotion.objects.create(
        title=plain_text(title, field="title", label=_("Titel"), max_length=200, required=True),
        request=plain_text(request, field="request", label=_("Begehren"), max_length=4000, required=True),
        reasoning=plain_text(reasoning, field="reasoning", label=_("Begründung"), max_length=8000, required=True),
        representatives=", ".join(names)[:400],
        initiator=actor,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=motion, message=_("Einwohnerantrag vorgeschlagen"))
    _notify(motion, "proposed")
    return motion


@transaction.atomic
def motion_open(*, actor, motion: ResidentsMotion) -> ResidentsMotion:
    """The council office checked the form (§ 25 Abs. 2 and 5); collecting support begins."""
    _require_office(actor)
    if motion.status != MotionStatus.REVIEW:
        raise ValidationError(_("Dieser Einwohnerantrag wurde bereits geprüft."))
    town = municipality_current()
    motion.threshold = motion_quorum(population=getattr(town, "population", None))
    motion.status = MotionStatus.COLLECTING
    motion.opened_at = timezone.now()
    motion.deadline = timezone.localdate() + dt.timedelta(days=getattr(settings, "PARTICIPATION_SUPPORT_DAYS", 180))
    motion.save(update_fields=["threshold", "status", "opened_at", "deadline"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=motion, message=_("zur Unterstützung freigegeben"))
    _notify(motion, "opened")
    return motion


@transaction.atomic
def motion_support(*, user, motion: ResidentsMotion, address: str) -> ResidentsMotionSupport:
    """Count one verified person once; when the quorum is reached the council office receives it."""
    identity = _verified_identity(user)
    address = plain_text(address, field="address", label=_("Anschrift"), max_length=300, required=True)
    motion = ResidentsMotion.objects.select_for_update().get(pk=motion.pk)
    if motion.status != MotionStatus.COLLECTING:
        raise ValidationError(_("Dieser Einwohnerantrag sammelt keine Unterstützung (mehr)."))
    if motion.deadline and motion.deadline < timezone.localdate():
        raise ValidationError(_("Die Sammelfrist ist abgelaufen."))
    try:
        with transaction.atomic():
            support = ResidentsMotionSupport.objects.create(
                motion=motion,
                identity_key=identity_key(identity),
                given_name=identity.given_name or user.first_name,
                family_name=identity.family_name or user.last_name,
                birth_date=identity.birth_date,
                address=address,
                assurance_level=identity.assurance_level,
            )
    except IntegrityError as exc:
        raise ValidationError(_("Sie haben diesen Einwohnerantrag bereits unterstützt.")) from exc
    ResidentsMotion.objects.filter(pk=motion.pk).update(support_count=F("support_count") + 1)
    motion.refresh_from_db(fields=["support_count"])
    if motion.support_count >= motion.threshold:
        motion.status = MotionStatus.SUBMITTED
        motion.submitted_at = timezone.now()
        motion.save(update_fields=["status", "submitted_at"])
        audit_record(actor=None, action=AuditAction.UPDATE, obj=motion, message=_("Quorum erreicht"))
        _notify(motion, "submitted")
    return support


def _council():
    """The council itself: the committee classified "Rat" (OParl organization classification)."""
    councils = Organization.objects.alive().filter(organization_type=OrganizationType.GREMIUM)
    return councils.filter(classification__iexact="Rat").first() or councils.filter(short_name__iexact="Rat").first()


@transaction.atomic
def motion_register(*, actor, motion: ResidentsMotion) -> ResidentsMotion:
    """The quorum is reached: the motion becomes a council paper for the council's agenda."""
    _require_office(actor)
    if motion.status != MotionStatus.SUBMITTED:
        raise ValidationError(_("Registrieren lässt sich ein Einwohnerantrag erst mit erreichtem Quorum."))
    text = "\n\n".join(
        [
            _("Begehren: %(r)s") % {"r": motion.request},
            _("Begründung: %(r)s") % {"r": motion.reasoning},
            _("Vertretungsberechtigt: %(n)s. Unterstützt von %(c)d Einwohnerinnen und Einwohnern (Quorum %(q)d).")
            % {"n": motion.representatives, "c": motion.support_count, "q": motion.threshold},
        ]
    )
    motion.paper = paper_register_from_residents(
        actor=actor,
        title=motion.title,
        text=text,
        paper_type=PaperType.EINWOHNERANTRAG,
        public=True,
        committee=_council(),
    )
    motion.status = MotionStatus.REGISTERED
    motion.save(update_fields=["paper", "status"])
    _notify(motion, "registered")
    return motion


@transaction.atomic
def motion_close(*, actor, motion: ResidentsMotion, text: str, declined: bool = False) -> ResidentsMotion:
    """The council decided (or the motion is inadmissible); the initiator is told the text."""
    _require_office(actor)
    allowed = (
        [MotionStatus.REVIEW, MotionStatus.COLLECTING, MotionStatus.SUBMITTED]
        if declined
        else [MotionStatus.REGISTERED]
    )
    if motion.status not in allowed:
        raise ValidationError(_("In diesem Stand ist das nicht möglich."))
    motion.decision = plain_text(text, field="decision", label=_("Entscheidung"), max_length=8000, required=True)
    motion.status = MotionStatus.DECLINED if declined else MotionStatus.DECIDED
    motion.decided_at = timezone.now()
    motion.save(update_fields=["decision", "status", "decided_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=motion, message=motion.get_status_display())
    _notify(motion, "closed")
    return motion


def motions_expire_and_forget(*, now: dt.datetime | None = None) -> dict:
    """Daily: collections past their deadline fail; supporters' personal data of closed motions is
    deleted after PARTICIPATION_RETENTION_DAYS (the count stays on the motion)."""
    now = now or timezone.now()
    expired = ResidentsMotion.objects.filter(
        status=MotionStatus.COLLECTING, deadline__lt=timezone.localdate(now)
    ).update(status=MotionStatus.FAILED, decided_at=now)
    cutoff = now - dt.timedelta(days=getattr(settings, "PARTICIPATION_RETENTION_DAYS", 365))
    forgotten, _detail = ResidentsMotionSupport.objects.filter(motion__decided_at__lt=cutoff).delete()
    return {"expired": expired, "supports_deleted": forgotten}
