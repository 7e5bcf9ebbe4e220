"""KPI history: the daily snapshot job records every project KPI, and the quarterly report of a past quarter
shows each KPI's value at the end of that quarter, not today's."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from modellkommune.programme.models import ProjectKpiSnapshot
from modellkommune.programme.reporting import Quarter, quarterly_programme_markdown, quarterly_project_markdown
from modellkommune.programme.services import kpis_snapshot_take
from modellkommune.programme.tasks import indicators_snapshot

from .factories import IndicatorFactory, KpiFactory, ProjectFactory


@pytest.fixture
def kpi(db):
    project = ProjectFactory(slug="parken", title="Parkleitsystem")
    return KpiFactory(
        project=project, name="Freie Plätze erkannt", manual_value=Decimal("40"), target_value=Decimal("100"), unit="%"
    )


def test_snapshot_job_covers_kpis_once_per_day(kpi, fake_source):
    IndicatorFactory(target_value=Decimal("10"), manual_value=Decimal("5"))
    live = KpiFactory(project=kpi.project, name="Live", source="test.fake")
    fake_source["value"] = 7
    indicators_snapshot()
    kpi.manual_value = Decimal("55")
    kpi.save()
    indicators_snapshot()  # same day again: overwritten, not duplicated
    today = timezone.localdate()
    assert ProjectKpiSnapshot.objects.get(kpi=kpi, date=today).value == Decimal("55")
    assert ProjectKpiSnapshot.objects.get(kpi=live, date=today).value == Decimal("7")
    assert ProjectKpiSnapshot.objects.count() == 2


def test_unreadable_or_oversized_source_value_is_stored_as_no_value(kpi, fake_source):
    kpi.source, kpi.source_param = "test.fake", ""
    kpi.save()
    fake_source["value"] = 10**15  # does not fit the column: no reading rather than a failed job
    assert kpis_snapshot_take(day=dt.date(2026, 3, 31)) == 1
    assert ProjectKpiSnapshot.objects.get(kpi=kpi).value is None


def test_past_quarter_report_shows_value_at_quarter_end(kpi):
    kpis_snapshot_take(day=dt.date(2025, 9, 15))
    kpi.manual_value = Decimal("62")
    kpi.save()
    kpis_snapshot_take(day=dt.date(2025, 9, 30))  # last day of Q3: this is the quarter's value
    kpi.manual_value = Decimal("90")
    kpi.save()
    kpis_snapshot_take(day=dt.date(2025, 10, 2))  # already Q4

    text = quarterly_project_markdown(kpi.project, Quarter(2025, 3))
    assert "Stand zum Quartalsende (30.09.2025)" in text
    assert "| Freie Plätze erkannt | 62 % (30.09.2025) | 100 % |" in text
    assert "90 %" not in text  # today's value belongs to another quarter

    programme = quarterly_programme_markdown([kpi.project], Quarter(2025, 3), [])
    assert "62 % (30.09.2025)" in programme


def test_past_quarter_without_snapshot_says_so(kpi):
    text = quarterly_project_markdown(kpi.project, Quarter(2024, 1))
    assert "kein Stand gespeichert" in text and "40 %" not in text


def test_running_quarter_report_shows_current_value(kpi):
    text = quarterly_project_markdown(kpi.project, Quarter.of(timezone.localdate()))
    assert "| Freie Plätze erkannt | 40 % | 100 % |" in text
