"""Back office of the programme (/verwaltung/programm/): projects, catalogue, indicator values, reports.

Who may do what: the programme office (permission programme.manage_programme, and administrators) maintains
projects, milestones, indicators and the catalogue; the council office publishes reports as council papers.
Staff of other departments get 403 here (the services check again)."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from modellkommune.accounts.permissions import back_office_required

from . import services
from .assessment import assessment_current, gap_rows
from .backoffice_items import KINDS, kind_get
from .forms import (
    BestPracticeForm,
    GapAttachForm,
    GapDraftForm,
    IndicatorValuesForm,
    PartnerForm,
    ProjectForm,
    QuarterlyReportForm,
)
from .models import BestPractice, Indicator, Milestone, Partner, Project, PublishedReport
from .selectors import project_list_all, project_progress, user_is_programme_office, user_may_publish_to_council


def _office_required(*checks):
    """Back-office users passing one of `checks` (selectors taking user=); everybody else 403."""

    def decorator(view):
        @back_office_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not any(check(user=request.user) for check in checks):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


programme_office_required = _office_required(user_is_programme_office)
council_publisher_required = _office_required(user_may_publish_to_council)


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@_office_required(user_is_programme_office, user_may_publish_to_council)
def index(request):
    may_manage = user_is_programme_office(user=request.user)
    context = {
        "may_manage": may_manage,
        "may_publish": user_may_publish_to_council(user=request.user),
        "quarterly_form": QuarterlyReportForm(),
        "gap_form": GapAttachForm(),
        "reports": PublishedReport.objects.select_related("project")[:20],
    }
    if may_manage:  # non-public projects and the catalogue drafts: the programme office only
        areas = assessment_current()
        context |= {
            "projects": [(p, project_progress(p)) for p in project_list_all()],
            "best_practices": BestPractice.objects.order_by("title"),
            "partners": Partner.objects.order_by("name"),
            "areas": areas,
            "gaps": gap_rows(areas),
        }
    return render(request, "programme/backoffice/index.html", context)


def _project_fields(form) -> dict:
    data = dict(form.cleaned_data)
    return {k: v for k, v in data.items() if k in services.PROJECT_FIELDS}


@programme_office_required
def project_edit(request, slug: str | None = None):
    project = get_object_or_404(Project, slug=slug) if slug else None
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if project is None:
                project = services.project_create(
                    actor=request.user,
                    title=data["title"],
                    goal=data["goal"],
                    slug=data["slug"],
                    sectors=data["sectors"],
                    best_practices=data["best_practices"],
                    **{k: v for k, v in _project_fields(form).items() if k not in ("title", "goal")},
                )
                messages.success(request, _("Das Projekt wurde angelegt."))
            else:
                services.project_update(
                    actor=request.user,
                    project=project,
                    sectors=data["sectors"],
                    best_practices=data["best_practices"],
                    **_project_fields(form),
                )
                messages.success(request, _("Das Projekt wurde gespeichert."))
            return redirect("programme:backoffice_project", slug=project.slug)
        except ValidationError as exc:
            _errors_to_form(form, exc)
    return render(
        request,
        "programme/backoffice/project_form.html",
        {"form": form, "project": project, "items": _project_items(project) if project else []},
    )


def _project_items(project: Project) -> list[tuple]:
    """(kind, items) for each part of the project, in the order of the edit page."""
    return [(kind, list(kind.model.objects.filter(project=project))) for kind in KINDS.values()]


@programme_office_required
@require_POST
def milestone_toggle(request, pk: int):
    milestone = get_object_or_404(Milestone.objects.select_related("project"), pk=pk)
    services.milestone_set_done(actor=request.user, milestone=milestone, done=not milestone.done)
    messages.success(request, _("Meilenstein „%(m)s“ aktualisiert.") % {"m": milestone.title})
    return redirect("programme:backoffice_project", slug=milestone.project.slug)


@programme_office_required
def best_practice_edit(request, slug: str | None = None):
    item = get_object_or_404(BestPractice, slug=slug) if slug else None
    form = BestPracticeForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.best_practice_save(
                actor=request.user, best_practice=form.save(commit=False), sectors=form.cleaned_data["sectors"]
            )
            messages.success(request, _("Das gute Beispiel wurde gespeichert."))
            return redirect("programme:backoffice")
        except ValidationError as exc:
            _errors_to_form(form, exc)
    return render(request, "programme/backoffice/best_practice_form.html", {"form": form, "item": item})


@programme_office_required
def partner_edit(request, slug: str | None = None):
    """Add a partner to the register or edit one; assigning partners to projects is on the project's page."""
    from .services_partners import partner_save

    partner = get_object_or_404(Partner, slug=slug) if slug else None
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        try:
            partner = partner_save(actor=request.user, partner=form.save(commit=False))
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Der Partner „%(p)s“ wurde gespeichert.") % {"p": partner.name})
            return redirect(f"{reverse('programme:backoffice')}#bo-partners")
    return render(request, "programme/backoffice/partner_form.html", {"form": form, "item": partner})


@programme_office_required
def indicator_edit(request, pk: int):
    indicator = get_object_or_404(Indicator, pk=pk)
    initial = {
        "manual_value": indicator.manual_value,
        "target_value": indicator.target_value,
        "threshold_note": indicator.threshold_note,
        "best_practices": list(indicator.best_practices.all()),
    }
    form = IndicatorValuesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_set_values(actor=request.user, indicator=indicator, **form.cleaned_data)
            messages.success(request, _("Die Werte für „%(i)s“ wurden gespeichert.") % {"i": indicator.name})
            return redirect("programme:backoffice")
        except ValidationError as exc:
            _errors_to_form(form, exc)
    return render(request, "programme/backoffice/indicator_form.html", {"form": form, "indicator": indicator})


@programme_office_required
@require_POST
def smart_city_index_seed(request):
    """Add the indicators of the Smart City Index structure that this installation does not have yet."""
    from .services_maturity import indicators_seed_smart_city_index

    count = indicators_seed_smart_city_index(actor=request.user)
    if count:
        messages.success(request, _("%(n)d Indikatoren des Smart City Index wurden ergänzt.") % {"n": count})
    else:
        messages.info(request, _("Alle 36 Indikatoren des Smart City Index sind bereits vorhanden."))
    return redirect(f"{reverse('programme:backoffice')}#bo-indicators")


@programme_office_required
@require_POST
def snapshot_now(request):
    count = services.indicators_snapshot_take()
    messages.success(request, _("Stand von %(n)d Indikatoren gespeichert.") % {"n": count})
    return redirect("programme:backoffice")


def _publish_to_council(request, publish, form=None):
    """Run one of the "to the council" actions; success or the reason it failed becomes a message."""
    if form is not None and not form.is_valid():
        messages.error(request, " ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()))
        return redirect("programme:backoffice")
    try:
        report = publish(form.cleaned_data if form is not None else {})
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(
            request,
            _("„%(t)s“ wurde dem Rat übermittelt (Drucksache %(r)s).")
            % {"t": report.title, "r": report.paper_reference},
        )
    return redirect("programme:backoffice")


@council_publisher_required
@require_POST
def quarterly_publish(request):
    return _publish_to_council(
        request,
        lambda data: services.quarterly_report_publish(
            actor=request.user, quarter=data["quarter"], project=data["project"]
        ),
        QuarterlyReportForm(request.POST),
    )


@council_publisher_required
@require_POST
def gap_attach(request):
    return _publish_to_council(
        request,
        lambda data: services.gap_report_attach(actor=request.user, paper=data["paper"]),
        GapAttachForm(request.POST),
    )


@council_publisher_required
@require_POST
def gap_publish(request):
    return _publish_to_council(request, lambda data: services.gap_report_publish(actor=request.user))


# --- parts of a project: milestones, KPIs, funding sources, partners, council papers -------------------


def _project_item(slug: str, kind, pk: int | None):
    """The project and (for pk) its item of `kind`; an item of another project is a 404."""
    project = get_object_or_404(Project, slug=slug)
    item = get_object_or_404(kind.model, pk=pk, project=project) if pk is not None else None
    return project, item


@programme_office_required
def project_item_edit(request, slug: str, kind: str, pk: int | None = None):
    kind = kind_get(kind)
    project, item = _project_item(slug, kind, pk)
    form = kind.form(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.project = project
        try:
            services.project_item_save(actor=request.user, item=obj)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("%(k)s „%(i)s“ wurde gespeichert.") % {"k": kind.singular, "i": obj})
            return redirect(f"{reverse('programme:backoffice_project', kwargs={'slug': project.slug})}#{kind.segment}")
    return render(
        request,
        "programme/backoffice/item_form.html",
        {"form": form, "project": project, "item": item, "kind": kind},
    )


@programme_office_required
def project_item_delete(request, slug: str, kind: str, pk: int):
    kind = kind_get(kind)
    project, item = _project_item(slug, kind, pk)
    if request.method == "POST":
        label = str(item)
        services.project_item_delete(actor=request.user, item=item)
        messages.success(request, _("%(k)s „%(i)s“ wurde gelöscht.") % {"k": kind.singular, "i": label})
        return redirect(f"{reverse('programme:backoffice_project', kwargs={'slug': project.slug})}#{kind.segment}")
    return render(request, "programme/backoffice/item_delete.html", {"project": project, "item": item, "kind": kind})


@programme_office_required
@require_POST
def gap_project_draft(request):
    """The gap report's proposal taken up: a draft project from a best practice for an indicator below target."""
    form = GapDraftForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Der Vorschlag wurde nicht gefunden. Bitte laden Sie die Seite neu."))
        return redirect("programme:backoffice")
    try:
        project = services.project_draft_from_best_practice(
            actor=request.user,
            best_practice=form.cleaned_data["best_practice"],
            indicator=form.cleaned_data["indicator"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("programme:backoffice")
    messages.success(
        request,
        _("Der Projektentwurf „%(t)s“ wurde angelegt (nicht öffentlich). Bitte ergänzen Sie ihn.")
        % {"t": project.title},
    )
    return redirect("programme:backoffice_project", slug=project.slug)
