"""Council office: register § 24 submissions as council papers, assign, decide, tell the petitioner."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from modellkommune.core.selectors import audit_log_for
from modellkommune.council.constants import OrganizationType
from modellkommune.council.models import Organization
from modellkommune.council.views_backoffice import council_office_required

from . import selectors
from .constants import OPEN_STATUSES, MotionStatus
from .forms import AssignForm, DecisionForm, RegisterForm
from .models import ResidentsMotion
from .services import suggestion_assign, suggestion_decide, suggestion_decline, suggestion_register
from .services_motion import motion_close, motion_open, motion_register


def _committees():
    return Organization.objects.alive().filter(organization_type=OrganizationType.GREMIUM).order_by("name")


@council_office_required
def queue(request):
    suggestions = selectors.suggestion_queue()
    tab = "offen" if request.GET.get("liste") != "erledigt" else "erledigt"
    shown = (
        suggestions.filter(status__in=OPEN_STATUSES)
        if tab == "offen"
        else suggestions.exclude(status__in=OPEN_STATUSES)
    )
    page = Paginator(shown.order_by("created" if tab == "offen" else "-created"), 25).get_page(request.GET.get("seite"))
    counts = {"offen": suggestions.filter(status__in=OPEN_STATUSES).count()}
    motions = ResidentsMotion.objects.exclude(status__in=[MotionStatus.DECIDED, MotionStatus.DECLINED])
    context = {"page": page, "tab": tab, "counts": counts, "motions": motions.order_by("created")}
    return render(request, "participation/backoffice/queue.html", context)


@council_office_required
def motion_manage(request, pk: int):
    motion = get_object_or_404(ResidentsMotion.objects.select_related("paper", "initiator"), pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    decide = DecisionForm(request.POST if action in ("decide", "decline") else None, prefix=action or "decide")
    if action:
        try:
            if action == "open":
                motion_open(actor=request.user, motion=motion)
                messages.success(request, _("Freigegeben: Die Sammlung der Unterstützungen beginnt."))
            elif action == "register":
                motion_register(actor=request.user, motion=motion)
                messages.success(request, _("Als Drucksache %(r)s registriert.") % {"r": motion.paper.reference})
            elif action in ("decide", "decline") and decide.is_valid():
                motion_close(
                    actor=request.user,
                    motion=motion,
                    text=decide.cleaned_data["decision"],
                    declined=action == "decline",
                )
                messages.success(request, _("Gespeichert und mitgeteilt."))
            else:
                raise ValidationError(_("Bitte prüfen Sie Ihre Eingaben."))
            return redirect("participation:backoffice_motion", pk=motion.pk)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    context = {
        "motion": motion,
        "decide_form": DecisionForm(prefix="decide"),
        "decline_form": DecisionForm(prefix="decline"),
        "supports": motion.supports.order_by("family_name", "given_name")[:500],
        "history": audit_log_for(object_type="participation.residentsmotion", object_id=str(motion.pk))[:50],
    }
    return render(request, "participation/backoffice/motion.html", context, status=400 if action else 200)


@council_office_required
def suggestion_manage(request, pk: int):
    suggestion = get_object_or_404(selectors.suggestion_queue(), pk=pk)
    committees = _committees()
    action = request.POST.get("action") if request.method == "POST" else None

    def bound(name: str):  # each form has its own prefix, so field ids stay unique on the page
        return request.POST if action == name else None

    forms = {
        "register": RegisterForm(bound("register"), committees=committees, prefix="register"),
        "assign": AssignForm(bound("assign"), committees=committees, prefix="assign"),
        "decide": DecisionForm(bound("decide"), prefix="decide"),
        "decline": DecisionForm(bound("decline"), prefix="decline"),
    }
    if action in forms:
        form = forms[action]
        if form.is_valid():
            try:
                if action == "register":
                    suggestion_register(actor=request.user, suggestion=suggestion, **form.cleaned_data)
                    messages.success(
                        request, _("Als Drucksache %(r)s registriert.") % {"r": suggestion.paper.reference}
                    )
                elif action == "assign":
                    suggestion_assign(actor=request.user, suggestion=suggestion, **form.cleaned_data)
                    messages.success(request, _("Dem Ausschuss zugewiesen."))
                elif action == "decide":
                    suggestion_decide(actor=request.user, suggestion=suggestion, **form.cleaned_data)
                    messages.success(request, _("Die Entscheidung ist gespeichert und mitgeteilt."))
                else:
                    suggestion_decline(actor=request.user, suggestion=suggestion, reason=form.cleaned_data["decision"])
                    messages.success(request, _("Die Eingabe ist abgeschlossen; die Begründung ist mitgeteilt."))
                return redirect("participation:backoffice_suggestion", pk=suggestion.pk)
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
    context = {
        "s": suggestion,
        "forms": forms,
        "history": audit_log_for(object_type="participation.suggestion", object_id=str(suggestion.pk))[:50],
    }
    return render(request, "participation/backoffice/suggestion.html", context, status=400 if action else 200)
