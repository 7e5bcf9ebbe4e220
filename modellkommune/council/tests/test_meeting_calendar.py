"""Public month view of the meeting calendar and the calendar file per meeting."""

import datetime as dt

import icalendar
import pytest
from django.utils import timezone
from django.utils.formats import date_format

from modellkommune.council.models import Meeting

pytestmark = pytest.mark.django_db


def test_month_view_lists_the_months_public_meetings_in_order(client, council):
    page = client.get("/rat/kalender/?monat=2026-12")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Sitzungskalender Dezember 2026" in html and "Sitzung des Rates" in html
    assert "Dienstag, 15.12." in html and "17:00 Uhr" in html
    assert "?monat=2026-11" in html and "?monat=2027-01" in html
    assert "Sitzung des Haupt- und Finanzausschusses" not in html  # that one is in November
    november = client.get("/rat/kalender/?monat=2026-11").content.decode()
    assert "Sitzung des Haupt- und Finanzausschusses" in november
    Meeting.objects.filter(start__month=12, start__year=2026).update(public=False)
    assert "Keine Sitzungen in diesem Monat." in client.get("/rat/kalender/?monat=2026-12").content.decode()


def test_month_view_filters_by_body_and_the_list_url_leads_there(client, council):
    from modellkommune.council.models import Organization

    ads = Organization.objects.get(short_name="ADS")
    html = client.get(f"/rat/kalender/?monat=2027-01&gremium={ads.pk}").content.decode()
    assert "Ausschusses für Digitalisierung" in html
    assert "Sitzung des Rates" not in client.get(f"/rat/kalender/?monat=2027-02&gremium={ads.pk}").content.decode()
    redirect = client.get("/rat/sitzungen/?monat=2026-12")
    assert redirect.status_code == 302 and redirect["Location"] == "/rat/kalender/?monat=2026-12"


@pytest.mark.parametrize("value", ["2026-13", "Dezember", "0000-01", "2026-12'--", "9" * 50])
def test_bad_months_get_a_german_hint_and_the_current_month(client, council, value):
    page = client.get("/rat/kalender/", {"monat": value, "gremium": "x"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "im Format JJJJ-MM" in html
    assert f"Sitzungskalender {date_format(timezone.localdate(), 'F Y')}" in html


def test_each_public_meeting_has_a_calendar_file(client, council):
    meeting = Meeting.objects.filter(public=True).order_by("start").first()
    response = client.get(f"/rat/sitzungen/{meeting.pk}/termin.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == meeting.name
    assert event.decoded("dtstart") == meeting.start
    assert f"/rat/sitzungen/{meeting.pk}/termin.ics" in client.get(f"/rat/sitzungen/{meeting.pk}/").content.decode()
    Meeting.objects.filter(pk=meeting.pk).update(public=False)
    assert client.get(f"/rat/sitzungen/{meeting.pk}/termin.ics").status_code == 404
    assert dt.timedelta(0) <= event.decoded("dtend") - meeting.start
