"""Ideas for the model municipality: the public list per sector, an idea's page with support and the
progress of the project it became, and the programme office's check and "turn into a draft project"."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from modellkommune.core.models import Sector
from modellkommune.core.ratelimit import rate_limit_exceeded
from modellkommune.core.selectors import audit_log_for

from . import selectors_idea as selectors
from .constants import IdeaStatus
from .forms_consultation import IdeaForm, ModerationForm
from .services_idea import idea_moderate, idea_submit, idea_support, idea_to_project

IDEAS_PER_DAY = 5


def idea_list(request):
    sectors = list(Sector.objects.order_by("order", "name"))
    sector = request.GET.get("bereich", "")
    order = request.GET.get("sortierung", "unterstuetzung")
    error = ""
    if sector and sector not in {s.code for s in sectors}:
        error, sector = _("Diesen Bereich gibt es nicht; gezeigt werden alle Ideen."), ""
    if order not in selectors.ORDERINGS:
        error, order = _("Diese Sortierung gibt es nicht; sortiert wird nach Unterstützung."), "unterstuetzung"
    page = Paginator(selectors.idea_list_public(sector=sector, order=order), 20).get_page(request.GET.get("seite"))
    context = {"page": page, "sectors": sectors, "sector": sector, "order": order, "error": error}
    return render(request, "participation/idea_list.html", context, status=400 if error else 200)


@require_http_methods(["GET", "POST"])
def idea_create(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = IdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if rate_limit_exceeded(
            scope="participation:idea", key=str(request.user.pk), limit=IDEAS_PER_DAY, window_seconds=86400
        ):
            form.add_error(None, _("Sie haben heute schon mehrere Ideen eingereicht. Bitte versuchen Sie es morgen."))
        else:
            data = form.cleaned_data
            try:
                idea = idea_submit(
                    user=request.user,
                    title=data["title"],
                    description=data["description"],
                    sector=data.get("sector"),
                    show_name=data.get("show_name", False),
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Danke. Das Programmbüro prüft Ihre Idee und veröffentlicht sie dann."))
                return redirect("participation:idea_detail", pk=idea.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "participation/idea_form.html", {"form": form}, status=status)


def idea_detail(request, pk: int):
    idea = selectors.idea_public(pk=pk) or selectors.idea_of_author(pk=pk, user=request.user)
    if idea is None:
        raise Http404
    context = {
        "idea": idea,
        "supported": selectors.user_supports(idea=idea, user=request.user),
        "progress": selectors.project_progress(idea=idea),
        "own": idea.author_id == getattr(request.user, "pk", None),
    }
    return render(request, "participation/idea_detail.html", context)


@require_POST
def idea_support_view(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(f"/beteiligung/ideen/{pk}/")
    idea = selectors.idea_public(pk=pk)
    if idea is None:
        raise Http404
    try:
        counted = idea_support(user=request.user, idea=idea)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Danke für Ihre Unterstützung.") if counted else _("Sie unterstützen diese Idee bereits.")
        )
    return redirect("participation:idea_detail", pk=pk)


def programme_office_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        from modellkommune.programme.selectors import user_is_programme_office

        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (getattr(request.user, "is_back_office", False) and user_is_programme_office(user=request.user)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@programme_office_required
def backoffice_ideas(request):
    tab = request.GET.get("liste", "offen")
    ideas = selectors.idea_queue()
    ideas = ideas.filter(status=IdeaStatus.PENDING) if tab == "offen" else ideas.exclude(status=IdeaStatus.PENDING)
    page = Paginator(ideas, 25).get_page(request.GET.get("seite"))
    return render(request, "participation/backoffice/idea_list.html", {"page": page, "tab": tab})


@programme_office_required
@require_http_methods(["GET", "POST"])
def backoffice_idea(request, pk: int):
    idea = get_object_or_404(selectors.idea_queue(), pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    form = ModerationForm(
        request.POST if action == "moderate" else None,
        initial={"answer": idea.answer, "decision": "reject" if idea.status == IdeaStatus.REJECTED else "publish"},
    )
    failed = False
    if action:
        try:
            if action == "moderate":
                if not form.is_valid():
                    raise ValidationError(_("Bitte wählen Sie eine Entscheidung."))
                data = form.cleaned_data
                idea_moderate(
                    actor=request.user,
                    idea=idea,
                    publish=data["decision"] == "publish",
                    reason=data.get("reason", ""),
                    answer=data.get("answer", ""),
                )
                messages.success(request, _("Gespeichert; die Person ist benachrichtigt."))
            elif action == "project":
                project = idea_to_project(actor=request.user, idea=idea)
                messages.success(
                    request, _("Projektentwurf „%(t)s“ angelegt (nicht öffentlich).") % {"t": project.title}
                )
                return redirect("programme:backoffice_project", slug=project.slug)
            else:
                raise ValidationError(_("Unbekannte Aktion."))
            return redirect("participation:backoffice_idea", pk=idea.pk)
        except (ValidationError, PermissionDenied) as exc:
            failed = True
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    context = {
        "idea": idea,
        "form": form,
        "history": audit_log_for(object_type="participation.idea", object_id=str(idea.pk))[:50],
    }
    return render(request, "participation/backoffice/idea.html", context, status=400 if failed else 200)
