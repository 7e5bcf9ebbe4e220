"""Sitzungsdienst pages of the council office: meetings, agenda, attendance, results, Sitzungsgeld export.

Views are thin: every write goes through services / services_meetings, which check the permission again."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from . import services_meetings as sm
from .constants import OrganizationType, PaperStatus
from .exports import attendance_csv
from .forms_sitzung import (
    AgendaItemAddForm,
    AgendaPaperForm,
    AttendanceExportForm,
    AttendanceForm,
    MeetingCreateForm,
    MeetingMoveForm,
    MeetingSeriesForm,
    MinutesCorrectionForm,
    MinutesForm,
    ResolutionUploadForm,
    ResultVotesForm,
)
from .models import AgendaItem, Location, Organization, Paper, Person
from .selectors_meetings import (
    attendance_for_period,
    bodies_for_meetings,
    deputy_candidates,
    meeting_members,
    meetings_for_backoffice,
)
from .services import agenda_item_record_result, paper_schedule
from .views_backoffice import council_office_required


def _form_errors(form, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@council_office_required
def meeting_list(request):
    now = timezone.now()
    meetings = meetings_for_backoffice()
    return render(
        request,
        "council/backoffice/meeting_list.html",
        {
            "upcoming": meetings.filter(start__gte=now).order_by("start")[:100],
            "past": meetings.filter(start__lt=now).order_by("-start")[:50],
        },
    )


@council_office_required
def meeting_create(request):
    kwargs = {"organizations": bodies_for_meetings(), "locations": Location.objects.alive()}
    form = MeetingCreateForm(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = sm.meeting_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Die Sitzung ist angelegt."))
            return redirect("council:backoffice_meeting", pk=meeting.pk)
    return render(request, "council/backoffice/meeting_form.html", {"form": form})


@council_office_required
def meeting_series(request):
    """Recurring schedule: "Vorschau" shows every date and what it collides with, "Anlegen" creates them."""
    from . import services_schedule

    kwargs = {"organizations": bodies_for_meetings(), "locations": Location.objects.alive()}
    form = MeetingSeriesForm(request.POST or None, **kwargs)
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("action") == "create":
                created, skipped = services_schedule.meeting_series_create(
                    actor=request.user,
                    name=form.cleaned_data["name"],
                    location=form.cleaned_data["location"],
                    public=form.cleaned_data["public"],
                    **form.service_kwargs(),
                )
                messages.success(
                    request,
                    _("%(n)s Sitzungen sind angelegt (Stand „terminiert“); %(s)s Termine wurden übersprungen.")
                    % {"n": len(created), "s": len(skipped)},
                )
                return redirect("council:backoffice_meetings")
            preview = services_schedule.meeting_series_preview(actor=request.user, **form.service_kwargs())
        except ValidationError as exc:
            _form_errors(form, exc)
    return render(
        request,
        "council/backoffice/meeting_series.html",
        {
            "form": form,
            "preview": preview,
            "to_create": sum(1 for d in preview or () if not d.collision and not d.past),
        },
    )


def _schedulable_papers():
    return (
        Paper.objects.alive()
        .exclude(status__in=[PaperStatus.SUBMITTED, PaperStatus.WITHDRAWN])
        .exclude(reference="")
        .exclude(status__in=[PaperStatus.DECIDED])
        .order_by("-id")
    )


@council_office_required
def meeting_manage(request, pk: int):
    meeting = get_object_or_404(meetings_for_backoffice(), pk=pk)
    move_form = MeetingMoveForm(initial={"start": timezone.localtime(meeting.start)})
    item_form = AgendaItemAddForm()
    paper_form = AgendaPaperForm(papers=_schedulable_papers())
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "move":
                move_form = MeetingMoveForm(request.POST)
                if move_form.is_valid():
                    sm.meeting_reschedule(actor=request.user, meeting=meeting, **move_form.cleaned_data)
                    messages.success(request, _("Die Sitzung ist verlegt; die Mitglieder werden benachrichtigt."))
                    return redirect("council:backoffice_meeting", pk=meeting.pk)
            elif action == "cancel":
                sm.meeting_cancel(actor=request.user, meeting=meeting)
                messages.success(request, _("Die Sitzung ist abgesagt; die Mitglieder werden benachrichtigt."))
                return redirect("council:backoffice_meeting", pk=meeting.pk)
            elif action == "convene":
                sm.meeting_convene(actor=request.user, meeting=meeting)
                messages.success(request, _("Die Mitglieder werden eingeladen."))
                return redirect("council:backoffice_meeting", pk=meeting.pk)
            elif action == "invitation":
                sm.meeting_invitation_send(actor=request.user, meeting=meeting)
                messages.success(
                    request,
                    _(
                        "Die Einladung ist erzeugt, veröffentlicht und an die Mitglieder und Stellvertretungen versandt."
                    ),
                )
                return redirect("council:backoffice_meeting", pk=meeting.pk)
            elif action == "add_item":
                item_form = AgendaItemAddForm(request.POST)
                if item_form.is_valid():
                    sm.agenda_item_add(actor=request.user, meeting=meeting, **item_form.cleaned_data)
                    messages.success(request, _("Der Tagesordnungspunkt ist angelegt."))
                    return redirect("council:backoffice_meeting", pk=meeting.pk)
            elif action == "add_paper":
                paper_form = AgendaPaperForm(request.POST, papers=_schedulable_papers())
                if paper_form.is_valid():
                    paper_schedule(actor=request.user, meeting=meeting, **paper_form.cleaned_data)
                    messages.success(request, _("Die Drucksache steht auf der Tagesordnung."))
                    return redirect("council:backoffice_meeting", pk=meeting.pk)
            elif action in ("up", "down"):
                item_pk = request.POST.get("item", "")
                item = get_object_or_404(meeting.agenda_items.alive(), pk=int(item_pk) if item_pk.isdigit() else 0)
                sm.agenda_item_move(actor=request.user, agenda_item=item, direction=action)
                return redirect("council:backoffice_meeting", pk=meeting.pk)
            else:
                messages.error(request, _("Unbekannte Aktion."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return render(
        request,
        "council/backoffice/meeting.html",
        {
            "meeting": meeting,
            "items": meeting.agenda_items.alive().order_by("order").prefetch_related("consultations__paper"),
            "attendances": meeting.attendances.select_related("person", "deputy_for"),
            "move_form": move_form,
            "item_form": item_form,
            "paper_form": paper_form,
            "begun": meeting.start <= timezone.now(),
        },
    )


@council_office_required
def meeting_attendance(request, pk: int):
    meeting = get_object_or_404(meetings_for_backoffice(), pk=pk)
    memberships = list(meeting_members(meeting=meeting))
    current = dict(meeting.attendances.filter(deputy_for__isnull=True).values_list("person_id", "status"))
    current_deputies = dict(
        meeting.attendances.filter(deputy_for__isnull=False).values_list("deputy_for_id", "person_id")
    )
    form = AttendanceForm(
        request.POST or None,
        memberships=memberships,
        current=current,
        candidates=deputy_candidates(meeting=meeting),
        current_deputies=current_deputies,
    )
    if request.method == "POST" and form.is_valid():
        try:
            sm.meeting_attendance_record(
                actor=request.user, meeting=meeting, statuses=form.statuses(), deputies=form.deputies()
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Die Anwesenheit ist erfasst."))
            return redirect("council:backoffice_meeting", pk=meeting.pk)
    return render(request, "council/backoffice/attendance.html", {"meeting": meeting, "form": form})


def _factions(item: AgendaItem):
    organization = item.meeting.organizations.first()
    if organization is None:
        return Organization.objects.none()
    return Organization.objects.alive().filter(body=organization.body, organization_type=OrganizationType.FRAKTION)


@council_office_required
def agenda_item_result(request, pk: int):
    item = get_object_or_404(AgendaItem.objects.alive().select_related("meeting"), pk=pk)
    factions = list(_factions(item))
    initial = {
        "result": item.result,
        "resolution_text": item.resolution_text,
        "votes_yes": item.votes_yes,
        "votes_no": item.votes_no,
        "votes_abstain": item.votes_abstain,
    }
    for vote in item.faction_votes.all():
        initial |= {f"faction_{vote.faction_id}_yes": vote.yes, f"faction_{vote.faction_id}_no": vote.no}
        initial[f"faction_{vote.faction_id}_abstain"] = vote.abstain
    form = ResultVotesForm(request.POST or None, initial=initial, factions=factions)
    if request.method == "POST" and form.is_valid():
        data = {
            k: form.cleaned_data[k] for k in ("result", "resolution_text", "votes_yes", "votes_no", "votes_abstain")
        }
        try:
            agenda_item_record_result(actor=request.user, agenda_item=item, faction_votes=form.faction_votes(), **data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Das Ergebnis ist erfasst."))
            return redirect("council:backoffice_meeting", pk=item.meeting_id)
    return render(request, "council/backoffice/result.html", {"item": item, "form": form})


@council_office_required
def attendance_export(request):
    persons = Person.objects.alive().filter(attendances__isnull=False).distinct().order_by("family_name", "given_name")
    form = AttendanceExportForm(request.GET or None, persons=persons)
    if request.GET and form.is_valid():
        data = form.cleaned_data
        records = attendance_for_period(start=data["start"], end=data["end"], person_id=data["person"])
        response = HttpResponse(attendance_csv(records), content_type="text/csv; charset=utf-8")
        filename = f"sitzungsgeld_{data['start']:%Y-%m-%d}_{data['end']:%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return render(request, "council/backoffice/attendance_export.html", {"form": form})


@council_office_required
def meeting_minutes(request, pk: int):
    """Minutes: draft from the record, edit, approve (after the meeting) and publish; correct once approved."""
    from . import services_minutes
    from .models import Minutes, MinutesStatus

    meeting = get_object_or_404(meetings_for_backoffice(), pk=pk)
    minutes = Minutes.objects.filter(meeting=meeting).select_related("full_file").first()
    form = MinutesForm(
        initial={"text_public": minutes.text_public, "text_internal": minutes.text_internal} if minutes else None
    )
    correction_form = None
    if minutes is not None and minutes.status == MinutesStatus.APPROVED:
        current_public, current_internal = services_minutes.minutes_current_texts(minutes)
        correction_form = MinutesCorrectionForm(
            initial={"text_public": current_public, "text_internal": current_internal}
        )
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action in ("draft", "regenerate"):
                services_minutes.minutes_draft(actor=request.user, meeting=meeting, regenerate=action == "regenerate")
                messages.success(request, _("Der Entwurf der Niederschrift ist erstellt."))
                return redirect("council:backoffice_minutes", pk=meeting.pk)
            if action == "save" and minutes is not None:
                form = MinutesForm(request.POST)
                if form.is_valid():
                    services_minutes.minutes_update(actor=request.user, minutes=minutes, **form.cleaned_data)
                    messages.success(request, _("Der Entwurf ist gespeichert."))
                    return redirect("council:backoffice_minutes", pk=meeting.pk)
            elif action == "approve" and minutes is not None:
                services_minutes.minutes_approve(actor=request.user, minutes=minutes)
                messages.success(request, _("Die Niederschrift ist genehmigt und veröffentlicht."))
                return redirect("council:backoffice_minutes", pk=meeting.pk)
            elif action == "correct" and correction_form is not None:
                correction_form = MinutesCorrectionForm(request.POST)
                if correction_form.is_valid():
                    correction = services_minutes.minutes_correct(
                        actor=request.user, minutes=minutes, **correction_form.cleaned_data
                    )
                    messages.success(
                        request,
                        _(
                            "Die Berichtigung ist erfasst und die öffentliche Niederschrift neu veröffentlicht. "
                            "Die Mitglieder werden per E-Mail benachrichtigt."
                        )
                        if correction.public
                        else _(
                            "Die Berichtigung des nicht öffentlichen Teils ist erfasst. Die Mitglieder werden per "
                            "E-Mail benachrichtigt (ohne den Grund)."
                        ),
                    )
                    return redirect("council:backoffice_minutes", pk=meeting.pk)
            elif action not in ("save", "correct"):
                messages.error(request, _("Unbekannte Aktion."))
        except ValidationError as exc:
            if action == "save":
                _form_errors(form, exc)
            elif action == "correct":
                _form_errors(correction_form, exc)
            else:
                messages.error(request, " ".join(exc.messages))
    corrections = (
        list(minutes.corrections.select_related("corrected_by", "public_file", "full_file")) if minutes else []
    )
    return render(
        request,
        "council/backoffice/minutes.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "form": form,
            "correction_form": correction_form,
            "corrections": corrections,
            "current": corrections[-1] if corrections else minutes,
            "begun": meeting.start <= timezone.now(),
            "ended": (meeting.end or meeting.start) <= timezone.now(),
        },
    )


@council_office_required
def agenda_item_resolution(request, pk: int):
    """Resolution file of an agenda item: upload a PDF or generate it from the resolution text."""
    from . import services_minutes

    item = get_object_or_404(AgendaItem.objects.alive().select_related("meeting", "resolution_file"), pk=pk)
    form = ResolutionUploadForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "generate":
                services_minutes.agenda_item_resolution_generate(actor=request.user, agenda_item=item)
                messages.success(request, _("Die Beschlussdatei ist aus dem Beschlusstext erzeugt."))
                return redirect("council:backoffice_resolution", pk=item.pk)
            if action == "upload":
                form = ResolutionUploadForm(request.POST, request.FILES)
                if form.is_valid():
                    upload = form.cleaned_data["file"]
                    services_minutes.agenda_item_resolution_upload(
                        actor=request.user, agenda_item=item, name=upload.name, content=upload.read()
                    )
                    messages.success(request, _("Die Beschlussdatei ist gespeichert."))
                    return redirect("council:backoffice_resolution", pk=item.pk)
            else:
                messages.error(request, _("Unbekannte Aktion."))
        except ValidationError as exc:
            if action == "upload":
                _form_errors(form, exc)
            else:
                messages.error(request, " ".join(exc.messages))
    return render(request, "council/backoffice/resolution.html", {"item": item, "form": form})
