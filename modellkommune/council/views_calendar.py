"""The public month view of the meeting calendar: /rat/kalender/?monat=2026-12 (&gremium=<id>).

A list in a table, one row per meeting, not a grid of weeks: it reads in order with a screen reader,
needs no arrow-key handling and reflows at 320 px (WCAG 1.3.2, 1.4.10)."""

from __future__ import annotations

import datetime as dt
import re

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from .selectors import meeting_list_public, organization_list_public

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_month(value: str) -> dt.date | None:
    """ "2026-12" -> 1 December 2026; None for anything else."""
    match = _MONTH.match(value.strip())
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (1900 <= year <= 2999 and 1 <= month <= 12):
        return None
    return dt.date(year, month, 1)


def _shift(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def meeting_calendar(request):
    error = ""
    raw = request.GET.get("monat", "")
    first = parse_month(raw) if raw else None
    if raw and first is None:
        error = _("Bitte geben Sie den Monat im Format JJJJ-MM an, z. B. 2026-12. Angezeigt wird der aktuelle Monat.")
    if first is None:
        first = timezone.localdate().replace(day=1)
    after = _shift(first, 1)
    zone = timezone.get_current_timezone()
    meetings = (
        meeting_list_public()
        .filter(
            start__gte=dt.datetime.combine(first, dt.time.min, tzinfo=zone),
            start__lt=dt.datetime.combine(after, dt.time.min, tzinfo=zone),
        )
        .prefetch_related("organizations")
        .select_related("location")
        .order_by("start")
    )
    organization_id = request.GET.get("gremium", "")
    if organization_id.isdigit():
        meetings = meetings.filter(organizations__id=int(organization_id))
    else:
        organization_id = ""
    return render(
        request,
        "council/meeting_calendar.html",
        {
            "month": first,
            "previous": _shift(first, -1),
            "next": after,
            "meetings": meetings[:500],
            "organizations": organization_list_public().filter(organization_type="Gremium"),
            "organization_id": organization_id,
            "error": error,
        },
    )
