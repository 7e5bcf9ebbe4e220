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


# --- POST: bad input is refused in the error format, nothing is stored wrong ---------------------


def _post(client, api_key, **extra):
    from .test_open311_api import post_request

    fields = {"api_key": api_key, "service_code": "schlagloch", "lat": "51.3759", "long": "7.6949"}
    fields.update(extra)
    return post_request(client, **fields)


def _refused(response, word):
    from ..models import Report

    assert response.status_code == 400, response.content
    validate(response.json(), "errors.json")
    assert word in response.json()[0]["description"]
    assert not Report.objects.exists()


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-Infinity"])
def test_number_attribute_not_finite_is_refused(client, api_key, municipality, value):
    from .factories import CategoryAttributeFactory, CategoryFactory

    category = CategoryFactory(code="schlagloch")
    CategoryAttributeFactory(category=category, code="tiefe", datatype="number", values=[])
    _refused(_post(client, api_key, **{"attribute[tiefe]": value}), "attribute[tiefe]")


def test_single_choice_attribute_sent_twice_is_refused(client, pothole, api_key):
    response = client.post(
        f"{BASE}/requests.json",
        {
            "api_key": api_key,
            "service_code": "schlagloch",
            "lat": "51.3759",
            "long": "7.6949",
            "attribute[groesse]": ["klein", "gross"],
        },
    )
    _refused(response, "attribute[groesse]")


def test_long_device_id_is_refused_not_cut(client, pothole, api_key):
    _refused(_post(client, api_key, **{"attribute[groesse]": "klein", "device_id": "d" * 5000}), "device_id")


def test_address_id_alone_is_refused_not_stored_as_address(client, pothole, api_key):
    from .test_open311_api import post_request

    response = post_request(
        client, api_key=api_key, service_code="schlagloch", address_id="4711", **{"attribute[groesse]": "klein"}
    )
    _refused(response, "address_id")


def test_address_id_next_to_coordinates_is_not_stored(client, pothole, api_key):
    from ..models import Report

    response = _post(client, api_key, address_id="4711", **{"attribute[groesse]": "klein"})
    assert response.status_code == 201
    assert Report.objects.get().address == ""


def test_start_after_end_is_400(client, municipality):
    response = client.get(f"{BASE}/requests.json?start_date=2026-11-02T00:00:00Z&end_date=2026-11-01T00:00:00Z")
    assert response.status_code == 400
    validate(response.json(), "errors.json")
    assert "start_date" in response.json()[0]["description"]


def test_json_body_gets_415_not_misleading_403(client, pothole, api_key):
    from ..models import Report

    response = client.post(
        f"{BASE}/requests.json",
        {"api_key": api_key, "service_code": "schlagloch", "lat": "51.3759", "long": "7.6949"},
        content_type="application/json",
    )
    assert response.status_code == 415, response.content
    validate(response.json(), "errors.json")
    assert "application/x-www-form-urlencoded" in response.json()[0]["description"]
    assert "api_key" not in response.json()[0]["description"]
    assert not Report.objects.exists()


def _email_of_length(length: int) -> str:
    """A syntactically valid address (64-character local part, labels of at most 63) of exactly `length`."""
    labels, rest = [], length - 64 - 1 - len(".de")
    while rest > 0:
        take = min(63, rest)
        labels.append("b" * take)
        rest -= take + 1
    return "a" * 64 + "@" + ".".join(labels) + ".de"


@pytest.mark.parametrize("length", [255, 300, 320])
def test_overlong_email_is_400_not_500(client, pothole, api_key, length):
    """Django's validate_email accepts up to 320 characters; the column holds 254 (was a DataError)."""
    from django.core.validators import validate_email

    email = _email_of_length(length)
    assert len(email) == length
    validate_email(email)  # valid syntax: only the length is wrong
    _refused(_post(client, api_key, email=email, **{"attribute[groesse]": "klein"}), "email")
