"""Where: address suggestions, street names for map clicks, and the report keeps both."""

from django.urls import reverse

from ..models import Report
from .test_web import CREATE, form_data


def test_address_suggestions_for_what_has_been_typed(client, pothole):
    data = client.get(reverse("reports:places"), {"q": "Wermingser Str. 12"}).json()
    assert data["places"][0] == {"label": "Wermingser Straße 12, Iserlohn", "lat": 51.3728, "lon": 7.6984}
    assert client.get(reverse("reports:places"), {"q": "W"}).json() == {"places": []}


def test_a_map_click_is_named_after_its_street(client, pothole):
    data = client.get(reverse("reports:place_at"), {"lat": "51.37285", "lon": "7.69835"}).json()
    assert data["label"] == "Wermingser Straße, Iserlohn"
    for bad in ({"lat": "inf", "lon": "7.6"}, {"lat": "nan", "lon": "7.6"}, {"lat": "x"}, {}):
        assert client.get(reverse("reports:place_at"), bad).status_code == 400
    assert client.get(reverse("reports:nearby", args=["schlagloch"]), {"lat": "inf", "lon": "7.6"}).status_code == 400


def test_the_report_gets_the_street_for_its_coordinates_and_coordinates_for_its_address(client, pothole):
    client.post(CREATE, form_data(email="a@example.org", lat="51.37285", lon="7.69835"))
    assert Report.objects.get().address == "Wermingser Straße, Iserlohn"
    Report.objects.all().delete()
    client.post(CREATE, form_data(email="b@example.org", lat="", lon="", address="Poth 3"))
    report = Report.objects.get()
    assert (report.address, report.lat, report.lon) == ("Poth 3", 51.376, 7.6975)
    page = client.get(reverse("reports:track", args=[report.token])).content.decode()
    assert "Poth 3" in page and "51,37600" not in page  # the place in words, not as coordinates


def test_place_lookups_are_rate_limited(client, pothole, settings):
    from .. import views

    limit = views.PLACES_PER_MINUTE
    for _ in range(limit):
        client.get(reverse("reports:places"), {"q": "Poth"})
    assert client.get(reverse("reports:places"), {"q": "Poth"}).status_code == 429
