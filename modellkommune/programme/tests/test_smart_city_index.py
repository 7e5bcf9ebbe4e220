"""The maturity self-assessment on the structure of the Bitkom Smart City Index: 36 indicators in five areas,
absolute thresholds with their reasons, values from the platform where it has evidence, manual otherwise."""

import importlib
from collections import Counter
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from modellkommune.accounts.tests.factories import StaffFactory
from modellkommune.accounts.tests.utils import login_with_mfa
from modellkommune.core.models import AuditLogEntry
from modellkommune.programme import providers
from modellkommune.programme.assessment import assessment_current
from modellkommune.programme.constants import MaturityArea
from modellkommune.programme.models import Indicator
from modellkommune.programme.reporting import gap_report_markdown
from modellkommune.programme.services_maturity import indicators_seed_smart_city_index
from modellkommune.programme.smart_city_index import BY_KEY, CATALOGUE, LEGACY_CODES

from .factories import IndicatorFactory


def test_structure_has_36_indicators_in_the_five_areas_with_reasoned_absolute_thresholds():
    assert len(CATALOGUE) == 36 and len(BY_KEY) == 36
    assert set(Counter(e.area for e in CATALOGUE)) == set(MaturityArea.values)
    for entry in CATALOGUE:
        assert Decimal(entry.threshold) > 0 and str(entry.basis).strip(), entry.key
        assert entry.source == "manual" or providers.source_get(entry.source) is not None, entry.source
    automatic = {e.source for e in CATALOGUE if e.source != "manual"}
    # evidence the platform has: online services, open data and its quality, live sensors, council, participation
    assert {"egov.online_share", "opendata.datasets", "opendata.mqa_score", "sensors.live_datastreams",
            "council.papers_oparl", "participation.public_items"} <= automatic  # fmt: skip


def test_seeding_adds_the_missing_indicators_once(db):
    legacy = IndicatorFactory(code="public-wifi", sci_key="i-public-wifi", area=MaturityArea.IT_KOMMUNIKATION)
    assert indicators_seed_smart_city_index() == 35
    assert indicators_seed_smart_city_index() == 0
    assert Indicator.objects.count() == 36
    assert set(Indicator.objects.values_list("sci_key", flat=True)) == set(BY_KEY)
    legacy.refresh_from_db()
    assert legacy.code == "public-wifi"  # existing indicators are kept, not duplicated
    solar = Indicator.objects.get(sci_key="e-solar")
    assert solar.source == "manual" and solar.target_value == Decimal("500") and "EEG" in solar.threshold_basis
    quality = Indicator.objects.get(sci_key="v-open-data-quality")
    assert quality.source == "opendata.mqa_score" and quality.target_value == Decimal("351")


def test_the_demo_follows_the_structure_and_the_gap_report_keeps_working(programme):
    assert Indicator.objects.count() == 36
    for code, key in LEGACY_CODES.items():
        indicator = Indicator.objects.get(code=code)
        assert indicator.sci_key == key and indicator.area == BY_KEY[key].area
    areas = assessment_current()
    assert [a.code for a in areas] == list(MaturityArea.values)
    text = gap_report_markdown(areas)
    assert "Nicht ermittelbare Indikatoren" in text  # manual indicators without a value are listed, not counted
    assert "Photovoltaik-Leistung je 1.000 Einwohner" in text


def test_data_migration_maps_the_earlier_demo_indicators(db):
    migration = importlib.import_module("modellkommune.programme.migrations.0004_smart_city_index")
    old = IndicatorFactory(code="oparl-papers", area=MaturityArea.IT_KOMMUNIKATION, sci_key="")
    own = IndicatorFactory(code="eigener-indikator", sci_key="")
    migration.map_demo_indicators(django_apps, None)
    old.refresh_from_db()
    own.refresh_from_db()
    assert (old.sci_key, old.area) == ("g-council-online", MaturityArea.GESELLSCHAFT)
    assert own.sci_key == ""
    assert {k: v[0] for k, v in migration.LEGACY.items()} == LEGACY_CODES


def test_open_data_quality_is_read_from_the_catalogue(municipality, settings):
    settings.SITE_URL = "http://testserver.example"
    from modellkommune.opendata import demo as opendata_demo
    from modellkommune.opendata.selectors import catalogue_quality_score

    indicator = IndicatorFactory(source="opendata.mqa_score")
    assert providers.measure(indicator).value is None  # no published dataset: not available, no error
    opendata_demo.load()
    value = providers.measure(indicator).value
    assert value == Decimal(catalogue_quality_score()) and 351 <= value <= 405


def test_participation_counts_public_online_procedures(council):
    from modellkommune.council.models import Paper
    from modellkommune.participation.models import Suggestion

    indicator = IndicatorFactory(source="participation.public_items", source_param="365")
    before = providers.measure(indicator).value
    paper = Paper.objects.first()
    Suggestion.objects.create(title="Bank am Seilersee", text="Bitte", publish=True, status="registered", paper=paper)
    Suggestion.objects.create(title="intern", text="nur intern", publish=False, status="registered", paper=paper)
    assert providers.measure(indicator).value == before + 1


@pytest.mark.django_db
def test_office_adds_missing_indicators_from_the_back_office_and_others_cannot(client, staff):
    login_with_mfa(client, staff)
    response = client.post(reverse("programme:backoffice_sci_seed"), follow=True)
    assert "36 Indikatoren des Smart City Index wurden ergänzt" in response.content.decode()
    assert AuditLogEntry.objects.filter(object_type="programme.indicator", action="create").count() == 36
    page = client.get(reverse("programme:maturity")).content.decode()
    assert "feste, begründete Schwelle" in page and "von Hand erfasst" in page and "aus Plattformdaten" in page
    client.logout()
    login_with_mfa(client, StaffFactory(email="kaemmerei.clerk@iserlohn.example"))
    assert client.post(reverse("programme:backoffice_sci_seed")).status_code == 403


def test_threshold_reason_can_be_set_on_the_indicator_page(staff_client, db):
    indicators_seed_smart_city_index()
    indicator = Indicator.objects.get(sci_key="i-gigabit")
    url = reverse("programme:backoffice_indicator", args=[indicator.pk])
    assert "Gigabitstrategie" in staff_client.get(url).content.decode()
    staff_client.post(url, {"manual_value": "72", "target_value": "95", "threshold_note": "Ratsbeschluss 2026"})
    indicator.refresh_from_db()
    assert indicator.target_value == Decimal("95") and indicator.threshold_basis == "Ratsbeschluss 2026"
