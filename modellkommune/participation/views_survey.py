"""Surveys: public list and page (answer while open, results once closed) and the back office."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from modellkommune.core.selectors import audit_log_for
from modellkommune.egov.formschema import SchemaForm

from .forms_consultation import SurveyForm
from .models import Survey, SurveyParticipation
from .selectors_consultation import user_manages_consultations
from .services_survey import min_responses, survey_answer, survey_publish, survey_results, survey_save
from .views_consultation import manager_required


def _public():
    return Survey.objects.filter(published=True).order_by("-ends_at", "-id")


def survey_list(request):
    page = Paginator(_public(), 20).get_page(request.GET.get("seite"))
    return render(request, "participation/survey_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
def survey_detail(request, pk: int):
    survey = _public().filter(pk=pk).first()
    if survey is None:
        raise Http404
    phase = survey.phase()
    took_part = (
        request.user.is_authenticated and SurveyParticipation.objects.filter(survey=survey, user=request.user).exists()
    )
    form = None
    status = 200
    if phase == "open" and request.user.is_authenticated and not took_part:
        form = SchemaForm(request.POST or None, schema=survey.schema)
        if request.method == "POST":
            if form.is_valid():
                try:
                    survey_answer(user=request.user, survey=survey, answers=form.to_data())
                except ValidationError as exc:
                    form.add_error(None, exc.messages)
                else:
                    messages.success(request, _("Danke für Ihre Teilnahme."))
                    return redirect("participation:survey_detail", pk=pk)
            status = 400
    elif request.method == "POST":
        messages.error(request, _("Sie können an dieser Umfrage nicht (mehr) teilnehmen."))
        status = 400
    context = {
        "survey": survey,
        "phase": phase,
        "form": form,
        "took_part": took_part,
        "results": survey_results(survey=survey) if phase == "closed" else None,
        "min_responses": min_responses(),
    }
    return render(request, "participation/survey_detail.html", context, status=status)


@manager_required
def backoffice_surveys(request):
    surveys = Survey.objects.order_by("-starts_at", "-id")
    may_manage = user_manages_consultations(user=request.user)
    return render(request, "participation/backoffice/survey_list.html", {"surveys": surveys, "may_manage": may_manage})


def _survey_form(request, survey: Survey | None):
    if request.method == "POST":
        return SurveyForm(request.POST)
    if survey is None:
        example = {
            "type": "object",
            "properties": {
                "frage1": {"type": "string", "title": "Wie oft nutzen Sie …?", "enum": ["oft", "selten", "nie"]},
            },
            "required": ["frage1"],
        }
        return SurveyForm(initial={"schema": json.dumps(example, ensure_ascii=False, indent=2)})
    return SurveyForm(
        initial={
            "title": survey.title,
            "intro": survey.intro,
            "starts_at": survey.starts_at,
            "ends_at": survey.ends_at,
            "schema": json.dumps(survey.schema, ensure_ascii=False, indent=2),
        }
    )


@manager_required
@require_http_methods(["GET", "POST"])
def backoffice_survey_edit(request, pk: int | None = None):
    if not user_manages_consultations(user=request.user):
        raise PermissionDenied
    survey = get_object_or_404(Survey, pk=pk) if pk else None
    form = _survey_form(request, survey)
    if request.method == "POST" and form.is_valid():
        try:
            survey = survey_save(actor=request.user, survey=survey, data=form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Gespeichert."))
            return redirect("participation:backoffice_survey", pk=survey.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "participation/backoffice/survey_form.html", {"form": form, "survey": survey}, status=status)


@manager_required
@require_http_methods(["GET", "POST"])
def backoffice_survey(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    failed = False
    if request.method == "POST":
        try:
            if request.POST.get("action") != "publish":
                raise ValidationError(_("Unbekannte Aktion."))
            survey_publish(actor=request.user, survey=survey)
            messages.success(request, _("Veröffentlicht."))
            return redirect("participation:backoffice_survey", pk=pk)
        except (ValidationError, PermissionDenied) as exc:
            failed = True
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    context = {
        "survey": survey,
        "phase": survey.phase(),
        "results": survey_results(survey=survey),
        "preview": SchemaForm(schema=survey.schema),
        "may_manage": user_manages_consultations(user=request.user),
        "min_responses": min_responses(),
        "history": audit_log_for(object_type="participation.survey", object_id=str(survey.pk))[:50],
    }
    return render(request, "participation/backoffice/survey.html", context, status=400 if failed else 200)
