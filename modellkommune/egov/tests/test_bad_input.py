"""Numbers that str.isdigit() accepts but int() or the database refuse ("²", 40 digits), and
non-finite coordinates: a clear answer, never a 500."""

import pytest
from django.urls import reverse

from modellkommune.accounts.tests.factories import StaffFactory
from modellkommune.accounts.tests.utils import login_with_mfa
from modellkommune.core.parsing import parse_coordinate, parse_id

pytestmark = pytest.mark.django_db

TRAPS = ["²", "٣", "1²", "9" * 40, "", " 1", "-1"]


@pytest.mark.parametrize("value", TRAPS)
def test_parse_id_refuses_traps(value):
    assert parse_id(value) is None


def test_parse_id_and_coordinate_accept_ordinary_values():
    assert parse_id("42") == 42 and parse_coordinate("51.37", limit=90) == 51.37


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e309", "91", "x", None])
def test_parse_coordinate_refuses_non_finite_and_out_of_range(value):
    assert parse_coordinate(value, limit=90) is None


@pytest.mark.parametrize("q", ["²", "9" * 40])
def test_portal_search_with_digit_traps(client, municipality, q):
    assert client.get("/suche/", {"q": q}).status_code == 200


@pytest.mark.parametrize("value", ["²", "9" * 40])
def test_back_office_department_filters(client, administrator, value):
    login_with_mfa(client, administrator)
    assert client.get(reverse("egov:backoffice"), {"department": value}).status_code == 200


@pytest.mark.parametrize("value", ["²", "9" * 40])
def test_report_queue_department_filter(client, municipality, department, value):
    login_with_mfa(client, StaffFactory(department=department))
    assert client.get("/verwaltung/maengel/", {"fachbereich": value}).status_code == 200


@pytest.mark.parametrize("lat", ["inf", "nan", "1e309", "-inf"])
def test_nearby_with_non_finite_coordinates(client, municipality, lat):
    from modellkommune.egov.reports.tests.factories import CategoryFactory

    CategoryFactory(code="schlagloch")
    response = client.get(reverse("reports:nearby", args=["schlagloch"]), {"lat": lat, "lon": "7.69"})
    assert response.status_code == 400
    assert "error" in response.json()
