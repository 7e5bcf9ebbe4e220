"""Reads for the administration's reports to the council: who writes for which department, what is
waiting in a department's work list (issue 13). Department rules as everywhere in the back office
(accounts.permissions): staff see only their own department, administrators every department."""

from __future__ import annotations

from django.db.models import QuerySet

from modellkommune.accounts.permissions import (
    user_department_id,
    user_has_office_permission,
    user_in_department,
    user_sees_all_departments,
)

from .constants import REPORT_PAPER_TYPES, OrganizationType, PaperStatus, PaperType, ReportState
from .models import Organization, Paper, Report

WRITE_REPORTS = "council.write_reports"
# Papers the administration answers: the factions' and the residents' papers.
ANSWERABLE_TYPES = (PaperType.ANTRAG, PaperType.ANFRAGE, PaperType.ANREGUNG, PaperType.EINWOHNERANTRAG)
# A report can be written while the paper is still open (not yet decided, not withdrawn).
ANSWERABLE_STATUS = (PaperStatus.REGISTERED, PaperStatus.ANSWERED, PaperStatus.SCHEDULED)


def user_writes_reports(*, user) -> bool:
    """Back-office staff with the department role "Berichte an den Rat" (permission council.write_reports)."""
    if not user_has_office_permission(user, WRITE_REPORTS):
        return False
    return user_sees_all_departments(user) or user_department_id(user) is not None


def user_writes_reports_for(*, user, department_id: int | None) -> bool:
    return user_writes_reports(user=user) and user_in_department(user, department_id)


def paper_responsible_department_ids(*, paper: Paper) -> set[int]:
    """The departments of the organizations that lead the paper (OParl underDirectionOf)."""
    return set(
        paper.under_direction_of.alive()
        .filter(organization_type=OrganizationType.VERWALTUNG, department__isnull=False)
        .values_list("department_id", flat=True)
    )


def motions_for_reports(*, user) -> QuerySet[Paper]:
    """Open papers led by the user's department (administrators: all) that the administration answers."""
    if not user_writes_reports(user=user):
        return Paper.objects.none()
    papers = Paper.objects.alive().filter(paper_type__in=ANSWERABLE_TYPES, status__in=ANSWERABLE_STATUS)
    if not user_sees_all_departments(user):
        papers = papers.filter(
            under_direction_of__department_id=user_department_id(user),
            under_direction_of__organization_type=OrganizationType.VERWALTUNG,
            under_direction_of__deleted=False,
        )
    return papers.distinct().order_by("-date", "-id")


def motion_for_report(*, user, pk: int) -> Paper:
    """One paper this user may answer, else Paper.DoesNotExist (the view answers 404)."""
    return motions_for_reports(user=user).get(pk=pk)


def reports_for(*, user) -> QuerySet[Report]:
    """Report drafts of the user's department (administrators: all)."""
    if not user_writes_reports(user=user):
        return Report.objects.none()
    reports = Report.objects.select_related("motion", "department", "author", "paper")
    if user_sees_all_departments(user):
        return reports
    return reports.filter(department_id=user_department_id(user))


def report_for(*, user, pk: int) -> Report:
    return reports_for(user=user).get(pk=pk)


def report_writers(*, department_id: int) -> list:
    """Active back-office users of the department who write reports (for notifications)."""
    from django.contrib.auth import get_user_model

    candidates = get_user_model().objects.with_perm(
        WRITE_REPORTS, include_superusers=False, backend="django.contrib.auth.backends.ModelBackend"
    )
    return [u for u in candidates.filter(is_active=True, department_id=department_id) if user_writes_reports(user=u)]


def report_queue(*, user) -> dict[str, QuerySet]:
    """The department's work list: papers waiting for an answer, drafts, release requests."""
    reports = reports_for(user=user)
    open_reports = reports.exclude(state=ReportState.RELEASED)
    answered = Paper.objects.filter(
        related_papers__paper_type__in=REPORT_PAPER_TYPES, related_papers__deleted=False
    ).values("pk")
    waiting = motions_for_reports(user=user).exclude(pk__in=open_reports.values("motion_id")).exclude(pk__in=answered)
    return {
        "waiting": waiting.prefetch_related("originator_organizations")[:100],
        "drafts": open_reports.filter(state=ReportState.DRAFT).order_by("-modified"),
        "release_requests": open_reports.filter(state=ReportState.RELEASE_REQUESTED).order_by("modified"),
        "released": reports.filter(state=ReportState.RELEASED).order_by("-released_at")[:20],
    }


def department_organization(*, body, department) -> Organization | None:
    """The administration's organization (Verwaltungsbereich) that stands for this department, if any."""
    return (
        Organization.objects.alive()
        .filter(body=body, organization_type=OrganizationType.VERWALTUNG, department=department)
        .order_by("pk")
        .first()
    )


def file_may_read_for_reports(*, user, file_id: int) -> bool:
    """Report writers read the files of their department's drafts and of the papers they answer."""
    if not user_writes_reports(user=user):
        return False
    if reports_for(user=user).filter(files__id=file_id).exists():
        return True
    papers = motions_for_reports(user=user)
    return papers.filter(main_file_id=file_id).exists() or papers.filter(auxiliary_files__id=file_id).exists()
