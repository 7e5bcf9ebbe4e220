"""The meeting's record: minutes (Niederschrift) and resolution files (Beschluss) per agenda item.

Minutes: drafted from agenda, attendance, results, votes and resolution texts once the meeting has
begun; the council office edits the draft; approving it is a second step, allowed only after the
meeting has ended. Approval renders two PDFs: the public part, published as OParl
`Meeting.resultsProtocol` (public with a public meeting), and the complete minutes, never public.
Approved minutes are not edited: a correction (Berichtigung, e.g. after an objection in the next meeting)
is recorded with its reason next to them (minutes_correct); the approved original stays as it is.
Every write goes through OParlObject.save, so `modified` moves."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from modellkommune.core.constants import AuditAction
from modellkommune.core.services import audit_record

from .models import AgendaItem, AttendanceStatus, File, Meeting, Minutes, MinutesCorrection, MinutesStatus
from .notifications import minutes_corrected_notify
from .services import _clean_text, _require_council_office, file_create

MAX_TEXT = 200_000
MAX_REASON = 2_000


def _when(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.start)
    text = formats.date_format(start, "l, j. F Y") + ", " + start.strftime("%H:%M")
    if meeting.end:
        text += " – " + timezone.localtime(meeting.end).strftime("%H:%M")
    return text + " " + _("Uhr")


def _check_held(meeting: Meeting) -> None:
    if meeting.deleted or meeting.cancelled:
        raise ValidationError(_("Die Sitzung ist abgesagt."))
    if meeting.start > timezone.now():
        raise ValidationError(_("Eine Niederschrift kann erst ab Beginn der Sitzung entworfen werden."))


def _attendance_text(meeting: Meeting, *, public_only: bool) -> str:
    groups = {value: [] for value in AttendanceStatus.values}
    for record in meeting.attendances.select_related("person", "deputy_for"):
        person = record.person
        if public_only and (not person.public or person.deleted):
            continue
        name = person.name
        if record.deputy_for_id:
            name += " (" + _("Vertretung für %(n)s") % {"n": record.deputy_for.name} + ")"
        groups[record.status].append(name)
    lines = []
    for value, label in AttendanceStatus.choices:
        if groups[value]:
            lines.append(f"{str(label).capitalize()}:")
            lines += [f"- {name}" for name in groups[value]]
            lines.append("")
    return "\n".join(lines).strip() or _("Die Anwesenheit ist nicht erfasst.")


def _item_text(item: AgendaItem) -> str:
    lines = [_("TOP %(n)s: %(name)s") % {"n": item.number, "name": item.name}]
    papers = [c.paper for c in item.consultations.all() if not c.paper.deleted and c.paper.reference]
    if papers:
        lines.append(_("Drucksache: %(r)s") % {"r": ", ".join(p.reference for p in papers)})
    if item.resolution_text:
        lines += [_("Beschluss:"), item.resolution_text.strip()]
    if item.result:
        result = _("Ergebnis: %(r)s") % {"r": item.result}
        if item.votes_yes is not None:
            result += " " + _("(Ja %(y)s, Nein %(n)s, Enthaltung %(a)s)") % {
                "y": item.votes_yes,
                "n": item.votes_no,
                "a": item.votes_abstain,
            }
        lines.append(result)
    else:
        lines.append(_("Ergebnis: –"))
    votes = [
        f"{v.faction.short_name or v.faction.name}: "
        + _("Ja %(y)s, Nein %(n)s, Enthaltung %(a)s") % {"y": v.yes, "n": v.no, "a": v.abstain}
        for v in item.faction_votes.all()
    ]
    if votes:
        lines.append(_("Abstimmung der Fraktionen: %(v)s") % {"v": "; ".join(votes)})
    return "\n".join(lines)


def minutes_draft_texts(meeting: Meeting) -> tuple[str, str]:
    """The draft of both parts, from agenda, attendance, results, votes and resolution texts."""
    items = list(
        meeting.agenda_items.alive()
        .order_by("order")
        .prefetch_related("consultations__paper", "faction_votes__faction")
    )
    head = [
        meeting.name,
        _("Gremium: %(o)s") % {"o": ", ".join(o.name for o in meeting.organizations.all())},
        _("Termin: %(w)s") % {"w": _when(meeting)},
    ]
    if meeting.location:
        head.append(_("Ort: %(o)s") % {"o": meeting.location})
    public_items = [_item_text(i) for i in items if i.public]
    internal_items = [_item_text(i) for i in items if not i.public]
    text_public = "\n\n".join(
        [
            "\n".join(head),
            _attendance_text(meeting, public_only=True),
            *(public_items or [_("Im öffentlichen Teil wurden keine Punkte beraten.")]),
        ]
    )
    text_internal = "\n\n".join(internal_items)
    return text_public, text_internal


@transaction.atomic
def minutes_draft(*, actor, meeting: Meeting, regenerate: bool = False) -> Minutes:
    """Start the minutes from the meeting's record (or draft them again, replacing edits, with `regenerate`)."""
    _require_council_office(actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_held(meeting)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None and minutes.status == MinutesStatus.APPROVED:
        raise ValidationError(_("Die Niederschrift ist bereits genehmigt und kann nicht mehr geändert werden."))
    if minutes is not None and not regenerate:
        return minutes
    text_public, text_internal = minutes_draft_texts(meeting)
    minutes, _created = Minutes.objects.update_or_create(
        meeting=meeting,
        defaults={"text_public": text_public, "text_internal": text_internal, "drafted_by": actor},
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=meeting, message=_("Niederschrift entworfen"))
    return minutes


@transaction.atomic
def minutes_update(*, actor, minutes: Minutes, text_public: str, text_internal: str) -> Minutes:
    """Edit the draft (plain text)."""
    _require_council_office(actor)
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.status == MinutesStatus.APPROVED:
        raise ValidationError(_("Die Niederschrift ist bereits genehmigt und kann nicht mehr geändert werden."))
    text_public = _clean_text(text_public, "text_public")
    text_internal = _clean_text(text_internal, "text_internal")
    if not text_public:
        raise ValidationError({"text_public": _("Bitte geben Sie den Text des öffentlichen Teils ein.")})
    if len(text_public) > MAX_TEXT or len(text_internal) > MAX_TEXT:
        raise ValidationError(_("Der Text ist zu lang."))
    minutes.text_public, minutes.text_internal, minutes.drafted_by = text_public, text_internal, actor
    minutes.save(update_fields=["text_public", "text_internal", "drafted_by", "updated"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=minutes.meeting, message=_("Niederschrift bearbeitet"))
    return minutes


@transaction.atomic
def minutes_approve(*, actor, minutes: Minutes) -> Minutes:
    """Approve the draft after the meeting: the public part becomes `Meeting.resultsProtocol`."""
    from .record_pdf import record_pdf

    _require_council_office(actor)
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    meeting = Meeting.objects.select_for_update().get(pk=minutes.meeting_id)
    _check_held(meeting)
    if minutes.status == MinutesStatus.APPROVED:
        raise ValidationError(_("Die Niederschrift ist bereits genehmigt."))
    if (meeting.end or meeting.start) > timezone.now():
        raise ValidationError(_("Die Niederschrift kann erst nach dem Ende der Sitzung genehmigt werden."))
    if not minutes.text_public.strip():
        raise ValidationError(_("Der öffentliche Teil der Niederschrift ist leer."))
    title = _("Niederschrift über die %(m)s") % {"m": meeting.name}
    public_pdf = record_pdf(title=title, sections=[("", minutes.text_public)])
    full_pdf = record_pdf(
        title=title,
        sections=[
            (_("Öffentlicher Teil"), minutes.text_public),
            (_("Nicht öffentlicher Teil"), minutes.text_internal),
        ],
    )
    today = timezone.localdate()
    published = file_create(
        name=_("Niederschrift %(m)s") % {"m": meeting},
        content=public_pdf,
        actor=actor,
        public=meeting.public,
        date=today,
    )
    full = file_create(
        name=_("Niederschrift (vollständig, nicht öffentlich) %(m)s") % {"m": meeting},
        content=full_pdf,
        actor=actor,
        public=False,
        date=today,
    )
    previous = meeting.results_protocol
    meeting.results_protocol = published
    meeting.save(update_fields=["results_protocol"])
    if previous is not None and previous.pk != published.pk:
        previous.delete()  # soft: a client that saw it gets `deleted: true`
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_by, minutes.approved_at, minutes.full_file = actor, timezone.now(), full
    minutes.save(update_fields=["status", "approved_by", "approved_at", "full_file", "updated"])
    audit_record(
        actor=actor,
        action=AuditAction.ACTION,
        obj=meeting,
        message=_("Niederschrift genehmigt und veröffentlicht"),
    )
    return minutes


# --- Correction (Berichtigung) of approved minutes ------------------------------------------------


def minutes_current_texts(minutes: Minutes) -> tuple[str, str]:
    """The texts in force: those of the latest correction, else the approved (or draft) ones."""
    latest = minutes.corrections.order_by("-corrected_at", "-pk").first()
    if latest is not None:
        return latest.text_public, latest.text_internal
    return minutes.text_public, minutes.text_internal


def _correction_note(when, reason: str) -> str:
    return _("Berichtigt am %(d)s. Grund: %(r)s") % {
        "d": formats.date_format(timezone.localtime(when), "d.m.Y"),
        "r": reason,
    }


@transaction.atomic
def minutes_correct(*, actor, minutes: Minutes, text_public: str, text_internal: str, reason: str) -> MinutesCorrection:
    """Correct approved minutes (Berichtigung): the approved original and earlier corrections stay
    untouched; the corrected texts are kept with the reason, and a new complete (non-public) file is
    rendered. When the public part changes, a new public file with the corrections noted in it replaces
    `Meeting.resultsProtocol` (the meeting's and the file's `modified` move, the replaced file is soft
    deleted: OParl clients see all of it with modified_since) and the meeting page names the correction.
    A correction of the non-public part only leaves the public file, page and OParl as they are.
    Like the approval: the council office, one person."""
    from .record_pdf import record_pdf

    _require_council_office(actor)
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    meeting = Meeting.objects.select_for_update().get(pk=minutes.meeting_id)
    if minutes.status != MinutesStatus.APPROVED:
        raise ValidationError(
            _("Berichtigt werden kann nur eine genehmigte Niederschrift; einen Entwurf bearbeiten Sie direkt.")
        )
    text_public = _clean_text(text_public, "text_public")
    text_internal = _clean_text(text_internal, "text_internal")
    reason = " ".join(_clean_text(reason, "reason").split())
    errors = {}
    if not text_public:
        errors["text_public"] = _("Bitte geben Sie den Text des öffentlichen Teils ein.")
    if not reason:
        errors["reason"] = _("Bitte geben Sie den Grund der Berichtigung an.")
    elif len(reason) > MAX_REASON:
        errors["reason"] = _("Der Grund ist zu lang (höchstens %(n)d Zeichen).") % {"n": MAX_REASON}
    if errors:
        raise ValidationError(errors)
    if len(text_public) > MAX_TEXT or len(text_internal) > MAX_TEXT:
        raise ValidationError(_("Der Text ist zu lang."))
    current_public, current_internal = minutes_current_texts(minutes)
    public_changed = text_public != current_public.strip()
    if not public_changed and text_internal == current_internal.strip():
        raise ValidationError(_("Der Text ist unverändert; es gibt nichts zu berichtigen."))

    now = timezone.now()
    earlier = list(minutes.corrections.order_by("corrected_at", "pk"))
    title = _("Niederschrift über die %(m)s") % {"m": meeting.name}
    all_notes = "\n\n".join(
        [*(_correction_note(c.corrected_at, c.reason) for c in earlier), _correction_note(now, reason)]
    )
    full = file_create(
        name=_("Niederschrift (vollständig, nicht öffentlich, berichtigt) %(m)s") % {"m": meeting},
        content=record_pdf(
            title=title,
            sections=[
                (_("Öffentlicher Teil"), text_public),
                (_("Nicht öffentlicher Teil"), text_internal),
                (_("Berichtigungen"), all_notes),
            ],
        ),
        actor=actor,
        public=False,
        date=timezone.localdate(),
    )
    published = replaced = None
    if public_changed:
        # Only corrections of the public part are named in the public file (never those of the other part).
        public_notes = "\n\n".join(
            [*(_correction_note(c.corrected_at, c.reason) for c in earlier if c.public), _correction_note(now, reason)]
        )
        published = file_create(
            name=_("Niederschrift %(m)s (berichtigt am %(d)s)")
            % {"m": meeting, "d": formats.date_format(timezone.localtime(now), "d.m.Y")},
            content=record_pdf(title=title, sections=[("", text_public), (_("Berichtigungen"), public_notes)]),
            actor=actor,
            public=meeting.public,
            date=timezone.localdate(),
        )
        replaced = meeting.results_protocol
        meeting.results_protocol = published
        meeting.save(update_fields=["results_protocol"])
        if replaced is not None:
            replaced.delete()  # soft: the row and its bytes stay (audit), OParl clients get `deleted: true`
    correction = MinutesCorrection.objects.create(
        minutes=minutes,
        reason=reason,
        text_public=text_public,
        text_internal=text_internal,
        public_file=published,
        replaced_public_file=replaced,
        full_file=full,
        corrected_by=actor,
        corrected_at=now,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=meeting,
        message=_("Niederschrift berichtigt (%(p)s). Grund: %(r)s")
        % {"p": _("öffentlicher Teil") if public_changed else _("nur nicht öffentlicher Teil"), "r": reason[:500]},
    )
    minutes_corrected_notify(correction=correction)  # the members, after the commit
    return correction


# --- Resolution file per agenda item (OParl AgendaItem.resolutionFile) ------------------------


def _check_item(agenda_item: AgendaItem) -> Meeting:
    meeting = agenda_item.meeting
    if agenda_item.deleted:
        raise ValidationError(_("Der Tagesordnungspunkt ist gelöscht."))
    if meeting.deleted or meeting.cancelled:
        raise ValidationError(_("Die Sitzung ist abgesagt."))
    if meeting.start > timezone.now():
        raise ValidationError(_("Beschlüsse können erst ab Beginn der Sitzung abgelegt werden."))
    return meeting


def _set_resolution_file(*, actor, agenda_item: AgendaItem, stored: File, how: str) -> AgendaItem:
    previous = agenda_item.resolution_file
    agenda_item.resolution_file = stored
    agenda_item.save(update_fields=["resolution_file"])  # bumps the item and its meeting (changes.py)
    if previous is not None and previous.pk != stored.pk:
        previous.delete()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=agenda_item, message=how)
    return agenda_item


@transaction.atomic
def agenda_item_resolution_upload(*, actor, agenda_item: AgendaItem, name: str, content: bytes) -> AgendaItem:
    """Store an uploaded PDF (checked like every council upload) as the item's resolution file; public
    only with a public item of a public meeting."""
    _require_council_office(actor)
    agenda_item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=agenda_item.pk)
    meeting = _check_item(agenda_item)
    stored = file_create(
        name=name or _("Beschluss TOP %(n)s") % {"n": agenda_item.number},
        content=content,
        actor=actor,
        public=agenda_item.public and meeting.public,
    )
    return _set_resolution_file(
        actor=actor, agenda_item=agenda_item, stored=stored, how=_("Beschlussdatei hochgeladen")
    )


@transaction.atomic
def agenda_item_resolution_generate(*, actor, agenda_item: AgendaItem) -> AgendaItem:
    """Render the item's resolution text (and result) as a PDF and store it as its resolution file."""
    from .record_pdf import record_pdf

    _require_council_office(actor)
    agenda_item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=agenda_item.pk)
    meeting = _check_item(agenda_item)
    if not agenda_item.resolution_text.strip():
        raise ValidationError(_("Bitte erfassen Sie zuerst den Beschlusstext."))
    title = _("Beschluss zu TOP %(n)s: %(name)s") % {"n": agenda_item.number, "name": agenda_item.name}
    head = _("%(m)s, %(w)s") % {"m": meeting.name, "w": _when(meeting)}
    content = record_pdf(title=title, sections=[("", head), ("", _item_text(agenda_item).split("\n", 1)[-1])])
    stored = file_create(
        name=_("Beschluss %(m)s TOP %(n)s") % {"m": meeting, "n": agenda_item.number},
        content=content,
        actor=actor,
        public=agenda_item.public and meeting.public,
    )
    return _set_resolution_file(
        actor=actor, agenda_item=agenda_item, stored=stored, how=_("Beschlussdatei aus dem Beschlusstext erzeugt")
    )
