"""Reads of the Sitzungsdienst: members of a meeting's bodies, attendance for the Sitzungsgeld export."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from .constants import OrganizationType
from .models import Attendance, Meeting, Membership, Organization


def meeting_members(*, meeting: Meeting) -> QuerySet[Membership]:
    """Memberships in the meeting's bodies that were current on the meeting's day (one per person)."""
    day = timezone.localdate(meeting.start)
    memberships = (
        Membership.objects.alive()
        .filter(organization__in=meeting.organizations.all(), person__deleted=False)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=day))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .select_related("person", "on_behalf_of")
        .order_by("person__family_name", "person__given_name", "pk")
    )
    seen, unique = set(), []
    for membership in memberships:
        if membership.person_id not in seen:
            seen.add(membership.person_id)
            unique.append(membership.pk)
    return memberships.filter(pk__in=unique)


def meetings_for_backoffice() -> QuerySet[Meeting]:
    return Meeting.objects.alive().prefetch_related("organizations").select_related("location")


def bodies_for_meetings() -> QuerySet[Organization]:
    return Organization.objects.alive().filter(organization_type=OrganizationType.GREMIUM).order_by("name")


def attendance_for_period(*, start: dt.date, end: dt.date, person_id: int | None = None) -> QuerySet[Attendance]:
    """Attendance records of meetings held (not cancelled) from `start` to `end`, both inclusive."""
    records = (
        Attendance.objects.filter(meeting__deleted=False, meeting__cancelled=False)
        .filter(meeting__start__date__gte=start, meeting__start__date__lte=end)
        .select_related("person", "meeting")
        .prefetch_related("meeting__organizations")
        .order_by("person__family_name", "person__given_name", "person_id", "meeting__start")
    )
    if person_id is not None:
        records = records.filter(person_id=person_id)
    return records
