"""Participation feeds the programme's maturity indicators through registered value sources."""

import datetime as dt

import pytest
from django.utils import timezone

from modellkommune.participation.models import Idea, Survey, SurveyResponse
from modellkommune.programme.providers import source_choices, source_get

pytestmark = pytest.mark.django_db


def test_participation_sources_are_registered_and_count():
    keys = {key for key, _label in source_choices()}
    assert {"participation.online_procedures", "participation.contributions", "participation.ideas_to_projects"} <= keys
    now = timezone.now()
    survey = Survey.objects.create(
        title="U", intro="I", schema={}, starts_at=now - dt.timedelta(days=2), ends_at=now, published=True
    )
    Survey.objects.create(title="alt", intro="I", schema={}, starts_at=now - dt.timedelta(days=800), ends_at=now)
    SurveyResponse.objects.create(survey=survey, answers={}, day=now.date())
    Idea.objects.create(title="I", description="D", status="published")
    assert source_get("participation.online_procedures").read("").value == 1
    assert source_get("participation.contributions").read("30").value == 2
    assert source_get("participation.ideas_to_projects").read("").value == 0
    from modellkommune.programme.providers import SourceUnavailable

    with pytest.raises(SourceUnavailable):
        source_get("participation.contributions").read("viele")
