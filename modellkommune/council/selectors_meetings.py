"""Reads of the Sitzungsdienst: members of a meeting's bodies, attendance for the Sitzungsgeld export."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from .constants import DEPUTY_ROLES, OrganizationType
from .models import Attendance, Meeting, Membership, MinutesCorrection, Organization, Person


def deputy_role_q() -> Q:
    """Memberships whose role makes them a deputy membership (constants.DEPUTY_ROLES)."""
    q = Q(pk__in=[])
    for role in DEPUTY_ROLES:
        q |= Q(role__iexact=role)
    return q


def _current(memberships: QuerySet[Membership], day) -> QuerySet[Membership]:
    return (
        memberships.alive()
        .filter(person__deleted=False)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=day))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
    )


def _unique_per_person(memberships: QuerySet[Membership]) -> QuerySet[Membership]:
    seen, unique = set(), []
    for membership in memberships:
        if membership.person_id not in seen:
            seen.add(membership.person_id)
            unique.append(membership.pk)
    return memberships.filter(pk__in=unique)


def meeting_members(*, meeting: Meeting) -> QuerySet[Membership]:
    """Memberships in the meeting's bodies that were current on the meeting's day (one per person);
    deputy memberships do not count (see meeting_deputies)."""
    day = timezone.localdate(meeting.start)
    memberships = (
        _current(Membership.objects.filter(organization__in=meeting.organizations.all()), day)
        .exclude(deputy_role_q())
        .select_related("person", "on_behalf_of")
        .order_by("person__family_name", "person__given_name", "pk")
    )
    return _unique_per_person(memberships)


def meeting_deputies(*, meeting: Meeting) -> QuerySet[Membership]:
    """Deputy memberships (stellvertretende Mitglieder) of the meeting's bodies on its day, one per person,
    leaving out persons who are full members as well."""
    day = timezone.localdate(meeting.start)
    members = meeting_members(meeting=meeting).values("person_id")
    memberships = (
        _current(Membership.objects.filter(organization__in=meeting.organizations.all()), day)
        .filter(deputy_role_q())
        .exclude(person_id__in=members)
        .select_related("person", "on_behalf_of")
        .order_by("person__family_name", "person__given_name", "pk")
    )
    return _unique_per_person(memberships)


def _factions_of(*, person_ids, day, memberships=()) -> dict[int, int]:
    """Each person's faction on `day`: the faction named in their membership of the body (on_behalf_of),
    else their current faction membership."""
    factions = {m.person_id: m.on_behalf_of_id for m in memberships if m.on_behalf_of_id}
    rest = [pk for pk in person_ids if pk not in factions]
    for person_id, faction_id in _current(
        Membership.objects.filter(person_id__in=rest, organization__organization_type=OrganizationType.FRAKTION), day
    ).values_list("person_id", "organization_id"):
        factions.setdefault(person_id, faction_id)
    return factions


def deputy_candidates(*, meeting: Meeting) -> dict[int, list[Person]]:
    """Who may stand in for each member of the meeting (member person pk -> persons), the rule of
    docs/council.md: where the meeting's bodies have deputy memberships, the deputies of the member's
    faction (all deputies for a member without a faction); where they have none, any current member of
    the member's faction who is not a member of the body."""
    day = timezone.localdate(meeting.start)
    members = list(meeting_members(meeting=meeting))
    member_ids = {m.person_id for m in members}
    deputies = list(meeting_deputies(meeting=meeting))
    factions = _factions_of(
        person_ids=[m.person_id for m in members + deputies], day=day, memberships=members + deputies
    )
    candidates: dict[int, list[Person]] = {}
    if deputies:
        for member in members:
            faction = factions.get(member.person_id)
            candidates[member.person_id] = [
                d.person for d in deputies if faction is None or factions.get(d.person_id) in (None, faction)
            ]
        return candidates
    by_faction: dict[int, list[Person]] = {}
    faction_ids = {f for f in factions.values() if f}
    for membership in (
        _current(Membership.objects.filter(organization_id__in=faction_ids), day)
        .exclude(person_id__in=member_ids)
        .select_related("person")
        .order_by("person__family_name", "person__given_name")
    ):
        group = by_faction.setdefault(membership.organization_id, [])
        if membership.person not in group:
            group.append(membership.person)
    for member in members:
        candidates[member.person_id] = by_faction.get(factions.get(member.person_id), [])
    return candidates


def meetings_for_backoffice() -> QuerySet[Meeting]:
    return Meeting.objects.alive().prefetch_related("organizations").select_related("location")


def bodies_for_meetings() -> QuerySet[Organization]:
    return Organization.objects.alive().filter(organization_type=OrganizationType.GREMIUM).order_by("name")


def attendance_for_period(*, start: dt.date, end: dt.date, person_id: int | None = None) -> QuerySet[Attendance]:
    """Attendance records of meetings held (not cancelled) from `start` to `end`, both inclusive."""
    records = (
        Attendance.objects.filter(meeting__deleted=False, meeting__cancelled=False)
        .filter(meeting__start__date__gte=start, meeting__start__date__lte=end)
        .select_related("person", "meeting", "deputy_for")
        .prefetch_related("meeting__organizations")
        .order_by("person__family_name", "person__given_name", "person_id", "meeting__start")
    )
    if person_id is not None:
        records = records.filter(person_id=person_id)
    return records


def minutes_public_corrections(*, meeting: Meeting) -> QuerySet[MinutesCorrection]:
    """Corrections of the meeting's minutes that changed the public part (named on the public page);
    corrections of the non-public part only are never shown outside the back office."""
    return MinutesCorrection.objects.filter(minutes__meeting=meeting, public_file__isnull=False).order_by(
        "corrected_at", "pk"
    )
