"""Sitzungsdienst: the council office convenes, moves and cancels meetings, keeps the agenda in
order and records attendance. Every step is permission-checked here and written to the audit log;
members of the meeting's bodies are told by e-mail (notifications.py)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from modellkommune.core.constants import AuditAction
from modellkommune.core.services import audit_record

from .constants import AgendaResult, MeetingState, OrganizationType, PaperStatus
from .models import AgendaItem, Attendance, AttendanceStatus, Location, Meeting, Organization, Person
from .notifications import meeting_notify
from .selectors_meetings import meeting_members
from .services import _clean_text, _require_council_office, paper_status_after_result


def _check_times(*, start: dt.datetime, end: dt.datetime | None) -> None:
    if start <= timezone.now():
        raise ValidationError({"start": _("Der Beginn muss in der Zukunft liegen.")})
    if end is not None and end <= start:
        raise ValidationError({"end": _("Das Ende muss nach dem Beginn liegen.")})


def _check_open(meeting: Meeting) -> None:
    if meeting.deleted or meeting.cancelled:
        raise ValidationError(_("Die Sitzung ist abgesagt."))


@transaction.atomic
def meeting_create(
    *,
    actor,
    organization: Organization,
    start: dt.datetime,
    end: dt.datetime | None = None,
    name: str = "",
    location: Location | None = None,
    public: bool = True,
    convene: bool = True,
) -> Meeting:
    """Schedule a meeting of one body; `convene` invites its members by e-mail at once (state "eingeladen")."""
    _require_council_office(actor)
    if organization.deleted or organization.organization_type != OrganizationType.GREMIUM:
        raise ValidationError({"organization": _("Bitte wählen Sie ein Gremium.")})
    _check_times(start=start, end=end)
    meeting = Meeting.objects.create(
        name=_clean_text(name, "name")[:300] or _("Sitzung: %(o)s") % {"o": organization.name},
        start=start,
        end=end,
        location=location,
        public=public,
        meeting_state=MeetingState.INVITED if convene else MeetingState.PLANNED,
    )
    meeting.organizations.set([organization])
    audit_record(actor=actor, action=AuditAction.CREATE, obj=meeting, message=_("Sitzung angelegt"))
    if convene:
        meeting_notify(meeting=meeting, event="convened")
    return meeting


@transaction.atomic
def meeting_convene(*, actor, meeting: Meeting) -> Meeting:
    """Invite the members of a planned meeting."""
    _require_council_office(actor)
    _check_open(meeting)
    if meeting.start <= timezone.now():
        raise ValidationError(_("Zu einer begonnenen Sitzung kann nicht mehr eingeladen werden."))
    meeting.meeting_state = MeetingState.INVITED
    meeting.save(update_fields=["meeting_state"])
    audit_record(actor=actor, action=AuditAction.ACTION, obj=meeting, message=_("Mitglieder eingeladen"))
    meeting_notify(meeting=meeting, event="convened")
    return meeting


@transaction.atomic
def meeting_reschedule(*, actor, meeting: Meeting, start: dt.datetime, end: dt.datetime | None = None) -> Meeting:
    """Move a meeting that has not begun; the members are told the old and the new date."""
    _require_council_office(actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(meeting)
    if meeting.start <= timezone.now():
        raise ValidationError(_("Eine begonnene Sitzung kann nicht mehr verlegt werden."))
    _check_times(start=start, end=end)
    previous = meeting.start
    changes = {"start": [previous.isoformat(), start.isoformat()]}
    meeting.start, meeting.end = start, end
    meeting.save(update_fields=["start", "end"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=meeting, changes=changes, message=_("Sitzung verlegt"))
    meeting_notify(meeting=meeting, event="moved", previous_start=previous)
    return meeting


@transaction.atomic
def meeting_cancel(*, actor, meeting: Meeting) -> Meeting:
    """Cancel a meeting (OParl `cancelled: true`); papers on its agenda go back to where they stood."""
    _require_council_office(actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(meeting)
    if meeting.start <= timezone.now():
        raise ValidationError(_("Eine begonnene Sitzung kann nicht mehr abgesagt werden."))
    meeting.cancelled = True
    meeting.save(update_fields=["cancelled"])
    for item in meeting.agenda_items.alive().filter(result="").prefetch_related("consultations__paper"):
        for consultation in item.consultations.all():
            paper = consultation.paper
            if paper.status == PaperStatus.SCHEDULED:
                paper.status = paper_status_after_result(paper=paper, result=AgendaResult.DEFERRED, agenda_item=item)
                paper.save(update_fields=["status"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=meeting, message=_("Sitzung abgesagt"))
    meeting_notify(meeting=meeting, event="cancelled")
    return meeting


def _renumber(meeting: Meeting, items: list[AgendaItem]) -> None:
    """Give the items the orders 1..n and the numbers "1".."n" in the given sequence."""
    # Two passes: the unique (meeting, order) constraint forbids swapping in place.
    top = max([i.order for i in meeting.agenda_items.all()] + [0]) + len(items) + 1
    for offset, item in enumerate(items):
        AgendaItem.objects.filter(pk=item.pk).update(order=top + offset)
    for position, item in enumerate(items, start=1):
        AgendaItem.objects.filter(pk=item.pk).update(order=position, number=str(position))


@transaction.atomic
def agenda_item_add(*, actor, meeting: Meeting, name: str, public: bool = True) -> AgendaItem:
    """A free agenda item (no paper): appended at the end with the next number."""
    _require_council_office(actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(meeting)
    name = _clean_text(name, "name")
    if not name:
        raise ValidationError({"name": _("Bitte geben Sie den Gegenstand an.")})
    position = meeting.agenda_items.alive().count() + 1
    last = meeting.agenda_items.order_by("-order").first()
    item = AgendaItem.objects.create(
        meeting=meeting, order=(last.order if last else 0) + 1, number=str(position), name=name[:500], public=public
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=item, message=_("Tagesordnungspunkt angelegt"))
    return item


@transaction.atomic
def agenda_item_move(*, actor, agenda_item: AgendaItem, direction: str) -> None:
    """Move an item one place up or down; the agenda is renumbered 1..n (no gaps)."""
    _require_council_office(actor)
    meeting = Meeting.objects.select_for_update().get(pk=agenda_item.meeting_id)
    _check_open(meeting)
    items = list(meeting.agenda_items.alive().order_by("order"))
    index = next(i for i, item in enumerate(items) if item.pk == agenda_item.pk)
    target = index - 1 if direction == "up" else index + 1 if direction == "down" else None
    if target is None:
        raise ValidationError(_("Unbekannte Richtung."))
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    _renumber(meeting, items)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=agenda_item, message=_("Tagesordnung umsortiert"))


def _check_deputies(*, meeting: Meeting, statuses: dict[int, str], deputies: dict[int, int]) -> None:
    from .selectors_meetings import deputy_candidates

    candidates = deputy_candidates(meeting=meeting)
    if len(set(deputies.values())) != len(deputies):
        raise ValidationError(_("Eine Person kann nur ein Mitglied vertreten."))
    for member_pk, deputy_pk in deputies.items():
        if statuses.get(member_pk) != AttendanceStatus.EXCUSED:
            raise ValidationError(_("Vertreten werden kann nur ein entschuldigtes Mitglied."))
        if deputy_pk not in {p.pk for p in candidates.get(member_pk, ())}:
            raise ValidationError(
                _(
                    "Diese Person kann das Mitglied nicht vertreten (keine Stellvertretung im Gremium bzw. andere Fraktion)."
                )
            )


@transaction.atomic
def meeting_attendance_record(
    *, actor, meeting: Meeting, statuses: dict[int, str], deputies: dict[int, int] | None = None
) -> list[Attendance]:
    """Record who attended and who was excused (person pk -> AttendanceStatus), and who stood in for an
    excused member (member pk -> deputy pk, rule in selectors_meetings.deputy_candidates). OParl
    `participant` lists those present, deputies included. Only members of the meeting's bodies, and only
    once the meeting has begun."""
    _require_council_office(actor)
    _check_open(meeting)
    if meeting.start > timezone.now():
        raise ValidationError(_("Die Anwesenheit kann erst ab Beginn der Sitzung erfasst werden."))
    deputies = dict(deputies or {})
    allowed = {m.person_id for m in meeting_members(meeting=meeting)}
    unknown = set(statuses) - allowed
    if unknown:
        raise ValidationError(_("Nur Mitglieder der Gremien dieser Sitzung können erfasst werden."))
    if any(value not in AttendanceStatus.values for value in statuses.values()):
        raise ValidationError(_("Unbekannter Anwesenheitsstatus."))
    _check_deputies(meeting=meeting, statuses=statuses, deputies=deputies)
    records = []
    for person_pk, value in statuses.items():
        record, _created = Attendance.objects.update_or_create(
            meeting=meeting, person_id=person_pk, defaults={"status": value, "deputy_for": None}
        )
        records.append(record)
    meeting.attendances.filter(deputy_for__isnull=False).exclude(person_id__in=deputies.values()).delete()
    for member_pk, deputy_pk in deputies.items():
        record, _created = Attendance.objects.update_or_create(
            meeting=meeting,
            person_id=deputy_pk,
            defaults={"status": AttendanceStatus.PRESENT, "deputy_for_id": member_pk},
        )
        records.append(record)
    present = [pk for pk, value in statuses.items() if value == AttendanceStatus.PRESENT] + list(deputies.values())
    meeting.participants.set(Person.objects.filter(pk__in=present))
    if meeting.meeting_state != MeetingState.HELD:
        meeting.meeting_state = MeetingState.HELD
        meeting.save(update_fields=["meeting_state"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=meeting,
        message=_("Anwesenheit erfasst: %(n)s anwesend (davon %(d)s Vertretungen), %(e)s entschuldigt")
        % {
            "n": len(present),
            "d": len(deputies),
            "e": sum(v == AttendanceStatus.EXCUSED for v in statuses.values()),
        },
    )
    return records


@transaction.atomic
def meeting_invitation_send(*, actor, meeting: Meeting) -> Meeting:
    """Generate the invitation PDF (agenda, papers), publish it as `Meeting.invitation` (public with the
    meeting) and send it to the members attached to their invitation e-mail."""
    from .invitation import invitation_pdf
    from .services import file_create

    _require_council_office(actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(meeting)
    if meeting.start <= timezone.now():
        raise ValidationError(_("Zu einer begonnenen Sitzung kann nicht mehr eingeladen werden."))
    name = _("Einladung %(m)s") % {"m": meeting}
    stored = file_create(
        name=name, content=invitation_pdf(meeting), actor=actor, public=meeting.public, date=timezone.localdate()
    )
    previous = meeting.invitation
    meeting.invitation = stored
    meeting.meeting_state = MeetingState.INVITED
    meeting.save(update_fields=["invitation", "meeting_state"])
    if previous is not None:
        previous.delete()  # soft: an OParl client that saw it gets `deleted: true`
    audit_record(actor=actor, action=AuditAction.ACTION, obj=meeting, message=_("Einladung erzeugt und versandt"))
    meeting_notify(meeting=meeting, event="convened")
    return meeting
