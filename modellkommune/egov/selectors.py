"""Reads of the egov app. Every read of an application is scoped to who may see it."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from modellkommune.accounts import permissions
from modellkommune.contrib.identity.base import AssuranceLevel

from .constants import OPEN_STATUSES, ApplicationStatus, MessageDirection
from .models import Application, IdentityVerification, LifeSituation, Message, Service


def service_list_public() -> QuerySet[Service]:
    """Published services (interface for the portal, open data and the programme)."""
    return (
        Service.objects.filter(published=True)
        .select_related("department")
        .prefetch_related("life_situations")
        .order_by("name")
    )


def service_search(query: str) -> QuerySet[Service]:
    qs = service_list_public()
    for word in query.split()[:8]:
        qs = qs.filter(
            Q(name__icontains=word)
            | Q(summary__icontains=word)
            | Q(description__icontains=word)
            | Q(leika_key__startswith=word)
            | Q(life_situations__name__icontains=word)
        )
    return qs.distinct()


def service_get_public(*, slug: str) -> Service | None:
    return service_list_public().filter(slug=slug).first()


def service_online_share() -> float:
    """Share (0..1) of published services that can be applied for online."""
    services = list(Service.objects.filter(published=True).only("online", "form_schema"))
    if not services:
        return 0.0
    return sum(1 for s in services if s.can_apply_online) / len(services)


def life_situation_list() -> QuerySet[LifeSituation]:
    return LifeSituation.objects.annotate(service_count=Count("services", filter=Q(services__published=True))).filter(
        service_count__gt=0
    )


def applications_submitted_count(*, since: dt.datetime, until: dt.datetime) -> int:
    return Application.objects.filter(submitted_at__gte=since, submitted_at__lt=until).count()


# Citizens ------------------------------------------------------------------------------------


def application_list_for_citizen(*, user) -> QuerySet[Application]:
    if not user.is_authenticated:
        return Application.objects.none()
    return Application.objects.filter(applicant=user).select_related("service")


def application_list_for_citizen_page(*, user) -> QuerySet[Application]:
    """The citizen's list page: without the PDF, the form data and the schemas."""
    return application_list_for_citizen(user=user).defer(
        "receipt_pdf", "decision_pdf", "data", "schema_snapshot", "service__form_schema"
    )


def application_get_for_citizen(*, user, pk: int) -> Application | None:
    return application_list_for_citizen(user=user).filter(pk=pk).first()


def message_list_for_citizen(*, user) -> QuerySet[Message]:
    if not user.is_authenticated:
        return Message.objects.none()
    return Message.objects.filter(recipient=user, direction=MessageDirection.TO_CITIZEN).select_related("application")


def message_unread_count(*, user) -> int:
    return message_list_for_citizen(user=user).filter(read_at__isnull=True).count()


def identity_strongest(*, user) -> IdentityVerification | None:
    """The person's strongest confirmed identity (for processes that count each person once)."""
    if not getattr(user, "is_authenticated", False):
        return None
    found = list(IdentityVerification.objects.filter(user=user))
    return max(found, key=lambda v: AssuranceLevel.rank(v.assurance_level), default=None)


def identity_level_for(*, user) -> str:
    """The strongest assurance level this person has confirmed (empty string: none)."""
    levels = IdentityVerification.objects.filter(user=user).values_list("assurance_level", flat=True)
    return max(levels, key=AssuranceLevel.rank, default="")


# Back office ---------------------------------------------------------------------------------


def user_sees_all_departments(*, user) -> bool:
    return permissions.user_sees_all_departments(user)


def user_handles_applications(*, user) -> bool:
    """Whether the person's department offers services at all (administrators: always)."""
    return user_sees_all_departments(user=user) or Service.objects.filter(department_id=user.department_id).exists()


def application_list_for_staff(*, user) -> QuerySet[Application]:
    """Submitted applications of the staff member's department (administrators: all)."""
    if not user.is_authenticated or not user.is_back_office:
        return Application.objects.none()
    qs = Application.objects.exclude(status=ApplicationStatus.DRAFT).select_related(
        "service", "service__department", "applicant", "assigned_to"
    )
    if user_sees_all_departments(user=user):
        return qs
    if user.department_id is None:
        return Application.objects.none()
    return qs.filter(service__department_id=user.department_id)


def application_get_for_staff(*, user, pk: int) -> Application | None:
    return application_list_for_staff(user=user).filter(pk=pk).first()


QUEUE_COLUMNS = (
    "id",
    "reference",
    "status",
    "due_date",
    "submitted_at",
    "service__name",
    "service__department__name",
    "applicant__username",
    "applicant__first_name",
    "applicant__last_name",
    "applicant__email",
    "assigned_to__username",
    "assigned_to__first_name",
    "assigned_to__last_name",
    "assigned_to__email",
)


def application_queue(*, user, status: str = "", mine: bool = False, overdue: bool = False) -> QuerySet[Application]:
    qs = application_list_for_staff(user=user)
    qs = qs.filter(status=status) if status else qs.filter(status__in=OPEN_STATUSES)
    if mine:
        qs = qs.filter(assigned_to=user)
    if overdue:
        qs = qs.filter(due_date__lt=timezone.localdate(), status__in=OPEN_STATUSES)
    # the queue page shows one line per case: load only those columns (not the PDF, the data, the schemas)
    return qs.only(*QUEUE_COLUMNS).order_by("due_date", "submitted_at")


def staff_for_department(*, department_id: int | None):
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(role__in=("staff", "administrator"), is_active=True)
        .filter(Q(department_id=department_id) | Q(role="administrator"))
    )


def application_history(*, application: Application) -> list[dict]:
    """Status log, messages and audit entries of one application in time order."""
    from modellkommune.core.models import AuditLogEntry

    rows = [
        {
            "when": c.created,
            "who": c.actor_repr,
            "what": f"{c.get_old_status_display() or '–'} → {c.get_new_status_display()}",
            "text": c.comment,
        }
        for c in application.status_changes.all()
    ]
    rows += [
        {"when": e.timestamp, "who": e.actor_repr, "what": e.message or e.get_action_display(), "text": ""}
        for e in AuditLogEntry.objects.filter(object_type="egov.application", object_id=str(application.pk))
    ]
    return sorted(rows, key=lambda r: r["when"])
