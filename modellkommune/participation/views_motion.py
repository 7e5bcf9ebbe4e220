"""Public pages of the Einwohnerantrag (§ 25 GO NRW): list, propose, support, follow the progress."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from modellkommune.contrib.identity import provider_list
from modellkommune.core.ratelimit import client_ip, rate_limit_exceeded

from . import selectors
from .forms import MotionForm, SupportForm
from .services_motion import motion_propose, motion_support


def motion_list(request):
    return render(request, "participation/motion_list.html", {"motions": selectors.motion_list_public()})


def _detail_response(request, motion, *, form=None, error: str = "", status: int = 200):
    context = {
        "motion": motion,
        "form": form or SupportForm(),
        "support_error": error,
        "supported": selectors.motion_supported_by(user=request.user, motion=motion),
        "identity_providers": provider_list(),
    }
    return render(request, "participation/motion_detail.html", context, status=status)


def motion_detail(request, pk: int):
    motion = selectors.motion_visible_to(user=request.user, pk=pk)
    if motion is None:
        raise Http404
    return _detail_response(request, motion)


@login_required
@require_http_methods(["GET", "POST"])
def motion_create(request):
    form = MotionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if rate_limit_exceeded(scope="participation:motion", key=str(request.user.pk), limit=3, window_seconds=86400):
            form.add_error(None, _("Sie haben heute schon mehrere Einwohneranträge vorgeschlagen."))
        else:
            try:
                motion = motion_propose(actor=request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(request, _("Danke. Das Ratsbüro prüft Ihren Einwohnerantrag und gibt ihn dann frei."))
                return redirect("participation:motion_detail", pk=motion.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "participation/motion_form.html", {"form": form}, status=status)


@login_required
@require_POST
def motion_support_view(request, pk: int):
    motion = selectors.motion_visible_to(user=request.user, pk=pk)
    if motion is None:
        raise Http404
    form = SupportForm(request.POST)
    # On an error the page is shown again with what was typed (nothing is lost) and the reason above the form.
    status = 400
    if rate_limit_exceeded(scope="participation:support", key=client_ip(request), limit=60, window_seconds=3600):
        status = 429
        error = _("Zu viele Anfragen in kurzer Zeit. Bitte versuchen Sie es später erneut.")
    elif not form.is_valid():
        error = _("Bitte geben Sie Ihre Anschrift an und bestätigen Sie die Voraussetzungen.")
    else:
        try:
            motion_support(user=request.user, motion=motion, address=form.cleaned_data["address"])
        except (ValidationError, PermissionDenied) as exc:
            error = " ".join(getattr(exc, "messages", [str(exc)]))
        else:
            messages.success(request, _("Danke, Ihre Unterstützung ist gezählt."))
            return redirect("participation:motion_detail", pk=motion.pk)
    return _detail_response(request, motion, form=form, error=error, status=status)
