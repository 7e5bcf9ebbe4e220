"""Every date and time a citizen or a member of staff can type into the appointments pages: out of range
(year 9999, year 1) or malformed gives a clear German message with status 400, never a server error."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from modellkommune.accounts.tests.factories import StaffFactory
from modellkommune.accounts.tests.utils import login_with_mfa
from modellkommune.egov.appointments.models import Booking

from .factories import LocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

ALL_WEEK = {wd: [(dt.time(8), dt.time(12))] for wd in range(7)}


@pytest.fixture
def setup(municipality):
    location = LocationFactory(name="Bürgerbüro Iserlohn", slug="iserlohn", hours=ALL_WEEK, horizon_days=60)
    ServiceFactory(name="Personalausweis", slug="ausweis", duration_minutes=30, locations=[location])
    return location


SLOTS = "/termine/iserlohn/?leistung=ausweis"
BOOK = "/termine/iserlohn/buchen/?leistung=ausweis"


@pytest.mark.parametrize(
    "query",
    ["&tag=9999-12-31", "&ab=9999-12-31", "&ab=9999-12-25&tag=9999-12-31", "&tag=2026-02-30", "&ab=kein-datum"],
)
def test_slot_page_refuses_unbookable_days_with_400(client, setup, query):
    response = client.get(SLOTS + query)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Freie Termine am Standort Bürgerbüro Iserlohn anzeigen" in html


def test_slot_page_accepts_last_bookable_day_and_past_days(client, setup):
    last = timezone.localdate() + dt.timedelta(days=60)
    assert client.get(f"{SLOTS}&tag={last.isoformat()}").status_code == 200
    assert client.get(f"{SLOTS}&ab=0001-01-01&tag=0001-01-01").status_code == 200
    # the pager does not offer days past the horizon
    response = client.get(f"{SLOTS}&ab={(last - dt.timedelta(days=3)).isoformat()}")
    assert response.status_code == 200
    assert "Spätere Tage" not in response.content.decode()


@pytest.mark.parametrize("start", ["9999-12-31T23:50", "9999-12-31T00:00", "0001-01-01T00:00", "2000-01-01T09:00"])
def test_booking_refuses_out_of_range_times_with_400(client, setup, start):
    url = f"{BOOK}&beginn={start}"
    for response in (client.get(url), client.post(url, {"name": "Erika", "email": "e@example.org", "consent": "on"})):
        assert response.status_code == 400, (response.request["REQUEST_METHOD"], start)
        assert 'role="alert"' in response.content.decode()
    assert not Booking.objects.exists()


def test_booking_with_malformed_time_goes_back_to_the_start(client, setup):
    response = client.get(f"{BOOK}&beginn=morgen")
    assert response.status_code == 302


@pytest.mark.parametrize("tag", ["9999-12-31", "0001-01-01", "1999-12-31", "31.12.2026"])
def test_back_office_day_filter_refuses_bad_days_with_400(client, setup, tag):
    staff = StaffFactory()
    setup.department = staff.department
    setup.save(update_fields=["department"])
    login_with_mfa(client, staff)
    response = client.get(reverse("appointments:backoffice_day"), {"standort": "iserlohn", "tag": tag})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert "Bitte" in html
