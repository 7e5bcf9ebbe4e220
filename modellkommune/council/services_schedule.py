"""Recurring meeting schedules (Sitzungsplan): a series of meetings of one body, previewed, then
created as individual meetings that the council office moves or cancels one by one.

Rules: every n weeks on the weekday of the first date, or every n months on the n-th (or last)
weekday; up to an end date or a number of meetings (at most MAX_MEETINGS, at most two years).
Dates on which the body already has a meeting (not cancelled) and dates already past are skipped."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from modellkommune.core.constants import AuditAction
from modellkommune.core.services import audit_record

from .constants import OrganizationType
from .models import Location, Meeting, Organization
from .services import _require_council_office

WEEKLY = "weeks"
MONTHLY = "monthly"
LAST = 5  # "the last <weekday> of the month"
MAX_MEETINGS = 60
MAX_SPAN_DAYS = 2 * 366


@dataclass(frozen=True)
class SeriesRule:
    first: dt.date
    pattern: str  # WEEKLY or MONTHLY
    interval: int = 1  # every n weeks / months
    weekday: int | None = None  # MONTHLY: 0 = Monday
    nth: int | None = None  # MONTHLY: 1..4 or LAST
    until: dt.date | None = None
    count: int | None = None


@dataclass(frozen=True)
class SeriesDate:
    start: dt.datetime
    end: dt.datetime | None
    collision: Meeting | None  # an existing meeting of the body that day: skipped
    past: bool  # already begun: skipped


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date | None:
    days = [d for d in calendar.Calendar().itermonthdates(year, month) if d.month == month and d.weekday() == weekday]
    if nth == LAST:
        return days[-1]
    return days[nth - 1] if nth <= len(days) else None


def _check_rule(rule: SeriesRule) -> None:
    if rule.pattern not in (WEEKLY, MONTHLY):
        raise ValidationError({"pattern": _("Bitte wählen Sie eine Wiederholung.")})
    if not 1 <= rule.interval <= 12:
        raise ValidationError({"interval": _("Der Abstand muss zwischen 1 und 12 liegen.")})
    if rule.pattern == MONTHLY:
        if rule.weekday is None or not 0 <= rule.weekday <= 6:
            raise ValidationError({"weekday": _("Bitte wählen Sie einen Wochentag.")})
        if rule.nth is None or not 1 <= rule.nth <= LAST:
            raise ValidationError({"nth": _("Bitte wählen Sie, am wievielten Wochentag des Monats.")})
    if rule.until is None and rule.count is None:
        raise ValidationError({"until": _("Bitte geben Sie ein Enddatum oder eine Anzahl von Sitzungen an.")})
    if rule.count is not None and not 1 <= rule.count <= MAX_MEETINGS:
        raise ValidationError({"count": _("Höchstens %(n)s Sitzungen auf einmal.") % {"n": MAX_MEETINGS}})
    if rule.until is not None:
        if rule.until < rule.first:
            raise ValidationError({"until": _("Das Enddatum liegt vor dem ersten Termin.")})
        if (rule.until - rule.first).days > MAX_SPAN_DAYS:
            raise ValidationError({"until": _("Eine Serie darf höchstens zwei Jahre umfassen.")})


def series_days(rule: SeriesRule) -> list[dt.date]:
    """The calendar days of a rule, in order (validated; at most MAX_MEETINGS, at most two years)."""
    _check_rule(rule)
    last = rule.until or rule.first + dt.timedelta(days=MAX_SPAN_DAYS)
    limit = min(rule.count or MAX_MEETINGS, MAX_MEETINGS)
    days: list[dt.date] = []
    if rule.pattern == WEEKLY:
        day = rule.first
        while day <= last and len(days) < limit:
            days.append(day)
            day += dt.timedelta(weeks=rule.interval)
        return days
    year, month = rule.first.year, rule.first.month
    while len(days) < limit:
        day = _nth_weekday(year, month, rule.weekday, rule.nth)
        if day is not None and day > last:
            break
        if day is not None and day >= rule.first:
            days.append(day)
        month += rule.interval
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        if dt.date(year, month, 1) > last:
            break
    return days


def meeting_series_preview(
    *, actor, organization: Organization, rule: SeriesRule, start_time: dt.time, end_time: dt.time | None = None
) -> list[SeriesDate]:
    """What a series would create: every date with the meeting that collides with it, if any."""
    _require_council_office(actor)
    if organization.deleted or organization.organization_type != OrganizationType.GREMIUM:
        raise ValidationError({"organization": _("Bitte wählen Sie ein Gremium.")})
    if end_time is not None and end_time <= start_time:
        raise ValidationError({"end_time": _("Das Ende muss nach dem Beginn liegen.")})
    days = series_days(rule)
    existing = {}
    for meeting in (
        Meeting.objects.alive()
        .filter(organizations=organization, cancelled=False)
        .filter(start__date__gte=days[0] - dt.timedelta(days=1), start__date__lte=days[-1] + dt.timedelta(days=1))
    ):
        existing.setdefault(timezone.localdate(meeting.start), meeting)
    now = timezone.now()
    result = []
    for day in days:
        start = timezone.make_aware(dt.datetime.combine(day, start_time))
        end = timezone.make_aware(dt.datetime.combine(day, end_time)) if end_time else None
        result.append(SeriesDate(start=start, end=end, collision=existing.get(day), past=start <= now))
    return result


@transaction.atomic
def meeting_series_create(
    *,
    actor,
    organization: Organization,
    rule: SeriesRule,
    start_time: dt.time,
    end_time: dt.time | None = None,
    name: str = "",
    location: Location | None = None,
    public: bool = True,
) -> tuple[list[Meeting], list[SeriesDate]]:
    """Create the series as individual meetings (state "terminiert": the members are invited to each one
    later, with its agenda). Returns the meetings created and the dates skipped."""
    from .services_meetings import meeting_create

    preview = meeting_series_preview(
        actor=actor, organization=organization, rule=rule, start_time=start_time, end_time=end_time
    )
    created, skipped = [], []
    for date in preview:
        if date.collision is not None or date.past:
            skipped.append(date)
            continue
        created.append(
            meeting_create(
                actor=actor,
                organization=organization,
                start=date.start,
                end=date.end,
                name=name,
                location=location,
                public=public,
                convene=False,
            )
        )
    if not created:
        raise ValidationError(_("Alle Termine der Serie sind belegt oder vergangen; es wurde keine Sitzung angelegt."))
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=organization,
        message=_("Sitzungsserie angelegt: %(n)s Sitzungen, %(s)s Termine übersprungen")
        % {"n": len(created), "s": len(skipped)},
    )
    return created, skipped
