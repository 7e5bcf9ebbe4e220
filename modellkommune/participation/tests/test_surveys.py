"""Surveys: questions as data (the online applications' JSON Schema engine), one answer per account stored
apart from the person, results only from a minimum number of responses, as a chart with a table and as
open data; free text never published."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from modellkommune.accounts.tests.factories import StaffFactory, UserFactory
from modellkommune.accounts.tests.utils import login_with_mfa
from modellkommune.participation.models import Survey, SurveyParticipation, SurveyResponse
from modellkommune.participation.services_survey import survey_answer, survey_publish, survey_results, survey_save

pytestmark = pytest.mark.django_db

SCHEMA = {
    "type": "object",
    "properties": {
        "bus": {"type": "string", "title": "Wie oft fahren Sie Bus?", "enum": ["oft", "selten", "nie"]},
        "rad": {"type": "boolean", "title": "Fahren Sie Rad?"},
        "frei": {"type": "string", "title": "Sonst noch etwas?", "maxLength": 200},
    },
    "required": ["bus"],
}


@pytest.fixture
def manager(municipality):
    user = StaffFactory(email="umfragen@iserlohn.example")
    user.user_permissions.add(
        Permission.objects.get(codename="manage_consultations", content_type__app_label="participation")
    )
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def survey(manager):
    now = timezone.now()
    created = survey_save(
        actor=manager,
        data={
            "title": "Busverkehr",
            "intro": "Fragen zum Bus.",
            "schema": SCHEMA,
            "starts_at": now - dt.timedelta(days=1),
            "ends_at": now + dt.timedelta(days=7),
        },
    )
    return survey_publish(actor=manager, survey=created)


def test_answer_once_without_the_person_and_results_after_the_end(client, survey, settings):
    settings.PARTICIPATION_SURVEY_MIN_RESPONSES = 3
    people = [UserFactory(email=f"p{i}@example.org") for i in range(4)]
    answers = ["oft", "oft", "nie", "selten"]
    for person, bus in zip(people, answers, strict=True):
        client.force_login(person)
        response = client.post(f"/beteiligung/umfragen/{survey.pk}/", {"bus": bus, "rad": "on", "frei": "geheim"})
        assert response.status_code == 302
    client.force_login(people[0])
    assert "Sie haben teilgenommen" in client.get(f"/beteiligung/umfragen/{survey.pk}/").content.decode()
    with pytest.raises(ValidationError):
        survey_answer(user=people[0], survey=survey, answers={"bus": "oft"})
    assert SurveyResponse.objects.count() == 4 and SurveyParticipation.objects.count() == 4
    assert not any("user" in f.name for f in SurveyResponse._meta.fields)  # answers carry no account
    page = client.get(f"/beteiligung/umfragen/{survey.pk}/").content.decode()
    assert "<svg" not in page  # no results while it runs

    Survey.objects.filter(pk=survey.pk).update(ends_at=timezone.now() - dt.timedelta(minutes=1))
    survey.refresh_from_db()
    results = survey_results(survey=survey)
    bus = next(q for q in results["questions"] if q["key"] == "bus")
    assert [(o["label"], o["count"]) for o in bus["options"]] == [("oft", 2), ("selten", 1), ("nie", 1)]
    assert next(q for q in results["questions"] if q["key"] == "frei")["free"]
    client.logout()
    page = client.get(f"/beteiligung/umfragen/{survey.pk}/").content.decode()
    assert "<svg" in page and "<table>" in page and "geheim" not in page

    from modellkommune.opendata.registry import dataset_spec_get

    rows = list(dataset_spec_get("beteiligung-statistik").table("umfragen").rows())
    assert ["Busverkehr", survey.ends_at.date().isoformat(), 4, "Wie oft fahren Sie Bus?", "oft", 2] in rows
    assert "geheim" not in repr(rows)


def test_no_results_below_the_minimum(survey, settings):
    settings.PARTICIPATION_SURVEY_MIN_RESPONSES = 5
    survey_answer(user=UserFactory(email="x@example.org"), survey=survey, answers={"bus": "oft"})
    survey.refresh_from_db()
    assert survey_results(survey=survey) == {"total": 1, "shown": False, "questions": []}


def test_bad_schemas_and_answers_are_refused_clearly(manager, survey, client):
    now = timezone.now()
    base = {"title": "T", "intro": "I", "starts_at": now, "ends_at": now + dt.timedelta(days=1)}
    for schema, word in [
        ({"type": "object", "properties": {}}, "mindestens eine Frage"),
        (
            {"type": "object", "properties": {"f": {"type": "string", "x-file": {"accept": ["application/pdf"]}}}},
            "Dateien",
        ),
        ({"type": "object", "properties": {"f": {"type": "string"}}}, "title"),
        ({"type": "object", "properties": {"f": {"type": "object", "title": "x"}}}, "nicht unterstützt"),
    ]:
        with pytest.raises(ValidationError) as exc:
            survey_save(actor=manager, data={**base, "schema": schema})
        assert word in " ".join(exc.value.messages)
    with pytest.raises(ValidationError):
        survey_answer(user=UserFactory(email="y@example.org"), survey=survey, answers={"bus": "immer"})
    survey_answer(user=UserFactory(email="z@example.org"), survey=survey, answers={"bus": "nie"})
    survey.refresh_from_db()
    with pytest.raises(ValidationError):  # questions are fixed once answers exist
        changed = {**SCHEMA, "properties": {**SCHEMA["properties"], "neu": {"type": "boolean", "title": "Neu?"}}}
        survey_save(actor=manager, survey=survey, data={**base, "schema": changed, "starts_at": survey.starts_at})
    extended = {
        **base,
        "schema": SCHEMA,
        "starts_at": survey.starts_at,
        "ends_at": survey.ends_at + dt.timedelta(days=3),
    }
    assert survey_save(actor=manager, survey=survey, data=extended).ends_at == extended["ends_at"]
    login_with_mfa(client, manager)
    response = client.post(
        "/verwaltung/beteiligung/umfragen/neu/", {"title": "T", "intro": "I", "schema": "{kein json"}
    )
    assert response.status_code == 400 and "Kein gültiges JSON" in response.content.decode()
    assert client.post(f"/verwaltung/beteiligung/umfragen/{survey.pk}/", {"action": "x"}).status_code == 400


def test_only_managers_run_surveys(client, survey):
    clerk = StaffFactory(email="kasse@iserlohn.example")
    with pytest.raises(PermissionDenied):
        survey_save(actor=clerk, data={})
    login_with_mfa(client, clerk)
    assert client.get("/verwaltung/beteiligung/umfragen/").status_code == 403
    assert client.get(f"/verwaltung/beteiligung/umfragen/{survey.pk}/").status_code == 403
    client.logout()
    assert client.get(f"/beteiligung/umfragen/{survey.pk}/").status_code == 200
    draft = Survey.objects.create(
        title="Entwurf", intro="x", schema=SCHEMA, starts_at=timezone.now(), ends_at=timezone.now()
    )
    assert client.get(f"/beteiligung/umfragen/{draft.pk}/").status_code == 404
