"""Council members' signed-in area ("Mein Bereich" for users linked to a council Person)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms_members import PaperNoteForm
from .models import Meeting, Paper, PaperNote
from .selectors_members import (
    faction_pending_motions,
    meeting_agenda_for_member,
    member_meeting,
    member_meetings,
    member_notes,
    member_organizations,
    member_paper,
    member_papers_nonpublic,
    member_person,
)
from .services_members import paper_note_delete, paper_note_save
from .views_reports import paper_files


def member_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if member_person(user=request.user) is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@member_required
def home(request):
    now = timezone.now()
    meetings = member_meetings(user=request.user).filter(cancelled=False)
    return render(
        request,
        "council/members/home.html",
        {
            "person": member_person(user=request.user),
            "organizations": member_organizations(user=request.user),
            "upcoming": meetings.filter(start__gte=now)[:10],
            "recent": meetings.filter(start__lt=now).order_by("-start")[:5],
            "nonpublic_papers": member_papers_nonpublic(user=request.user)[:50],
            "pending": faction_pending_motions(user=request.user).prefetch_related("report_drafts")[:100],
            "note_count": member_notes(user=request.user).count(),
        },
    )


@member_required
def meeting(request, pk: int):
    try:
        obj = member_meeting(user=request.user, pk=pk)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "council/members/meeting.html",
        {"meeting": obj, "agenda": meeting_agenda_for_member(meeting=obj)},
    )


@member_required
@require_http_methods(["GET", "POST"])
def paper(request, pk: int):
    try:
        obj = member_paper(user=request.user, pk=pk)
    except Paper.DoesNotExist as exc:
        raise Http404 from exc
    note = PaperNote.objects.filter(user=request.user, paper=obj).first()
    form = PaperNoteForm(request.POST or None, initial={"text": note.text if note else ""})
    if request.method == "POST" and form.is_valid():
        try:
            saved = paper_note_save(actor=request.user, paper=obj, text=form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_error("text", exc.messages)
        else:
            messages.success(request, _("Ihre Notiz ist gespeichert.") if saved else _("Ihre Notiz ist gelöscht."))
            return redirect("council:member_paper", pk=obj.pk)
    return render(
        request,
        "council/members/paper.html",
        {
            "paper": obj,
            "files": paper_files(obj),
            "form": form,
            "note": note,
            "consultations": obj.consultations.alive().select_related("meeting", "agenda_item"),
        },
    )


@member_required
@require_http_methods(["GET", "POST"])
def notes(request):
    if request.method == "POST":
        note_id = request.POST.get("note", "")
        if note_id.isdigit() and paper_note_delete(actor=request.user, note_id=int(note_id)):
            messages.success(request, _("Die Notiz ist gelöscht."))
        else:
            messages.error(request, _("Diese Notiz gibt es nicht (mehr)."))
        return redirect("council:member_notes")
    return render(request, "council/members/notes.html", {"notes": member_notes(user=request.user)})
