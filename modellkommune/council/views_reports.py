"""The department's back office for reports to the council: work list, write, ask for release, release."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import services_reports as services
from .constants import ReportState
from .forms_reports import ReportForm, ReportReturnForm
from .models import Paper, Report
from .selectors_reports import motion_for_report, report_for, report_queue, user_writes_reports


def report_writer_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user_writes_reports(user=request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error("files" if "Datei" in " ".join(exc.messages) else None, exc)


def paper_files(paper: Paper) -> list:
    """Main file first, then the auxiliary files (deleted ones left out)."""
    return [f for f in [paper.main_file, *paper.auxiliary_files.order_by("pk")] if f is not None and not f.deleted]


def _uploads(form) -> list[tuple[str, bytes]]:
    return [(f.name, f.read()) for f in form.cleaned_data.get("files") or []]


@report_writer_required
def queue(request):
    return render(
        request,
        "council/backoffice/report_queue.html",
        {**report_queue(user=request.user), "four_eyes": services.four_eyes()},
    )


@report_writer_required
def report_create(request, motion_pk: int):
    try:
        motion = motion_for_report(user=request.user, pk=motion_pk)
    except Paper.DoesNotExist as exc:
        raise Http404 from exc
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(
                actor=request.user,
                motion=motion,
                paper_type=form.cleaned_data["paper_type"],
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                keywords=form.cleaned_data["keywords"],
                files=_uploads(form),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Der Entwurf ist gespeichert."))
            return redirect("council:report_edit", pk=report.pk)
    return render(
        request,
        "council/backoffice/report_form.html",
        {"form": form, "motion": motion, "motion_files": paper_files(motion), "report": None},
    )


@report_writer_required
def report_edit(request, pk: int):
    try:
        report = report_for(user=request.user, pk=pk)
    except Report.DoesNotExist as exc:
        raise Http404 from exc
    existing = list(report.files.alive().order_by("pk"))
    initial = {
        "paper_type": report.paper_type,
        "title": report.title,
        "text": report.text,
        "keywords": ", ".join(report.keywords),
    }
    form = ReportForm(initial=initial, existing_files=existing)
    return_form = ReportReturnForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "save":
                form = ReportForm(request.POST, request.FILES, existing_files=existing)
                if form.is_valid():
                    try:
                        services.report_update(
                            actor=request.user,
                            report=report,
                            paper_type=form.cleaned_data["paper_type"],
                            title=form.cleaned_data["title"],
                            text=form.cleaned_data["text"],
                            keywords=form.cleaned_data["keywords"],
                            files=_uploads(form),
                            remove_file_ids=[int(x) for x in form.cleaned_data.get("remove_files") or []],
                        )
                    except ValidationError as exc:
                        _form_errors(form, exc)
                    else:
                        messages.success(request, _("Der Entwurf ist gespeichert."))
                        return redirect("council:report_edit", pk=report.pk)
            elif action == "request_release":
                services.report_request_release(actor=request.user, report=report)
                messages.success(request, _("Die Freigabe ist erbeten; Ihr Fachbereich ist benachrichtigt."))
                return redirect("council:report_edit", pk=report.pk)
            elif action == "release":
                paper = services.report_release(actor=request.user, report=report)
                messages.success(request, _("Freigegeben und veröffentlicht als %(r)s.") % {"r": paper.reference})
                return redirect("council:report_edit", pk=report.pk)
            elif action == "return":
                return_form = ReportReturnForm(request.POST)
                if return_form.is_valid():
                    services.report_return(actor=request.user, report=report, note=return_form.cleaned_data["note"])
                    messages.success(request, _("Der Bericht ist zur Überarbeitung zurückgegeben."))
                    return redirect("council:report_edit", pk=report.pk)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))
    return render(
        request,
        "council/backoffice/report_form.html",
        {
            "form": form,
            "return_form": return_form,
            "motion": report.motion,
            "motion_files": paper_files(report.motion),
            "report": report,
            "files": existing,
            "four_eyes": services.four_eyes(),
            "is_author": request.user.pk in (report.author_id, report.last_edited_by_id),
            "editable": report.state != ReportState.RELEASED,
        },
    )
