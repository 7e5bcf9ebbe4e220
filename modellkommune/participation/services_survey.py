"""Surveys: questionnaires defined as data with the online applications' form engine (egov.formschema),
answered once per account, the answers stored apart from the person, results counted per option and
published (page, chart, open data) only from a minimum number of responses."""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from modellkommune.core.constants import AuditAction
from modellkommune.core.services import audit_record
from modellkommune.core.text import plain_text
from modellkommune.egov.formschema import schema_check, schema_errors

from .models import Survey, SurveyParticipation, SurveyResponse
from .selectors_consultation import user_manages_consultations

# Results are shown only from this many responses, so that no answer can be traced to a person.
MIN_RESPONSES_DEFAULT = 5


def min_responses() -> int:
    return getattr(settings, "PARTICIPATION_SURVEY_MIN_RESPONSES", MIN_RESPONSES_DEFAULT)


def _require_manager(actor) -> None:
    if not user_manages_consultations(user=actor):
        raise PermissionDenied(_("Umfragen führt die für Bürgerbeteiligung zuständige Verwaltung durch."))


def survey_schema_check(schema: dict) -> None:
    """The application engine's checks, plus: questions only (no file uploads: a survey collects no
    documents) and at least one question."""
    schema_check(schema)
    properties = (schema or {}).get("properties") or {}
    if not properties:
        raise ValidationError(_("Die Umfrage braucht mindestens eine Frage."))
    for key, prop in properties.items():
        if prop.get("x-file"):
            raise ValidationError(_("Frage „%(k)s“: Umfragen nehmen keine Dateien entgegen.") % {"k": key})
        if not prop.get("title"):
            raise ValidationError(_("Frage „%(k)s“ braucht einen „title“ (den Fragetext).") % {"k": key})


@transaction.atomic
def survey_save(*, actor, survey: Survey | None = None, data: dict) -> Survey:
    _require_manager(actor)
    creating = survey is None
    survey = survey or Survey(created_by=actor)
    changed = data.get("schema") != survey.schema or data.get("starts_at") != survey.starts_at
    if not creating and survey.response_count and changed:
        raise ValidationError(
            {"schema": _("Es liegen schon Antworten vor: Fragen und Beginn lassen sich nicht mehr ändern.")}
        )
    survey.title = plain_text(data.get("title", ""), field="title", label=_("Titel"), max_length=200, required=True)
    survey.intro = plain_text(
        data.get("intro", ""), field="intro", label=_("Einleitung"), max_length=4000, required=True
    )
    try:
        survey_schema_check(data.get("schema") or {})
    except ValidationError as exc:
        raise ValidationError({"schema": exc.messages}) from exc
    survey.schema = data["schema"]
    if not data.get("starts_at") or not data.get("ends_at") or data["ends_at"] <= data["starts_at"]:
        raise ValidationError({"ends_at": _("Das Ende muss nach dem Beginn liegen.")})
    survey.starts_at, survey.ends_at = data["starts_at"], data["ends_at"]
    survey.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        obj=survey,
        message=_("angelegt") if creating else _("geändert"),
    )
    return survey


@transaction.atomic
def survey_publish(*, actor, survey: Survey) -> Survey:
    _require_manager(actor)
    if survey.published:
        raise ValidationError(_("Die Umfrage ist bereits veröffentlicht."))
    if survey.ends_at <= timezone.now():
        raise ValidationError(_("Das Ende liegt in der Vergangenheit. Bitte verlängern Sie zuerst den Zeitraum."))
    survey.published = True
    survey.save(update_fields=["published"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=survey, message=_("veröffentlicht"))
    return survey


def survey_answer(*, user, survey: Survey, answers: dict) -> None:
    """Take one account's answers while the survey runs. The answers are validated against the schema
    and stored without the account; the participation record only says that the account took part."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Bitte melden Sie sich an, um teilzunehmen."))
    if survey.phase() != "open":
        raise ValidationError(_("Diese Umfrage läuft derzeit nicht."))
    errors = schema_errors(survey.schema, answers)
    if errors:
        raise ValidationError({k or "__all__": v for k, v in errors.items()})
    try:
        with transaction.atomic():
            SurveyParticipation.objects.create(survey=survey, user=user)
            SurveyResponse.objects.create(survey=survey, answers=answers, day=timezone.localdate())
            Survey.objects.filter(pk=survey.pk).update(response_count=F("response_count") + 1)
    except IntegrityError as exc:
        raise ValidationError(_("Sie haben an dieser Umfrage bereits teilgenommen.")) from exc


def _options(prop: dict) -> list[tuple[str, str]]:
    """(stored value as text, label) of a question that has choices; booleans read "ja"/"nein"."""
    from modellkommune.egov.formschema import _choices

    if prop.get("type") == "boolean":
        return [("True", str(_("ja"))), ("False", str(_("nein")))]
    source = prop.get("items", {}) if prop.get("type") == "array" else prop
    return [(str(value), str(label)) for value, label in _choices(source)]


def survey_results(*, survey: Survey) -> dict:
    """Counts per option for every question with choices (free-text answers are never shown, only how
    many answered). Empty when there are fewer responses than the minimum."""
    total = survey.response_count
    if total < min_responses():
        return {"total": total, "shown": False, "questions": []}
    counters: dict[str, Counter] = {key: Counter() for key in survey.schema.get("properties", {})}
    answered: Counter = Counter()
    for answers in survey.responses.values_list("answers", flat=True).iterator(chunk_size=2000):
        for key, value in (answers or {}).items():
            if key not in counters:
                continue
            answered[key] += 1
            for item in value if isinstance(value, list) else [value]:
                counters[key][str(item)] += 1
    questions = []
    for key, prop in survey.schema.get("properties", {}).items():
        options = _options(prop)
        rows = [
            {"label": label, "count": counters[key][value], "percent": round(100 * counters[key][value] / total)}
            for value, label in options
        ]
        questions.append(
            {
                "key": key,
                "title": prop.get("title", key),
                "answered": answered[key],
                "options": rows,
                "free": not options,
            }
        )
    return {"total": total, "shown": True, "questions": questions}
