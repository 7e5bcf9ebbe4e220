"""Value sources: the registry, a fake source, and the computed platform indicators against known data."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from modellkommune.programme import providers
from modellkommune.programme.constants import ProjectStatus
from modellkommune.programme.models import ProjectKpi
from modellkommune.programme.providers import Reading

from .factories import IndicatorFactory, KpiFactory, ProjectFactory


def _has(module: str, *names: str) -> bool:
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return False
    return all(hasattr(mod, n) for n in names)


@pytest.mark.django_db
def test_kpi_from_registered_source_shows_current_value(client, fake_source):
    fake_source["value"] = 412.5
    kpi = KpiFactory(name="Besucher heute", source="test.fake", target_value=Decimal("500"), unit="Pers.")
    response = client.get(reverse("programme:project_detail", args=[kpi.project.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Besucher heute" in html
    assert "412,5" in html
    assert "83 %" in html  # 412.5 / 500 of the target


@pytest.mark.django_db
def test_kpi_with_missing_source_says_not_available(client, fake_source):
    kpi = KpiFactory(name="Kaputte Quelle", source="test.fake")
    other = KpiFactory(name="Unbekannte Quelle", source="gibt.es.nicht", project=kpi.project)
    html = client.get(reverse("programme:project_detail", args=[kpi.project.slug])).content.decode()
    assert html.count("nicht verfügbar") >= 2
    assert providers.measure(other).value is None


@pytest.mark.django_db
def test_datastream_kpi_shows_latest_observation(client, monkeypatch):
    """A KPI linked to a SensorThings datastream shows its latest observation (fake sensors selector)."""
    import sys
    import types

    observed = timezone.make_aware(dt.datetime(2026, 11, 25, 9, 30))
    calls = []

    def latest(*, datastream_id):
        calls.append(datastream_id)
        return types.SimpleNamespace(result=873.0, phenomenon_time=observed) if datastream_id == 7 else None

    fake = types.ModuleType("modellkommune.sensors.selectors")
    fake.datastream_latest_observation = latest
    monkeypatch.setitem(sys.modules, "modellkommune.sensors.selectors", fake)
    kpi = KpiFactory(name="CO₂ Klassenraum", source="sensors.datastream", source_param="7", unit="ppm")
    KpiFactory(name="Anderer Raum", source="sensors.datastream", source_param="8", project=kpi.project)
    html = client.get(reverse("programme:project_detail", args=[kpi.project.slug])).content.decode()
    assert "<strong>873</strong> ppm" in html
    assert "25.11.2026 09:30" in html
    assert "Noch keine Messung vorhanden" in html  # datastream 8 has no observation
    assert 7 in calls and 8 in calls


@pytest.mark.django_db
def test_hand_entered_kpi_shows_its_date(client):
    kpi = KpiFactory(name="Zählung", manual_value=Decimal("12"), manual_value_date=dt.date(2026, 10, 1))
    html = client.get(reverse("programme:project_detail", args=[kpi.project.slug])).content.decode()
    assert "Stand: 01.10.2026" in html


@pytest.mark.django_db
@pytest.mark.skipif(
    not _has("modellkommune.sensors.models", "Datastream", "Observation"), reason="sensors app not built yet"
)
def test_datastream_kpi_with_real_sensors_app(client):
    from modellkommune.sensors.selectors import datastream_latest_observation

    from .sensor_data import make_datastream_with_observation

    datastream, value = make_datastream_with_observation()
    assert datastream_latest_observation(datastream_id=datastream.pk) is not None
    kpi = KpiFactory(name="Echter Sensor", source="sensors.datastream", source_param=str(datastream.pk))
    assert providers.measure(kpi).value == Decimal(str(value)).quantize(Decimal("0.01"))
    html = client.get(reverse("programme:project_detail", args=[kpi.project.slug])).content.decode()
    assert "Echter Sensor" in html and "nicht verfügbar" not in html


@pytest.mark.django_db
def test_active_projects_indicator_counts_public_running_projects():
    ProjectFactory(status=ProjectStatus.RUNNING)
    ProjectFactory(status=ProjectStatus.SCALED_UP)
    ProjectFactory(status=ProjectStatus.IDEA)
    ProjectFactory(status=ProjectStatus.RUNNING, public=False)
    indicator = IndicatorFactory(source="programme.projects_active")
    assert providers.measure(indicator).value == Decimal("2.00")


@pytest.mark.django_db
def test_oparl_papers_indicator_counts_public_council_papers(council):
    from modellkommune.council.models import Paper
    from modellkommune.council.selectors import body_current

    public_before = Paper.objects.filter(public=True, deleted=False).count()
    Paper.objects.create(body=body_current(), name="Intern", paper_type="Antrag", public=False)
    Paper.objects.create(body=body_current(), name="Öffentlich", paper_type="Mitteilung", public=True)
    indicator = IndicatorFactory(source="council.papers_oparl")
    assert providers.measure(indicator).value == Decimal(public_before + 1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("source", "module", "name"),
    [
        ("egov.online_share", "modellkommune.egov.selectors", "service_online_share"),
        ("egov.applications_month", "modellkommune.egov.selectors", "applications_submitted_count"),
        ("reports.closed_14_days", "modellkommune.egov.reports.selectors", "reports_closed_within_count"),
        ("opendata.datasets", "modellkommune.opendata.selectors", "dataset_list_published"),
        ("sensors.live_datastreams", "modellkommune.sensors.selectors", "datastream_live_count_by_sector"),
    ],
)
def test_platform_sources_use_the_other_apps_selectors(monkeypatch, source, module, name):
    """Known data in, known value out: the other app's selector is replaced by a fake with fixed results."""
    import sys
    import types

    class FakeQs:
        def count(self):
            return 17

    fakes = {
        "service_online_share": lambda: 0.425,
        "applications_submitted_count": lambda *, since, until: 17 if (until - since).days == 30 else -1,
        "reports_closed_within_count": lambda *, days, since, until: 17 if days == 14 else -1,
        "dataset_list_published": lambda: FakeQs(),
        "datastream_live_count_by_sector": lambda: {"energie": 12, "verkehr": 5},
    }
    fake = types.ModuleType(module)
    setattr(fake, name, fakes[name])
    monkeypatch.setitem(sys.modules, module, fake)
    indicator = IndicatorFactory(source=source)
    expected = {"egov.online_share": Decimal("42.50"), "sensors.live_datastreams": Decimal("17.00")}
    assert providers.measure(indicator).value == expected.get(source, Decimal("17.00"))
    indicator.source_param = "energie" if source == "sensors.live_datastreams" else indicator.source_param
    if source == "sensors.live_datastreams":
        assert providers.measure(indicator).value == Decimal("12.00")


@pytest.mark.django_db
def test_missing_app_reads_as_not_available(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "modellkommune.opendata.selectors", None)  # import raises ImportError
    reading = providers.measure(IndicatorFactory(source="opendata.datasets"))
    assert reading.value is None and reading.note == "nicht verfügbar"


def test_achievement_and_below_target():
    assert providers.achievement(value=Decimal(50), target=Decimal(100)) == 0.5
    assert providers.achievement(value=Decimal(150), target=Decimal(100)) == 1.0
    assert providers.achievement(value=Decimal(1200), target=Decimal(1000), higher_is_better=False) == pytest.approx(
        1000 / 1200
    )
    assert providers.achievement(value=None, target=Decimal(1)) is None
    assert providers.below_target(value=Decimal(9), target=Decimal(10))
    assert not providers.below_target(value=Decimal(10), target=Decimal(10))
    assert providers.below_target(value=Decimal(11), target=Decimal(10), higher_is_better=False)


def test_reading_from_source_rejects_non_numbers():
    providers.register(key="test.text", label="Text", read=lambda p: Reading(value="hoch"))
    try:
        kpi = ProjectKpi(source="test.text")
        assert providers.measure(kpi).value is None
    finally:
        providers.unregister("test.text")
