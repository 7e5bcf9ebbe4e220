"""Booking, double opt-in, cancellation, e-mails with iCal, reminders, expiry, validation, rate limits."""

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from icalendar import Calendar

from modellkommune.accounts.tests.factories import StaffFactory, UserFactory
from modellkommune.core.models import AuditLogEntry
from modellkommune.egov.appointments.constants import BookingStatus
from modellkommune.egov.appointments.services import (
    BookingError,
    booking_cancel,
    booking_confirm,
    booking_create,
    booking_set_attendance,
    bookings_expire,
)
from modellkommune.egov.appointments.tasks import reminders_send
from modellkommune.egov.appointments.tokens import confirm_token

from .conftest import NOW, TUESDAY, at
from .factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(location, ausweis, django_capture_on_commit_callbacks):
    def _book(start=None, email="erika@example.org", services=None, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return booking_create(
                location=location,
                services=services or [ausweis],
                start=start or at(TUESDAY, 9),
                name=kwargs.pop("name", "Erika Beispiel"),
                email=email,
                now=kwargs.pop("now", NOW),
                **kwargs,
            )

    return _book


def test_booking_is_pending_and_mails_a_confirm_link(book):
    booking = book()
    assert booking.status == BookingStatus.PENDING
    assert booking.end == at(TUESDAY, 9, 20)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["erika@example.org"]
    assert booking.reference in message.subject
    assert "/termine/bestaetigen/" in message.body
    assert "Dienstag, 24. November 2026, 09:00" in message.body


def test_double_opt_in_confirms_and_sends_ical(book, django_capture_on_commit_callbacks):
    booking = book()
    token = confirm_token(booking)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = booking_confirm(token=token, now=NOW)
    assert confirmed.status == BookingStatus.CONFIRMED
    message = mail.outbox[-1]
    assert "bestätigt" in message.subject
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == at(TUESDAY, 9)
    assert event.decoded("dtend") == at(TUESDAY, 9, 20)
    assert "Personalausweis beantragen" in str(event["summary"])
    assert "Schillerplatz 7" in str(event["location"])
    assert booking.reference in str(event["uid"])
    # Clicking the link twice is harmless and sends nothing more.
    count = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        booking_confirm(token=token, now=NOW)
    assert len(mail.outbox) == count


def test_forged_or_tampered_token_is_rejected(book):
    from modellkommune.egov.appointments.tokens import TokenInvalid

    booking = book()
    with pytest.raises(TokenInvalid):
        booking_confirm(token=booking.reference + ":forged")
    with pytest.raises(TokenInvalid):
        booking_confirm(token=confirm_token(booking)[:-2] + "xx")


def test_expired_confirm_link_releases_the_slot(book, location, ausweis):
    booking = book()
    token = confirm_token(booking)
    later = timezone.now() + dt.timedelta(hours=3)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()), pytest.raises(BookingError):
        booking_confirm(token=token, now=NOW)
    # The expiry job frees the slot for someone else.
    assert bookings_expire(now=booking.expires_at + dt.timedelta(seconds=1)) == 1
    booking.refresh_from_db()
    assert booking.status == BookingStatus.EXPIRED
    other = book(email="max@example.org", now=booking.expires_at + dt.timedelta(seconds=1))
    assert other.start == booking.start


def test_pending_booking_holds_its_slot(book, location):
    book(email="a@example.org")
    with pytest.raises(BookingError) as exc:
        book(email="b@example.org")
    assert "start" in exc.value.error_dict


def test_citizen_cancels_and_slot_is_free_again(book, django_capture_on_commit_callbacks):
    booking = book()
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=booking, now=NOW)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert "abgesagt" in mail.outbox[-1].subject
    again = book(email="b@example.org")
    assert again.start == booking.start
    with pytest.raises(BookingError):
        booking_cancel(booking=booking, now=NOW)  # already cancelled


def _runs(staff, location) -> None:
    """Staff may change only the bookings of the locations their department runs."""
    location.department = staff.department
    location.save(update_fields=["department"])


def test_staff_cancellation_is_audited_and_citizens_cannot_cancel_for_others(book, django_capture_on_commit_callbacks):
    booking = book()
    with pytest.raises(PermissionDenied):
        booking_cancel(booking=booking, actor=UserFactory())
    staff = StaffFactory()
    _runs(staff, booking.location)
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=booking, actor=staff, reason="Krankheit", now=NOW)
    entry = AuditLogEntry.objects.get(object_id=str(booking.pk), object_type="appointments.booking")
    assert entry.actor == staff
    assert "Krankheit" in entry.message


def test_attendance_only_for_confirmed_and_audited(book):
    booking = book()
    staff = StaffFactory()
    _runs(staff, booking.location)
    with pytest.raises(BookingError):
        booking_set_attendance(booking=booking, actor=staff, attended=True)
    booking_confirm(token=confirm_token(booking), now=NOW)
    updated = booking_set_attendance(booking=booking, actor=staff, attended=False)
    assert updated.status == BookingStatus.NO_SHOW
    assert AuditLogEntry.objects.filter(object_id=str(booking.pk), actor=staff).exists()


def test_reminder_sent_once_for_tomorrow(book, django_capture_on_commit_callbacks):
    booking = book(now=NOW)
    booking_confirm(token=confirm_token(booking), now=NOW)
    mail.outbox.clear()
    day_before = at(TUESDAY - dt.timedelta(days=1), 18)
    with mock.patch("django.utils.timezone.now", return_value=day_before):
        assert reminders_send() == 1
        assert reminders_send() == 0
    assert len(mail.outbox) == 1
    assert "Erinnerung" in mail.outbox[0].subject
    assert mail.outbox[0].attachments[0][0].endswith(".ics")


def test_no_reminder_for_pending_or_cancelled(book, location, ausweis):
    book(email="p@example.org", start=at(TUESDAY, 9))
    cancelled = book(email="c@example.org", start=at(TUESDAY, 10))
    booking_cancel(booking=cancelled, now=NOW)
    mail.outbox.clear()
    with mock.patch("django.utils.timezone.now", return_value=at(TUESDAY - dt.timedelta(days=1), 18)):
        assert reminders_send() == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("name", {"name": "   "}),
        ("name", {"name": "<script>alert(1)</script>"}),
        ("email", {"email": "keine-adresse"}),
        ("phone", {"phone": "ruf mich an"}),
        ("start", {"start": at(TUESDAY, 9, 5)}),  # not on the 10-minute grid
        ("start", {"start": at(TUESDAY, 11, 50)}),  # 20 minutes do not fit before 12:00
        ("start", {"start": at(dt.date(2026, 11, 29), 9)}),  # Sunday: closed
    ],
)
def test_validation_errors_name_the_field(book, field, kwargs):
    with pytest.raises(BookingError) as exc:
        book(**kwargs)
    assert field in exc.value.error_dict


def test_service_not_offered_at_location_is_refused(book):
    elsewhere = ServiceFactory(name="Fischereischein")
    with pytest.raises(BookingError) as exc:
        book(services=[elsewhere])
    assert "services" in exc.value.error_dict
    assert "Fischereischein" in exc.value.messages[0]


def test_one_email_may_hold_only_a_few_appointments(book, settings):
    settings.APPOINTMENTS_MAX_ACTIVE_PER_EMAIL = 2
    book(start=at(TUESDAY, 9))
    book(start=at(TUESDAY, 10))
    with pytest.raises(BookingError) as exc:
        book(start=at(TUESDAY, 11))
    assert "email" in exc.value.error_dict


def test_rate_limit_per_email_and_ip(book, settings):
    settings.APPOINTMENTS_RATE_PER_EMAIL = 2
    settings.APPOINTMENTS_RATE_PER_IP = 3
    settings.APPOINTMENTS_MAX_ACTIVE_PER_EMAIL = 10
    book(start=at(TUESDAY, 9), ip="203.0.113.5")
    book(start=at(TUESDAY, 10), ip="203.0.113.5")
    with pytest.raises(BookingError) as exc:
        book(start=at(TUESDAY, 11), ip="203.0.113.6")
    assert "E-Mail-Adresse" in exc.value.messages[0]
    book(start=at(TUESDAY, 11), email="other@example.org", ip="203.0.113.5")
    with pytest.raises(BookingError) as exc:
        book(start=at(TUESDAY, 11, 30), email="third@example.org", ip="203.0.113.5")
    assert "Anschluss" in exc.value.messages[0]


def test_hourly_job_expires_unconfirmed_bookings(book):
    booking = book()
    with mock.patch("django.utils.timezone.now", return_value=booking.expires_at + dt.timedelta(minutes=1)):
        reminders_send()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.EXPIRED


def test_old_bookings_are_anonymised(book):
    from modellkommune.egov.appointments.services import bookings_anonymise

    booking = book()
    assert bookings_anonymise(now=booking.end + dt.timedelta(days=30)) == 0
    assert bookings_anonymise(now=booking.end + dt.timedelta(days=91)) == 1
    booking.refresh_from_db()
    assert booking.email == ""
    assert "Erika" not in booking.name
    assert booking.services.exists()  # statistics stay
