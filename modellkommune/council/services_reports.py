"""Writes of the administration's report to the council (issue 13): the council office hands a motion to
the responsible department; a member of that department writes the report (Stellungnahme, Mitteilung or
Beschlussvorlage) with PDF files; a second person of the department releases it (four-eyes, setting
COUNCIL_REPORT_FOUR_EYES); only then it becomes a registered, public paper linked to the motion, the
motion is answered, and the faction and the council office are told.

Every step checks the permission here (not only in the view) and is recorded in the audit log."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from modellkommune.core.constants import AuditAction
from modellkommune.core.models import Department
from modellkommune.core.services import audit_record
from modellkommune.core.text import plain_text

from . import notifications_reports as notify
from .constants import REPORT_PAPER_TYPES, OrganizationType, PaperStatus, ReportState
from .models import File, Organization, Paper, Report
from .selectors_reports import (
    ANSWERABLE_STATUS,
    ANSWERABLE_TYPES,
    department_organization,
    paper_responsible_department_ids,
    user_writes_reports_for,
)
from .services import (
    _administration,
    _next_reference,
    _require_council_office,
    file_create,
    paper_refresh_search_text,
    paper_status_after_answer,
)

MAX_KEYWORDS = 20


def keywords_parse(text: str) -> list[str]:
    """A plain comma list ("Radverkehr, Schulweg") as OParl keywords: trimmed, no duplicates, in order."""
    words: list[str] = []
    for part in (text or "").replace(";", ",").replace("\n", ",").split(","):
        word = " ".join(part.split())
        if not word:
            continue
        if len(word) > 100:
            raise ValidationError({"keywords": _("Ein Schlagwort darf höchstens 100 Zeichen lang sein.")})
        if word.lower() not in {w.lower() for w in words}:
            words.append(word)
    if len(words) > MAX_KEYWORDS:
        raise ValidationError({"keywords": _("Bitte geben Sie höchstens %(n)d Schlagworte an.") % {"n": MAX_KEYWORDS}})
    plain_text(", ".join(words), field="keywords", max_length=5000)
    return words


def four_eyes() -> bool:
    return bool(getattr(settings, "COUNCIL_REPORT_FOUR_EYES", True))


def _require_writer(actor, department_id: int | None) -> None:
    if not user_writes_reports_for(user=actor, department_id=department_id):
        raise PermissionDenied(_("Nur der federführende Fachbereich darf Berichte zu diesem Antrag schreiben."))


def _department_organization(*, body, department: Department) -> Organization:
    """The Verwaltungsbereich for the department (OParl underDirectionOf); created on first use."""
    organization = department_organization(body=body, department=department)
    if organization is None:
        organization = Organization.objects.create(
            body=body,
            name=department.name,
            short_name=department.short_name,
            organization_type=OrganizationType.VERWALTUNG,
            classification=str(_("Fachbereich")),
            department=department,
            sub_organization_of=_administration(body=body),
        )
    return organization


@transaction.atomic
def paper_assign_department(*, actor, paper: Paper, department: Department) -> Paper:
    """The council office hands a registered paper to the department that answers it (Federführung)."""
    _require_council_office(actor)
    if paper.status == PaperStatus.SUBMITTED:
        raise ValidationError(_("Bitte registrieren Sie die Drucksache zuerst."))
    if paper.paper_type not in ANSWERABLE_TYPES:
        raise ValidationError(_("Nur Anträge, Anfragen und Eingaben werden einem Fachbereich zur Antwort zugewiesen."))
    organization = _department_organization(body=paper.body, department=department)
    before = sorted(str(o) for o in paper.under_direction_of.all())
    paper.under_direction_of.set([organization])
    paper.touch()
    paper.save(update_fields=["modified"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=paper,
        changes={"under_direction_of": [before, [organization.name]]},
        message=_("Federführung: %(d)s") % {"d": department},
    )
    notify.paper_assigned_notify(paper=paper, department=department)
    return paper


def _report_department(*, actor, motion: Paper) -> int:
    """The department a new report on this motion belongs to: the writer's own, if it leads the motion."""
    if motion.deleted or motion.paper_type not in ANSWERABLE_TYPES or motion.status not in ANSWERABLE_STATUS:
        raise ValidationError(_("Zu dieser Drucksache kann kein Bericht mehr geschrieben werden."))
    responsible = paper_responsible_department_ids(paper=motion)
    own = getattr(actor, "department_id", None)
    department_id = own if own in responsible else min(responsible, default=None)
    if department_id is None:
        raise ValidationError(
            _("Diese Drucksache ist noch keinem Fachbereich zugewiesen. Das Büro des Rates weist sie zu.")
        )
    _require_writer(actor, department_id)
    return department_id


def _clean(*, paper_type: str, title: str, text: str) -> tuple[str, str]:
    if paper_type not in REPORT_PAPER_TYPES:
        raise ValidationError({"paper_type": _("Bitte wählen Sie Stellungnahme, Mitteilung oder Beschlussvorlage.")})
    title = plain_text(title, field="title", max_length=500, required=True, label=_("Titel"))
    text = plain_text(text, field="text", max_length=100_000, required=True, label=_("Text"))
    return title, text


def _store_files(*, actor, report: Report, files) -> None:
    stored = [file_create(name=name, content=content, actor=actor, public=False) for name, content in files]
    if stored:
        report.files.add(*stored)


@transaction.atomic
def report_create(
    *, actor, motion: Paper, paper_type: str, title: str, text: str, keywords: str = "", files=()
) -> Report:
    department_id = _report_department(actor=actor, motion=motion)
    title, text = _clean(paper_type=paper_type, title=title, text=text)
    report = Report.objects.create(
        motion=motion,
        department_id=department_id,
        paper_type=paper_type,
        title=title,
        text=text,
        keywords=keywords_parse(keywords),
        author=actor,
        last_edited_by=actor,
    )
    _store_files(actor=actor, report=report, files=files)
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=report, message=_("Bericht angelegt zu %(m)s") % {"m": motion}
    )
    return report


def _require_open(report: Report) -> None:
    if report.state == ReportState.RELEASED:
        raise ValidationError(
            _("Der Bericht ist bereits freigegeben und veröffentlicht; er kann nicht mehr geändert werden.")
        )


@transaction.atomic
def report_update(
    *,
    actor,
    report: Report,
    paper_type: str,
    title: str,
    text: str,
    keywords: str = "",
    files=(),
    remove_file_ids=(),
) -> Report:
    """Change a draft (a release request goes back to draft: the reviewer must see the final text)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require_writer(actor, report.department_id)
    _require_open(report)
    title, text = _clean(paper_type=paper_type, title=title, text=text)
    before = {"title": report.title, "paper_type": report.paper_type, "state": report.state}
    report.paper_type, report.title, report.text = paper_type, title, text
    report.keywords = keywords_parse(keywords)
    report.state = ReportState.DRAFT
    report.last_edited_by = actor
    report.save()
    removed = list(report.files.filter(pk__in=list(remove_file_ids)))
    if removed:
        report.files.remove(*removed)
        File.objects.filter(pk__in=[f.pk for f in removed]).delete()
    _store_files(actor=actor, report=report, files=files)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=report,
        changes={k: [v, getattr(report, k)] for k, v in before.items() if v != getattr(report, k)},
        message=_("Bericht geändert"),
    )
    return report


@transaction.atomic
def report_request_release(*, actor, report: Report) -> Report:
    """The author asks a second person of the department to release the report."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require_writer(actor, report.department_id)
    _require_open(report)
    if report.state == ReportState.RELEASE_REQUESTED:
        raise ValidationError(_("Die Freigabe ist bereits erbeten."))
    report.state = ReportState.RELEASE_REQUESTED
    report.return_note = ""
    report.save(update_fields=["state", "return_note", "modified"])
    audit_record(actor=actor, action=AuditAction.ACTION, obj=report, message=_("Freigabe erbeten"))
    notify.report_release_requested_notify(report=report, actor=actor)
    return report


@transaction.atomic
def report_return(*, actor, report: Report, note: str) -> Report:
    """The reviewer sends the report back to its author with a note instead of releasing it."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require_writer(actor, report.department_id)
    if report.state != ReportState.RELEASE_REQUESTED:
        raise ValidationError(_("Zurückgeben kann man nur einen Bericht, dessen Freigabe erbeten ist."))
    if report.author_id == actor.pk:
        raise ValidationError(_("Sie können Ihren eigenen Bericht nicht zurückgeben; ändern Sie ihn einfach."))
    note = plain_text(note, field="note", max_length=5000, required=True, label=_("Hinweis zur Überarbeitung"))
    report.state = ReportState.DRAFT
    report.return_note = note
    report.save(update_fields=["state", "return_note", "modified"])
    audit_record(actor=actor, action=AuditAction.ACTION, obj=report, message=_("zur Überarbeitung zurückgegeben"))
    notify.report_returned_notify(report=report, actor=actor)
    return report


def _assign_reference(paper: Paper) -> None:
    for _attempt in range(3):
        try:
            with transaction.atomic():
                paper.reference = _next_reference(
                    body=paper.body, paper_type=paper.paper_type, year=timezone.localdate().year
                )
                paper.save(update_fields=["reference"])
                return
        except IntegrityError:
            continue  # somebody took the same number at the same moment
    raise ValidationError(_("Es konnte keine Drucksachennummer vergeben werden. Bitte erneut versuchen."))


@transaction.atomic
def report_release(*, actor, report: Report) -> Paper:
    """Release the report: it becomes a registered, public paper linked to the motion (four-eyes: by a
    second person of the department, never by its author)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require_writer(actor, report.department_id)
    _require_open(report)
    if four_eyes():
        if actor.pk in (report.author_id, report.last_edited_by_id):
            raise PermissionDenied(
                _(
                    "Sie können Ihren eigenen Bericht nicht freigeben. Die Freigabe erteilt eine zweite Person Ihres "
                    "Fachbereichs, die ihn nicht selbst geschrieben oder geändert hat."
                )
            )
        if report.state != ReportState.RELEASE_REQUESTED:
            raise ValidationError(_("Bitte lassen Sie zuerst die Freigabe erbitten."))
    motion = Paper.objects.select_for_update().get(pk=report.motion_id)
    if motion.deleted or motion.status not in ANSWERABLE_STATUS:
        raise ValidationError(_("Der Antrag ist nicht mehr offen; der Bericht kann nicht veröffentlicht werden."))
    files = list(report.files.alive().order_by("pk"))
    organization = _department_organization(body=motion.body, department=report.department)
    paper = Paper.objects.create(
        body=motion.body,
        name=report.title,
        paper_type=report.paper_type,
        status=PaperStatus.REGISTERED,
        text=report.text,
        date=timezone.localdate(),
        public=True,
        keyword=list(report.keywords),
        main_file=files[0] if files else None,
    )
    if files[1:]:
        paper.auxiliary_files.add(*files[1:])
    File.objects.filter(pk__in=[f.pk for f in files]).update(public=True)
    paper.originator_organizations.add(organization)
    paper.under_direction_of.add(organization)
    _assign_reference(paper)
    paper.related_papers.add(motion)
    motion.status = paper_status_after_answer(paper=motion)
    motion.touch()
    motion.save(update_fields=["status", "modified"])
    paper_refresh_search_text(paper=paper)
    report.state = ReportState.RELEASED
    report.released_by = actor
    report.released_at = timezone.now()
    report.paper = paper
    report.save(update_fields=["state", "released_by", "released_at", "paper", "modified"])
    audit_record(
        actor=actor,
        action=AuditAction.ACTION,
        obj=report,
        message=_("freigegeben und veröffentlicht als %(r)s") % {"r": paper.reference},
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=paper,
        message=_("%(k)s der Verwaltung veröffentlicht zu %(m)s") % {"k": paper.get_paper_type_display(), "m": motion},
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=motion,
        message=_("Bericht der Verwaltung: %(r)s") % {"r": paper.reference},
    )
    notify.report_released_notify(report=report, paper=paper, motion=motion, actor=actor)
    return paper
