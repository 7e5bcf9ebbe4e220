"""Back office under /verwaltung/maengel/: moderation queue and status updates, per department."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from modellkommune.accounts.permissions import back_office_required
from modellkommune.core.parsing import parse_id
from modellkommune.core.selectors import audit_log_for, department_list

from .constants import CLOSED_STATUSES, OPEN_STATUSES, Moderation
from .forms import ModerationForm, ReassignForm, StatusForm
from .models import ReportPhoto
from .selectors import report_attributes_display, report_queue_for, user_may_handle
from .services import report_moderate, report_photo_hide, report_reassign, report_status_change

TABS = {
    "pruefen": (_("Zu prüfen"), {"moderation": Moderation.PENDING}),
    "offen": (_("Offen"), {"moderation": Moderation.PUBLISHED, "status__in": OPEN_STATUSES}),
    "erledigt": (_("Abgeschlossen"), {"status__in": CLOSED_STATUSES}),
    "verborgen": (_("Nicht veröffentlicht"), {"moderation": Moderation.HIDDEN}),
}


@back_office_required
def queue(request):
    tab = request.GET.get("liste", "pruefen")
    if tab not in TABS:
        tab = "pruefen"
    base = report_queue_for(user=request.user)
    department = parse_id(request.GET.get("fachbereich"))
    if department is not None:
        base = base.filter(department_id=department)
    reports = base.filter(**TABS[tab][1]).order_by("requested", "id")
    tabs = [(key, label, base.filter(**flt).count()) for key, (label, flt) in TABS.items()]
    return render(
        request,
        "reports/backoffice/queue.html",
        {
            "page": Paginator(reports, 50).get_page(request.GET.get("seite")),
            "tab": tab,
            "tabs": tabs,
            "departments": department_list()
            if request.user.is_superuser or request.user.role == "administrator"
            else [],
            "selected_department": department,
        },
    )


@back_office_required
@require_http_methods(["GET", "POST"])
def report_manage(request, pk: int):
    report = get_object_or_404(report_queue_for(user=request.user).prefetch_related("photos", "updates"), pk=pk)
    moderation_form, status_form = ModerationForm(), StatusForm(initial={"status": report.status, "is_public": True})
    reassign_form = ReassignForm(initial={"category": report.category})
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("publish", "hide"):
                moderation_form = ModerationForm(request.POST)
                if moderation_form.is_valid():
                    report_moderate(
                        actor=request.user,
                        report=report,
                        publish=action == "publish",
                        reason=moderation_form.cleaned_data["reason"],
                    )
                    messages.success(request, _("Gespeichert."))
                    return redirect("reports:backoffice_report", pk=report.pk)
            elif action == "status":
                status_form = StatusForm(request.POST)
                if status_form.is_valid():
                    report_status_change(actor=request.user, report=report, **status_form.cleaned_data)
                    messages.success(request, _("Der Bearbeitungsstand wurde gespeichert."))
                    return redirect("reports:backoffice_report", pk=report.pk)
            elif action == "reassign":
                reassign_form = ReassignForm(request.POST)
                if reassign_form.is_valid():
                    report_reassign(actor=request.user, report=report, category=reassign_form.cleaned_data["category"])
                    messages.success(request, _("Die Meldung wurde weitergeleitet."))
                    if not user_may_handle(user=request.user, report=report):
                        return redirect("reports:backoffice_queue")
                    return redirect("reports:backoffice_report", pk=report.pk)
            elif action == "hide_photo":
                photo = get_object_or_404(ReportPhoto, pk=request.POST.get("photo"), report=report)
                report_photo_hide(actor=request.user, photo=photo)
                messages.success(request, _("Das Foto wird nicht mehr öffentlich gezeigt."))
                return redirect("reports:backoffice_report", pk=report.pk)
        except ValidationError as exc:
            target = moderation_form if action in ("publish", "hide") else status_form
            target.add_error(None, " ".join(exc.messages))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
    return render(
        request,
        "reports/backoffice/report.html",
        {
            "report": report,
            "attributes": report_attributes_display(report=report),
            "moderation_form": moderation_form,
            "status_form": status_form,
            "reassign_form": reassign_form,
            "history": audit_log_for(object_type="reports.report", object_id=str(report.pk))[:50],
        },
    )
