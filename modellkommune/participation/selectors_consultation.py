"""Reads of consultations: what the public sees (published, never drafts; only published comments) and the
administration's moderation queue."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from modellkommune.accounts.permissions import user_has_office_permission, user_sees_all_departments

from .constants import CommentStatus, ConsultationStatus
from .models import Consultation, ConsultationComment

MANAGE_PERMISSION = "participation.manage_consultations"


def user_manages_consultations(*, user) -> bool:
    """Back-office staff with participation.manage_consultations (demo: programme office and council office)
    and administrators run consultations; a citizen or council member given the permission gets nothing."""
    return user_sees_all_departments(user) or user_has_office_permission(user, MANAGE_PERMISSION)


def consultation_list_public() -> QuerySet[Consultation]:
    return (
        Consultation.objects.exclude(status=ConsultationStatus.DRAFT)
        .select_related("project", "paper", "deciding_body", "result_paper")
        .annotate(published_comments=Count("comments", filter=Q(comments__status=CommentStatus.PUBLISHED)))
        .order_by("-ends_at", "-id")
    )


def consultation_public(*, pk: int) -> Consultation | None:
    return consultation_list_public().filter(pk=pk).first()


def comments_public(*, consultation: Consultation) -> QuerySet[ConsultationComment]:
    return consultation.comments.filter(status=CommentStatus.PUBLISHED).order_by("number")


def comments_of_user(*, consultation: Consultation, user) -> QuerySet[ConsultationComment]:
    """The author sees their own comments with their moderation state (pending, rejected and why)."""
    if not getattr(user, "is_authenticated", False):
        return ConsultationComment.objects.none()
    return consultation.comments.filter(author=user).exclude(status=CommentStatus.PUBLISHED).order_by("number")


def consultation_list_backoffice() -> QuerySet[Consultation]:
    return Consultation.objects.select_related("project", "deciding_body", "result_paper").annotate(
        pending=Count("comments", filter=Q(comments__status=CommentStatus.PENDING)),
        total=Count("comments"),
    )


def comments_pending_count() -> int:
    return ConsultationComment.objects.filter(status=CommentStatus.PENDING).count()


def participation_statistics() -> list[dict]:
    """Aggregated figures per consultation for open data: counts only, never texts or persons."""
    rows = []
    for c in consultation_list_public().annotate(
        rejected=Count("comments", filter=Q(comments__status=CommentStatus.REJECTED)),
        with_place=Count("comments", filter=Q(comments__status=CommentStatus.PUBLISHED, comments__lat__isnull=False)),
    ):
        rows.append(
            {
                "verfahren": c.title,
                "beginn": c.starts_at.date().isoformat(),
                "ende": c.ends_at.date().isoformat(),
                "beitraege_veroeffentlicht": c.published_comments,
                "beitraege_mit_ort": c.with_place,
                "beitraege_abgelehnt": c.rejected,
                "mitteilung": c.result_paper.reference if c.result_paper_id else "",
            }
        )
    return rows


def document_may_read(*, user, name: str) -> bool | None:
    """Documents of a published consultation are public; of a draft only for those who run it."""
    from .models import ConsultationDocument

    document = ConsultationDocument.objects.filter(file=name).select_related("consultation").first()
    if document is None:
        return None
    if document.consultation.status != ConsultationStatus.DRAFT:
        return True
    return user_manages_consultations(user=user)


def participation_counts_per_year() -> list[list]:
    """[[year, process, status, count], ...] for § 24 submissions (confirmed ones) and § 25 motions
    (past the council office's review): aggregated, so nothing points to a person."""
    from django.db.models.functions import ExtractYear

    from .constants import MotionStatus, SuggestionStatus
    from .models import ResidentsMotion, Suggestion

    rows = []
    suggestions = (
        Suggestion.objects.exclude(status=SuggestionStatus.UNCONFIRMED)
        .annotate(year=ExtractYear("created"))
        .values("year", "status")
        .annotate(n=Count("id"))
    )
    labels = dict(SuggestionStatus.choices)
    rows += [
        [r["year"], "Anregung oder Beschwerde (§ 24 GO NRW)", str(labels[r["status"]]), r["n"]] for r in suggestions
    ]
    motions = (
        ResidentsMotion.objects.exclude(status=MotionStatus.REVIEW)
        .annotate(year=ExtractYear("created"))
        .values("year", "status")
        .annotate(n=Count("id"))
    )
    labels = dict(MotionStatus.choices)
    rows += [[r["year"], "Einwohnerantrag (§ 25 GO NRW)", str(labels[r["status"]]), r["n"]] for r in motions]
    from .constants import IdeaStatus
    from .models import Idea

    ideas = (
        Idea.objects.exclude(status=IdeaStatus.PENDING)
        .annotate(year=ExtractYear("created"))
        .values("year", "status")
        .annotate(n=Count("id"))
    )
    labels = dict(IdeaStatus.choices)
    rows += [[r["year"], "Idee für die Modellkommune", str(labels[r["status"]]), r["n"]] for r in ideas]
    return sorted(rows, key=lambda row: (row[0], row[1], row[2]))
