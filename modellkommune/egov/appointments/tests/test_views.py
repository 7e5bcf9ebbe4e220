"""The pages a citizen and the back office use, without JavaScript."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from modellkommune.accounts.tests.factories import StaffFactory, UserFactory
from modellkommune.accounts.tests.utils import login_with_mfa
from modellkommune.egov.appointments.constants import BookingStatus
from modellkommune.egov.appointments.models import Booking

from .factories import BookingFactory, LocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

ALL_WEEK = {wd: [(dt.time(8), dt.time(12))] for wd in range(7)}


@pytest.fixture
def setup(municipality):
    location = LocationFactory(name="Bürgerbüro Iserlohn", slug="iserlohn", hours=ALL_WEEK, counters=1)
    ausweis = ServiceFactory(
        name="Personalausweis beantragen", slug="ausweis", duration_minutes=20, locations=[location]
    )
    melde = ServiceFactory(name="Meldebescheinigung", slug="melde", duration_minutes=10, locations=[location])
    day = timezone.localdate() + dt.timedelta(days=2)
    return location, ausweis, melde, day


def _book_url(location, day, time="09:00", services=("ausweis",)):
    query = "&".join(f"leistung={s}" for s in services)
    return f"{reverse('appointments:book', args=[location.slug])}?{query}&beginn={day.isoformat()}T{time}"


def test_index_lists_locations_and_redirects_to_slots(client, setup):
    location, ausweis, melde, day = setup
    response = client.get(reverse("appointments:index"))
    assert response.status_code == 200
    assert "Bürgerbüro Iserlohn" in response.content.decode()
    response = client.get(
        reverse("appointments:index"), {"schritt": "1", "standort": "iserlohn", "leistung": ["ausweis", "melde"]}
    )
    assert response.status_code == 302
    assert response.url.startswith("/termine/iserlohn/?")
    assert "leistung=ausweis" in response.url
    assert "leistung=melde" in response.url


def test_index_preselects_from_links_without_errors(client, setup):
    response = client.get(reverse("appointments:index"), {"leistung": "melde"})
    html = response.content.decode()
    assert 'value="melde" id="id_leistung_0" checked' in html or 'value="melde" id="id_leistung_1" checked' in html
    assert "Bitte prüfen Sie Ihre Eingaben" not in html


def test_portal_search_finds_bookable_services(client, setup):
    response = client.get(reverse("portal:search"), {"q": "Personalausweis"})
    assert "Termin: Personalausweis beantragen" in response.content.decode()


def test_index_shows_errors_when_nothing_chosen(client, setup):
    response = client.get(reverse("appointments:index"), {"schritt": "1", "standort": "iserlohn"})
    assert response.status_code == 200
    assert "Bitte wählen Sie mindestens eine Leistung." in response.content.decode()


def test_slot_page_lists_times_and_day_navigation(client, setup):
    location, ausweis, melde, day = setup
    url = reverse("appointments:slots", args=["iserlohn"])
    response = client.get(url, {"leistung": ["ausweis", "melde"], "tag": day.isoformat()})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Gesamtdauer: 30 Minuten" in html
    assert f"beginn={day.isoformat()}T11%3A30" in html  # last start where 30 minutes fit
    assert f"beginn={day.isoformat()}T11%3A40" not in html
    assert 'aria-current="date"' in html


def test_full_booking_flow_without_javascript(client, setup, django_capture_on_commit_callbacks):
    location, ausweis, melde, day = setup
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _book_url(location, day),
            {"name": "Erika Beispiel", "email": "erika@example.org", "phone": "", "consent": "on", "website": ""},
        )
    assert response.status_code == 302, response.content.decode()
    booking = Booking.objects.get()
    assert booking.status == BookingStatus.PENDING
    page = client.get(response.url).content.decode()
    assert booking.reference in page
    confirm_url = re.search(r"https?://[^/]+(/termine/bestaetigen/\S+)", mail.outbox[0].body).group(1)
    # Opening the link (e.g. by a mail scanner) does not confirm yet.
    assert client.get(confirm_url).status_code == 200
    booking.refresh_from_db()
    assert booking.status == BookingStatus.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm_url)
    assert response.status_code == 302
    assert mail.outbox[-1].attachments
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    manage_page = client.get(response.url)
    assert "bestätigt" in manage_page.content.decode()
    ics = client.get(response.url + "termin.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in ics.content
    # Cancel through the manage link.
    client.post(response.url, {"reason": ""})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_booking_form_errors_are_shown_per_field(client, setup):
    location, ausweis, melde, day = setup
    response = client.post(_book_url(location, day), {"name": "", "email": "kaputt", "consent": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_email"' in html
    assert "Bitte stimmen Sie der Speicherung Ihrer Angaben zu." in html
    assert not Booking.objects.exists()


def test_taken_slot_is_reported_on_the_form(client, setup):
    location, ausweis, melde, day = setup
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    BookingFactory(location=location, start=start, end=start + dt.timedelta(minutes=20))
    response = client.post(
        _book_url(location, day), {"name": "Max Muster", "email": "max@example.org", "consent": "on"}
    )
    assert response.status_code == 200
    assert "nicht mehr frei" in response.content.decode()
    assert Booking.objects.count() == 1


def test_honeypot_refuses_bots(client, setup):
    location, ausweis, melde, day = setup
    client.post(
        _book_url(location, day),
        {"name": "Bot", "email": "bot@example.org", "consent": "on", "website": "http://spam.example"},
    )
    assert not Booking.objects.exists()


def test_invalid_tokens_give_404(client, setup):
    assert client.get(reverse("appointments:manage", args=["T-XXXX:falsch"])).status_code == 404
    assert client.post(reverse("appointments:confirm", args=["T-XXXX:1:falsch"])).status_code == 404


def test_day_view_is_back_office_only(client, setup):
    location, ausweis, melde, day = setup
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    booking = BookingFactory(
        location=location, start=start, end=start + dt.timedelta(minutes=20), name="Erika Beispiel"
    )
    booking.services.set([ausweis])
    url = reverse("appointments:backoffice_day")
    query = {"standort": "iserlohn", "tag": day.isoformat()}
    assert client.get(url, query).status_code == 302  # to login
    client.force_login(UserFactory())
    assert client.get(url, query).status_code == 403
    assert (
        client.post(reverse("appointments:backoffice_booking", args=[booking.pk]), {"action": "cancel"}).status_code
        == 403
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    staff = StaffFactory()
    location.department = staff.department  # the department that runs this counter
    location.save(update_fields=["department"])
    login_with_mfa(client, staff)
    html = client.get(url, query).content.decode()
    assert "Erika Beispiel" in html
    assert "Personalausweis beantragen" in html
    assert "<caption>" in html
    response = client.post(reverse("appointments:backoffice_booking", args=[booking.pk]), {"action": "attended"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ATTENDED


def test_day_view_without_locations(client, municipality):
    login_with_mfa(client, StaffFactory())
    response = client.get(reverse("appointments:backoffice_day"))
    assert response.status_code == 200
    assert "Keine Termine an diesem Tag." in response.content.decode()
