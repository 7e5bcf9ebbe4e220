"""Writes of the council information system: the motion workflow and documents.

Each step is permission-checked here (not only in views) and recorded in the audit log."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from modellkommune.core.constants import AuditAction
from modellkommune.core.services import audit_record

from . import notifications
from .constants import (
    REFERENCE_PREFIX,
    REPORT_PAPER_TYPES,
    RESULT_STATUS,
    ConsultationRole,
    OrganizationType,
    PaperStatus,
    PaperType,
)
from .files import file_check, pdf_extract_text, sha512_hex
from .models import AgendaItem, Body, Consultation, File, Meeting, Organization, Paper
from .selectors import body_current, faction_for_user, user_is_council_office

_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")


def _require_council_office(actor) -> None:
    if not user_is_council_office(user=actor):
        raise PermissionDenied(_("Nur das Ratsbüro darf diesen Schritt ausführen."))


def _touch(*objects) -> None:
    """A change to an embedded object updates its parent's `modified` (OParl)."""
    now = timezone.now()
    for obj in objects:
        if obj is not None:
            type(obj).objects.filter(pk=obj.pk).update(modified=now)


def _administration(*, body: Body) -> Organization | None:
    """The organization that leads (Federführung, OParl underDirectionOf) papers: the administration."""
    return (
        Organization.objects.alive()
        .filter(body=body, organization_type=OrganizationType.VERWALTUNG)
        .order_by("pk")
        .first()
    )


# --- The motion's status follows what happens to it -------------------------------------------
# submitted -> registered -> answered -> scheduled -> decided / referred / withdrawn; a paper that
# is still on a coming agenda stays "scheduled" whatever else happens in between.


def _paper_answered(*, paper: Paper) -> bool:
    return paper.related_papers.alive().filter(paper_type__in=REPORT_PAPER_TYPES).exists()


def _paper_pending_consultation(*, paper: Paper, exclude_item: AgendaItem | None = None) -> bool:
    """Is the paper on an agenda whose result is still open (a meeting not cancelled)?"""
    pending = Consultation.objects.alive().filter(
        paper=paper,
        agenda_item__isnull=False,
        agenda_item__deleted=False,
        agenda_item__result="",
        agenda_item__meeting__cancelled=False,
        agenda_item__meeting__deleted=False,
    )
    if exclude_item is not None:
        pending = pending.exclude(agenda_item=exclude_item)
    return pending.exists()


def paper_status_after_result(*, paper: Paper, result: str, agenda_item: AgendaItem | None = None) -> str:
    """The status a result in a meeting gives the paper (constants.RESULT_STATUS)."""
    if paper.status in (PaperStatus.SUBMITTED, PaperStatus.WITHDRAWN):
        return paper.status
    if not result:
        return PaperStatus.SCHEDULED
    target = RESULT_STATUS.get(result, PaperStatus.DECIDED)
    if target == PaperStatus.WITHDRAWN:
        return target
    if _paper_pending_consultation(paper=paper, exclude_item=agenda_item):
        return PaperStatus.SCHEDULED  # e.g. a committee advised; the council has yet to decide
    if target is None:  # deferred: back to where it stood before it was scheduled
        return PaperStatus.ANSWERED if _paper_answered(paper=paper) else PaperStatus.REGISTERED
    return target


def paper_status_after_answer(*, paper: Paper) -> str:
    """The administration answered: a paper waiting on an agenda stays scheduled; withdrawn stays withdrawn."""
    if paper.status in (PaperStatus.SUBMITTED, PaperStatus.WITHDRAWN, PaperStatus.SCHEDULED):
        return paper.status
    return PaperStatus.ANSWERED


def paper_refresh_search_text(*, paper: Paper) -> None:
    files = [paper.main_file, *paper.auxiliary_files.all()]
    text = "\n".join([paper.name, paper.reference, paper.text, *(f.text for f in files if f is not None)])
    Paper.objects.filter(pk=paper.pk).update(search_text=text)


def file_create(*, name: str, content: bytes, actor=None, public: bool = True, date: dt.date | None = None) -> File:
    """Store an uploaded PDF after checking its content; extract its text for search."""
    mime = file_check(name=name, content=content)
    safe_name = re.sub(r"[^A-Za-z0-9._-]+", "_", name)[:200] or "dokument.pdf"
    if not safe_name.lower().endswith(".pdf"):
        safe_name += ".pdf"
    digest = sha512_hex(content)
    obj = File(
        name=name[:300],
        file_name=safe_name,
        mime_type=mime,
        size=len(content),
        sha512=digest,
        date=date or timezone.localdate(),
        text=pdf_extract_text(content),
        public=public,
    )
    obj.content.save(safe_name, ContentFile(content), save=False)
    obj.save()
    if actor is not None:
        audit_record(actor=actor, action=AuditAction.CREATE, obj=obj, message=_("Datei hochgeladen"))
    return obj


def _clean_text(text: str, field: str) -> str:
    text = text.strip()
    if _HTML_TAG.search(text):
        raise ValidationError({field: _("Bitte geben Sie reinen Text ohne HTML-Auszeichnungen ein.")})
    return text


@transaction.atomic
def paper_submit(*, actor, title: str, text: str, paper_type: str, files: list[tuple[str, bytes]] = ()) -> Paper:
    """A council member submits a motion or an inquiry for their own faction. Not public until registered."""
    faction = faction_for_user(user=actor)
    if faction is None:
        raise PermissionDenied(_("Nur Ratsmitglieder einer Fraktion können Anträge und Anfragen einreichen."))
    if paper_type not in (PaperType.ANTRAG, PaperType.ANFRAGE):
        raise ValidationError({"paper_type": _("Bitte wählen Sie Antrag oder Anfrage.")})
    title = _clean_text(title, "title")
    text = _clean_text(text, "text")
    if not title:
        raise ValidationError({"title": _("Bitte geben Sie einen Titel an.")})
    if not text:
        raise ValidationError({"text": _("Bitte geben Sie den Text ein.")})
    stored = [file_create(name=name, content=content, public=False) for name, content in files]
    person = getattr(actor, "council_person", None)
    paper = Paper.objects.create(
        body=faction.body,
        name=title[:500],
        paper_type=paper_type,
        status=PaperStatus.SUBMITTED,
        text=text,
        date=timezone.localdate(),
        public=False,
        submitted_by=actor,
        main_file=stored[0] if stored else None,
    )
    paper.originator_organizations.add(faction)
    if person is not None:
        paper.originator_persons.add(person)
    if stored[1:]:
        paper.auxiliary_files.add(*stored[1:])
    paper_refresh_search_text(paper=paper)
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=paper, message=_("Antrag eingereicht für %(f)s") % {"f": faction}
    )
    notifications.paper_submitted_notify(paper=paper)
    return paper


def _next_reference(*, body: Body, paper_type: str, year: int) -> str:
    prefix = f"{REFERENCE_PREFIX[paper_type]}/{year}/"
    existing = Paper.objects.filter(body=body, reference__startswith=prefix).values_list("reference", flat=True)
    numbers = [int(r.rsplit("/", 1)[1]) for r in existing if r.rsplit("/", 1)[1].isdigit()]
    return f"{prefix}{(max(numbers) if numbers else 0) + 1:04d}"


def paper_register(*, actor, paper: Paper, public: bool = True) -> Paper:
    """The council office registers a submitted paper: reference number, published (unless `public` is
    False: a resident asked for non-public treatment, so it is never published and never withdrawn)."""
    _require_council_office(actor)
    if paper.status != PaperStatus.SUBMITTED:
        raise ValidationError(_("Diese Drucksache ist bereits registriert."))
    for _attempt in range(3):
        try:
            with transaction.atomic():
                paper.reference = _next_reference(
                    body=paper.body, paper_type=paper.paper_type, year=timezone.localdate().year
                )
                paper.status = PaperStatus.REGISTERED
                paper.public = public
                paper.touch()
                paper.save(update_fields=["reference", "status", "public", "modified"])
                files = [paper.main_file, *paper.auxiliary_files.all()]
                File.objects.filter(pk__in=[f.pk for f in files if f]).update(public=public)
                administration = _administration(body=paper.body)
                if administration and not paper.under_direction_of.exists():
                    paper.under_direction_of.add(administration)
                paper_refresh_search_text(paper=paper)
                audit_record(
                    actor=actor,
                    action=AuditAction.UPDATE,
                    obj=paper,
                    changes={"reference": ["", paper.reference]},
                    message=_("registriert"),
                )
                notifications.paper_step_notify(paper=paper, step="registered")
                return paper
        except IntegrityError:
            continue  # someone took the same number at the same moment; take the next one
    raise ValidationError(_("Es konnte keine Drucksachennummer vergeben werden. Bitte erneut versuchen."))


@transaction.atomic
def paper_schedule(
    *,
    actor,
    paper: Paper,
    meeting: Meeting,
    organization: Organization | None = None,
    role: str = ConsultationRole.ENTSCHEIDUNG,
) -> AgendaItem:
    """Place a registered paper on a meeting's agenda (agenda item plus consultation)."""
    _require_council_office(actor)
    if paper.status == PaperStatus.SUBMITTED:
        raise ValidationError(_("Bitte registrieren Sie die Drucksache zuerst."))
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.cancelled or meeting.deleted:
        raise ValidationError(_("Die Sitzung ist abgesagt."))
    if (
        Consultation.objects.alive()
        .filter(paper=paper, agenda_item__meeting=meeting, agenda_item__deleted=False)
        .exists()
    ):
        raise ValidationError(_("Die Drucksache steht bereits auf der Tagesordnung dieser Sitzung."))
    last = meeting.agenda_items.order_by("-order").first()
    order = (last.order if last else 0) + 1
    # The number is the item's position among the living items (TOP 1, 2, 3, 4 – never a gap).
    number = str(meeting.agenda_items.alive().count() + 1)
    item = AgendaItem.objects.create(
        meeting=meeting, order=order, number=number, name=paper.name[:500], public=paper.public
    )
    consultation = Consultation.objects.create(
        paper=paper, agenda_item=item, meeting=meeting, authoritative=role == ConsultationRole.ENTSCHEIDUNG, role=role
    )
    consultation.organizations.set([organization] if organization else meeting.organizations.all())
    if paper.status != PaperStatus.WITHDRAWN:
        paper.status = PaperStatus.SCHEDULED
    paper.touch()
    paper.save(update_fields=["status", "modified"])
    _touch(meeting)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=paper,
        message=_("auf die Tagesordnung gesetzt: %(m)s") % {"m": meeting},
    )
    notifications.paper_step_notify(
        paper=paper, step="scheduled", detail=_("%(m)s, TOP %(n)s") % {"m": meeting, "n": item.number}
    )
    return item


def _check_votes(votes: tuple[int | None, int | None, int | None], field: str) -> None:
    present = [v is not None for v in votes]
    if any(present) and not all(present):
        raise ValidationError({field: _("Bitte geben Sie Ja-, Nein-Stimmen und Enthaltungen vollständig an.")})
    if any(v is not None and v < 0 for v in votes):
        raise ValidationError({field: _("Stimmenzahlen können nicht negativ sein.")})


@transaction.atomic
def agenda_item_record_result(
    *,
    actor,
    agenda_item: AgendaItem,
    result: str,
    resolution_text: str = "",
    votes_yes: int | None = None,
    votes_no: int | None = None,
    votes_abstain: int | None = None,
    faction_votes: dict[Organization, tuple[int, int, int]] | None = None,
) -> AgendaItem:
    """Record the result, resolution text and vote counts (in total, optionally per faction); the papers
    treated are then decided. Only once the meeting has begun, never for a cancelled one."""
    from .models import FactionVote

    _require_council_office(actor)
    meeting = agenda_item.meeting
    if meeting.cancelled or meeting.deleted:
        raise ValidationError(_("Die Sitzung ist abgesagt."))
    if meeting.start > timezone.now():
        raise ValidationError(_("Ergebnisse können erst ab Beginn der Sitzung erfasst werden."))
    _check_votes((votes_yes, votes_no, votes_abstain), "votes_yes")
    for faction, counts in (faction_votes or {}).items():
        if faction.organization_type != OrganizationType.FRAKTION or faction.body_id != _meeting_body_id(meeting):
            raise ValidationError(_("Stimmen können nur für Fraktionen dieser Körperschaft erfasst werden."))
        _check_votes(tuple(counts), "faction_votes")
    if votes_yes is not None and faction_votes:
        sums = [sum(c[i] for c in faction_votes.values()) for i in range(3)]
        if any(s > total for s, total in zip(sums, (votes_yes, votes_no, votes_abstain), strict=True)):
            raise ValidationError(_("Die Stimmen der Fraktionen übersteigen das Gesamtergebnis."))
    before = {"result": agenda_item.result, "resolution_text": agenda_item.resolution_text}
    agenda_item.result = result.strip()[:100]
    agenda_item.resolution_text = _clean_text(resolution_text, "resolution_text")
    agenda_item.votes_yes, agenda_item.votes_no, agenda_item.votes_abstain = votes_yes, votes_no, votes_abstain
    agenda_item.touch()
    agenda_item.save(update_fields=["result", "resolution_text", "votes_yes", "votes_no", "votes_abstain", "modified"])
    if faction_votes is not None:
        agenda_item.faction_votes.all().delete()
        FactionVote.objects.bulk_create(
            FactionVote(agenda_item=agenda_item, faction=f, yes=c[0], no=c[1], abstain=c[2])
            for f, c in faction_votes.items()
        )
    _touch(agenda_item.meeting)
    for consultation in agenda_item.consultations.select_related("paper"):
        paper = consultation.paper
        paper.status = paper_status_after_result(paper=paper, result=agenda_item.result, agenda_item=agenda_item)
        paper.touch()
        paper.save(update_fields=["status", "modified"])
        _touch(consultation)
        if agenda_item.result:
            notifications.paper_step_notify(
                paper=paper, step="decided", detail=_("%(m)s: %(r)s") % {"m": meeting, "r": agenda_item.result}
            )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=agenda_item,
        changes={k: [v, getattr(agenda_item, k)] for k, v in before.items()},
        message=_("Ergebnis erfasst"),
    )
    return agenda_item


def _meeting_body_id(meeting: Meeting) -> int | None:
    organization = meeting.organizations.first()
    return organization.body_id if organization else None


@transaction.atomic
def paper_publish_report(
    *, title: str, text: str, actor, files: list[tuple[str, bytes, str]] = (), related_papers=()
) -> Paper:
    """The administration reports to the factions: a registered, public Mitteilung.

    Used by the council office and by other apps (e.g. the programme's quarterly reports); whoever calls
    it, only a member of the council office may publish an official paper."""
    _require_council_office(actor)
    body = body_current()
    if body is None:
        raise ValidationError(_("Es ist keine Körperschaft angelegt."))
    stored = [file_create(name=name, content=content, actor=actor) for name, content, _mime in files]
    paper = Paper.objects.create(
        body=body,
        name=_clean_text(title, "title")[:500],
        paper_type=PaperType.MITTEILUNG,
        status=PaperStatus.REGISTERED,
        text=text.strip(),
        date=timezone.localdate(),
        public=True,
        main_file=stored[0] if stored else None,
    )
    if stored[1:]:
        paper.auxiliary_files.add(*stored[1:])
    administration = _administration(body=body)
    if administration:
        paper.originator_organizations.add(administration)
        paper.under_direction_of.add(administration)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                paper.reference = _next_reference(
                    body=body, paper_type=PaperType.MITTEILUNG, year=timezone.localdate().year
                )
                paper.save(update_fields=["reference"])
                break
        except IntegrityError:
            continue
    for related in related_papers:
        paper.related_papers.add(related)
        related.refresh_from_db(fields=["status"])
        Paper.objects.filter(pk=related.pk).update(status=paper_status_after_answer(paper=related))
        notifications.paper_step_notify(paper=related, step="answered", detail=f"{paper.reference} {paper.name}")
    paper_refresh_search_text(paper=paper)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=paper, message=_("Mitteilung veröffentlicht"))
    return paper


@transaction.atomic
def paper_attach_file(*, paper: Paper, name: str, content: bytes, mime_type: str = "application/pdf", actor) -> File:
    """Attach a PDF to a paper (main file if it has none, else auxiliary). A file on a paper is part of the
    official record: the council office only, not any department."""
    _require_council_office(actor)
    obj = file_create(name=name, content=content, actor=actor, public=paper.public)
    if paper.main_file_id is None:
        paper.main_file = obj
    else:
        paper.auxiliary_files.add(obj)
    paper.touch()
    paper.save(update_fields=["main_file", "modified"])
    paper_refresh_search_text(paper=paper)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=paper, message=_("Datei angehängt: %(n)s") % {"n": name})
    return obj


@transaction.atomic
def paper_link_report(*, actor, paper: Paper, report: Paper) -> None:
    """Link the administration's Mitteilung to the motion it answers."""
    _require_council_office(actor)
    if report.paper_type != PaperType.MITTEILUNG:
        raise ValidationError(_("Verknüpft werden kann nur eine Mitteilung der Verwaltung."))
    paper.related_papers.add(report)
    paper.status = paper_status_after_answer(paper=paper)
    paper.touch()
    paper.save(update_fields=["status", "modified"])
    _touch(report)
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=paper, message=_("Bericht verknüpft: %(r)s") % {"r": report}
    )
    notifications.paper_step_notify(paper=paper, step="answered", detail=f"{report.reference} {report.name}")


@transaction.atomic
def paper_register_from_residents(
    *,
    actor,
    title: str,
    text: str,
    paper_type: str,
    public: bool,
    committee: Organization | None = None,
    role: str = ConsultationRole.ENTSCHEIDUNG,
) -> Paper:
    """The council office registers a paper out of residents' participation at once (§ 24 suggestion,
    § 25 Einwohnerantrag, the Mitteilung summing up a consultation): reference number, administration in
    charge, public when the petitioner agreed (OParl shows it then)."""
    _require_council_office(actor)
    if paper_type not in (PaperType.ANREGUNG, PaperType.EINWOHNERANTRAG, PaperType.MITTEILUNG):
        raise ValidationError(
            {"paper_type": _("Diese Drucksachenart ist für Eingaben aus der Einwohnerschaft nicht vorgesehen.")}
        )
    body = Body.objects.order_by("pk").first()
    if body is None:
        raise ValidationError(_("Es ist keine Körperschaft angelegt."))
    paper = Paper.objects.create(
        body=body,
        name=_clean_text(title, "title")[:500],
        paper_type=paper_type,
        status=PaperStatus.SUBMITTED,
        text=_clean_text(text, "text"),
        date=timezone.localdate(),
        public=False,
        submitted_by=None,
    )
    paper_register(actor=actor, paper=paper, public=public)
    if committee is not None:
        paper_assign_committee(actor=actor, paper=paper, committee=committee, role=role)
    return paper


@transaction.atomic
def paper_assign_committee(
    *, actor, paper: Paper, committee: Organization, role: str = ConsultationRole.ENTSCHEIDUNG
) -> Consultation:
    """Hand a registered paper to the committee that decides on it (or takes note of it): a consultation
    without a meeting yet (OParl allows it); scheduling it on one of the committee's meetings later fills
    in the meeting. Only a decision is authoritative."""
    _require_council_office(actor)
    consultation = Consultation.objects.create(
        paper=paper, authoritative=role == ConsultationRole.ENTSCHEIDUNG, role=role, public=paper.public
    )
    consultation.organizations.set([committee])
    paper.touch()
    paper.save(update_fields=["modified"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=paper, message=_("zugewiesen an %(o)s") % {"o": committee})
    return consultation
