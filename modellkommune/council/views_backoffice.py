"""Council office (Ratsbüro): register, schedule, record results, link the administration's report."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .constants import PaperStatus, PaperType
from .forms import LinkReportForm, ScheduleForm
from .forms_reports import AssignDepartmentForm
from .models import AgendaItem, Meeting, Paper
from .selectors import user_is_council_office
from .services import paper_link_report, paper_register, paper_schedule
from .services_reports import paper_assign_department
from .views_reports import paper_files


def council_office_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user_is_council_office(user=request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@council_office_required
def inbox(request):
    papers = Paper.objects.alive().exclude(status=PaperStatus.ANSWERED).prefetch_related("originator_organizations")
    return render(
        request,
        "council/backoffice/inbox.html",
        {
            "submitted": papers.filter(status=PaperStatus.SUBMITTED).order_by("id"),
            "open": papers.exclude(status=PaperStatus.SUBMITTED)
            .exclude(paper_type__in=[PaperType.MITTEILUNG, PaperType.STELLUNGNAHME])
            .order_by("-id")[:50],
        },
    )


def _upcoming_meetings():
    return Meeting.objects.alive().filter(cancelled=False, start__gte=timezone.now()).order_by("start")


@council_office_required
def paper_manage(request, pk: int):
    paper = get_object_or_404(Paper.objects.alive(), pk=pk)
    schedule_form = ScheduleForm(meetings=_upcoming_meetings())
    department_form = AssignDepartmentForm()
    report_form = LinkReportForm(reports=Paper.objects.public().filter(paper_type=PaperType.MITTEILUNG).order_by("-id"))
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "register":
                paper_register(actor=request.user, paper=paper)
                messages.success(request, _("Registriert als %(r)s.") % {"r": paper.reference})
                return redirect("council:backoffice_paper", pk=paper.pk)
            if action == "schedule":
                schedule_form = ScheduleForm(request.POST, meetings=_upcoming_meetings())
                if schedule_form.is_valid():
                    paper_schedule(actor=request.user, paper=paper, meeting=schedule_form.cleaned_data["meeting"])
                    messages.success(request, _("Die Drucksache steht auf der Tagesordnung."))
                    return redirect("council:backoffice_paper", pk=paper.pk)
            if action == "assign_department":
                department_form = AssignDepartmentForm(request.POST)
                if department_form.is_valid():
                    department = department_form.cleaned_data["department"]
                    paper_assign_department(actor=request.user, paper=paper, department=department)
                    messages.success(request, _("Federführend ist nun: %(d)s.") % {"d": department})
                    return redirect("council:backoffice_paper", pk=paper.pk)
            if action == "link_report":
                report_form = LinkReportForm(
                    request.POST, reports=Paper.objects.public().filter(paper_type=PaperType.MITTEILUNG)
                )
                if report_form.is_valid():
                    paper_link_report(actor=request.user, paper=paper, report=report_form.cleaned_data["report"])
                    messages.success(request, _("Der Bericht der Verwaltung ist verknüpft."))
                    return redirect("council:backoffice_paper", pk=paper.pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    agenda_items = AgendaItem.objects.filter(consultations__paper=paper).select_related("meeting")
    return render(
        request,
        "council/backoffice/paper.html",
        {
            "paper": paper,
            "schedule_form": schedule_form,
            "report_form": report_form,
            "agenda_items": agenda_items,
            # Issue 13: the faction's attachments, the department in charge and its report drafts.
            "files": paper_files(paper),
            "department_form": department_form,
            "under_direction_of": paper.under_direction_of.alive(),
            "report_drafts": paper.report_drafts.select_related("department", "paper").order_by("-modified"),
        },
    )
