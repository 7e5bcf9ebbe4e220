"""Bad ids and extreme dates are the client's mistake: 400 in the Open311 error format, never a 500."""

import pytest

from .schemas import validate
from .test_open311_api import BASE, parse_xml

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("pk", ["%C2%B2", "%D9%A3", "1%C2%B2", "9" * 40])
def test_request_id_with_non_ascii_digits_is_400(client, municipality, pk):
    response = client.get(f"{BASE}/requests/{pk}.json")
    assert response.status_code == 400
    validate(response.json(), "errors.json")
    assert "service_request_id" in response.json()[0]["description"]
    xml = parse_xml(client.get(f"{BASE}/requests/{pk}.xml").content)
    assert xml.find("error/code").text == "400"


def test_unknown_numeric_id_stays_404(client, municipality):
    assert client.get(f"{BASE}/requests/123456.json").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "start_date=9999-12-31T00:00:00Z",
        "end_date=0001-01-01T00:00:00Z",
        "start_date=0001-01-01T00:00:00%2B14:00",
        "end_date=9999-12-31T23:59:59-12:00",
        "start_date=9999-12-01T00:00:00Z&end_date=9999-12-31T00:00:00Z",
        "start_date=0001-01-01",
    ],
)
def test_extreme_dates_are_400(client, municipality, query):
    response = client.get(f"{BASE}/requests.json?{query}")
    assert response.status_code == 400, response.content
    validate(response.json(), "errors.json")
    assert "start_date/end_date" in response.json()[0]["description"]


def test_ordinary_dates_still_work(client, municipality):
    response = client.get(f"{BASE}/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-02-01T00:00:00%2B01:00")
    assert response.status_code == 200
    assert response.json() == []


@pytest.mark.parametrize("lat", ["nan", "inf", "-inf", "1e309", "NaN"])
def test_non_finite_coordinates_are_400(client, pothole, api_key, lat):
    from .test_open311_api import post_request

    response = post_request(client, api_key=api_key, service_code="schlagloch", lat=lat, long="7.6949", description="x")
    assert response.status_code == 400, response.content
    validate(response.json(), "errors.json")
