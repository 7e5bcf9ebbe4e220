"""Public pages of citizen participation: § 24 suggestions and complaints to the council."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from modellkommune.core.ratelimit import client_ip, rate_limit_exceeded

from . import selectors
from .forms import SuggestionForm
from .services import suggestion_confirm, suggestion_submit

SUBMISSIONS_PER_HOUR_IP = 10
SUBMISSIONS_PER_DAY_EMAIL = 5


def index(request):
    page = Paginator(selectors.suggestion_list_public(), 20).get_page(request.GET.get("seite"))
    return render(request, "participation/index.html", {"page": page})


@require_http_methods(["GET", "POST"])
def suggestion_create(request):
    form = SuggestionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        email = data.get("email") or getattr(request.user, "email", "")
        if rate_limit_exceeded(
            scope="participation:ip", key=client_ip(request), limit=SUBMISSIONS_PER_HOUR_IP, window_seconds=3600
        ) or rate_limit_exceeded(
            scope="participation:email", key=email, limit=SUBMISSIONS_PER_DAY_EMAIL, window_seconds=86400
        ):
            form.add_error(None, _("Zu viele Eingaben in kurzer Zeit. Bitte versuchen Sie es später erneut."))
        else:
            try:
                suggestion = suggestion_submit(
                    kind=data["kind"],
                    title=data["title"],
                    text=data["text"],
                    name=data.get("name", ""),
                    email=data.get("email", ""),
                    user=request.user,
                    publish=data.get("publish", False),
                    show_name=data.get("show_name", False),
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
                    form.add_error(field if field in form.fields else None, errors)
            else:
                # Post/redirect/get: a reload of the thank-you page sends nothing again.
                return redirect(reverse("participation:suggestion_track", args=[suggestion.token]) + "?neu=1")
    status = 400 if request.method == "POST" else 200
    return render(request, "participation/suggestion_form.html", {"form": form}, status=status)


def suggestion_track(request, token):
    """The petitioner's private page: every step from submission to the decision."""
    suggestion = selectors.suggestion_by_token(token=token)
    if suggestion is None:
        raise Http404
    response = render(
        request, "participation/suggestion_track.html", {"s": suggestion, "new": request.GET.get("neu") == "1"}
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def suggestion_confirm_view(request, signed: str):
    """GET shows a button (mail scanners follow links); POST confirms."""
    if request.method == "GET":
        return render(request, "participation/confirm.html", {})
    try:
        suggestion = suggestion_confirm(signed=signed)
    except ValidationError as exc:
        return render(request, "participation/confirm.html", {"error": " ".join(exc.messages)}, status=400)
    messages.success(request, _("Danke. Ihre Eingabe ist beim Ratsbüro eingegangen."))
    return redirect("participation:suggestion_track", token=suggestion.token)
