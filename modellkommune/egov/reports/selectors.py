"""Reads of the Mängelmelder. Public selectors return only published reports, without personal data."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Prefetch, QuerySet

from modellkommune.accounts.permissions import user_sees_all_departments
from modellkommune.core.geo import bbox_around
from modellkommune.core.geometry_sql import distance_to_point_m

from .constants import CLOSED_STATUSES, DUPLICATE_RADIUS_M, OPEN_STATUSES, Moderation
from .models import ApiKey, Category, Report, ReportPhoto, ReportUpdate
from .models.apikey import api_key_hash

PERSONAL_FIELDS = ("email", "first_name", "last_name", "phone", "device_id", "account_id", "user", "api_key")


def category_list_active() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True).select_related("department").prefetch_related("attributes")


def category_get_active(*, code: str) -> Category | None:
    return category_list_active().filter(code=code).first()


def report_list_public() -> QuerySet[Report]:
    """Published reports with public photos and updates; personal fields are not even loaded."""
    return (
        Report.objects.filter(moderation=Moderation.PUBLISHED)
        .defer(*PERSONAL_FIELDS)
        .select_related("category", "department")
        .prefetch_related(
            Prefetch("photos", queryset=ReportPhoto.objects.filter(is_public=True), to_attr="public_photos"),
            Prefetch("updates", queryset=ReportUpdate.objects.filter(is_public=True), to_attr="public_updates"),
        )
        .order_by("-requested", "-id")
    )


def report_get_public(*, pk: int) -> Report | None:
    return report_list_public().filter(pk=pk).first()


def _own_reports() -> QuerySet[Report]:
    """Reports as their reporter sees them: every state, public photos and updates, no other person's data."""
    return (
        Report.objects.select_related("category", "department")
        .prefetch_related(
            Prefetch("photos", queryset=ReportPhoto.objects.filter(is_public=True), to_attr="public_photos"),
            Prefetch("updates", queryset=ReportUpdate.objects.filter(is_public=True), to_attr="public_updates"),
        )
        .order_by("-requested", "-id")
    )


def report_get_by_token(*, token) -> Report | None:
    """The report behind a reporter's private follow link (valid from the moment it is sent)."""
    return _own_reports().filter(token=token).first()


def report_list_for_user(*, user) -> QuerySet[Report]:
    """ "Meine Meldungen": what a signed-in person reported, also before moderation."""
    if not getattr(user, "is_authenticated", False):
        return Report.objects.none()
    return _own_reports().filter(user=user)


def report_nearby_duplicates(*, category: Category, lat: float, lon: float, radius_m: float = DUPLICATE_RADIUS_M):
    """Open reports of the same category within radius_m, nearest first, as (report, distance) pairs.

    Unpublished reports count too (someone else's pothole still waiting for moderation), but callers
    show only published ones to the public."""
    candidates = (
        Report.objects.filter(category=category, status__in=OPEN_STATUSES)
        .exclude(moderation__in=(Moderation.HIDDEN, Moderation.UNCONFIRMED))
        .defer(*PERSONAL_FIELDS)
    )
    nearby = _within(candidates, lat=lat, lon=lon, radius_m=radius_m).order_by("distance", "id")
    return [(r, r.distance) for r in nearby]


def _within(qs: QuerySet[Report], *, lat: float, lon: float, radius_m: float) -> QuerySet[Report]:
    """Reports of `qs` within radius_m metres, annotated with `distance`: a bounding box on the indexed
    columns first, then the geometry layer's distance in SQL (PostGIS geography / shapely in SQLite)."""
    south, west, north, east = bbox_around(lat, lon, radius_m)
    return (
        qs.filter(lat__range=(south, north), lon__range=(west, east))
        .annotate(distance=distance_to_point_m("lon", "lat", lon=lon, lat=lat))
        .filter(distance__lte=radius_m)
    )


def reports_closed_within_count(*, days: int = 14, since: dt.datetime, until: dt.datetime) -> int:
    """Reports closed in [since, until) no later than `days` after they were made (a town's service level)."""
    return (
        Report.objects.filter(status__in=CLOSED_STATUSES, closed_at__gte=since, closed_at__lt=until)
        .exclude(moderation=Moderation.UNCONFIRMED)
        .filter(closed_at__lte=F("requested") + dt.timedelta(days=days))
        .count()
    )


def report_queue_for(*, user) -> QuerySet[Report]:
    """Back-office list: administrators see every department, staff their own department's reports."""
    qs = Report.objects.exclude(moderation=Moderation.UNCONFIRMED).select_related("category", "department")
    if user.is_superuser or getattr(user, "role", "") == "administrator":
        return qs
    if getattr(user, "department_id", None) is None:
        return qs.none()
    return qs.filter(department_id=user.department_id)


def user_may_handle(*, user, report: Report) -> bool:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_back_office", False):
        return False
    return report_queue_for(user=user).filter(pk=report.pk).exists()


def api_key_lookup(*, raw: str) -> ApiKey | None:
    if not raw:
        return None
    return ApiKey.objects.filter(key_hash=api_key_hash(raw), is_active=True).first()


def report_attributes_display(*, report: Report) -> list[tuple[str, str]]:
    """The category's questions and the answers in words ("Wie groß …?" → "bis 50 cm"), not codes."""
    shown = []
    questions = {a.code: a for a in report.category.attributes.all()}
    for code, value in (report.attributes or {}).items():
        attribute = questions.get(code)
        if attribute is None:
            shown.append((code, ", ".join(map(str, value)) if isinstance(value, list) else str(value)))
            continue
        names = {str(v.get("key")): v.get("name", v.get("key")) for v in attribute.values or []}
        values = value if isinstance(value, list) else [value]
        shown.append((attribute.description, ", ".join(names.get(str(v), str(v)) for v in values)))
    return shown


def user_handles_reports(*, user) -> bool:
    """Whether defect categories are routed to the person's department (administrators: always)."""
    if user_sees_all_departments(user):
        return True
    return Category.objects.filter(department_id=user.department_id, is_active=True).exists()


def photo_may_read(*, user, name: str) -> bool | None:
    """Access to a report photo under MEDIA_URL (core/media.py): public photos of published reports for
    everybody; the rest for the reporter and the staff who may handle the report. None: no such photo."""
    photo = ReportPhoto.objects.filter(image=name).select_related("report").first()
    if photo is None:
        return None
    report = photo.report
    if photo.is_public and report.is_public:
        return True
    if getattr(user, "is_authenticated", False) and report.user_id == user.pk:
        return True
    return user_may_handle(user=user, report=report)


def report_within(qs: QuerySet[Report], *, lat: float, lon: float, radius_m: float) -> list[Report]:
    """The reports of `qs` within radius_m metres of (lat, lon), in the order of `qs`."""
    return list(_within(qs, lat=lat, lon=lon, radius_m=radius_m))


def report_update_list_public(*, start: dt.datetime, end: dt.datetime) -> QuerySet[ReportUpdate]:
    """Public status updates of published reports created in [start, end], oldest first (Open311 sync)."""
    return (
        ReportUpdate.objects.filter(
            is_public=True, report__moderation=Moderation.PUBLISHED, created__gte=start, created__lte=end
        )
        .only("id", "status", "comment", "created", "report_id")
        .order_by("created", "id")
    )
