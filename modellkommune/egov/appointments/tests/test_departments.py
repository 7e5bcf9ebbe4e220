"""Department separation: only the department that runs a location sees its bookings and changes them."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from modellkommune.accounts.constants import Role
from modellkommune.accounts.tests.factories import StaffFactory, UserFactory
from modellkommune.accounts.tests.utils import login_with_mfa
from modellkommune.core.tests.factories import DepartmentFactory
from modellkommune.egov.appointments.constants import BookingStatus
from modellkommune.egov.appointments.services import booking_cancel, booking_set_attendance

from .factories import BookingFactory, LocationFactory

pytestmark = pytest.mark.django_db

ALL_WEEK = {wd: [(dt.time(8), dt.time(12))] for wd in range(7)}


@pytest.fixture
def buergerbuero(municipality):
    department = DepartmentFactory(name="Bürgerbüro")
    location = LocationFactory(name="Bürgerbüro Rathaus", slug="rathaus", hours=ALL_WEEK, department=department)
    day = timezone.localdate() + dt.timedelta(days=2)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    booking = BookingFactory(
        location=location, start=start, end=start + dt.timedelta(minutes=20), name="Erika Geheimname", phone="0171 555"
    )
    return department, location, day, booking


def _day(client, location, day):
    return client.get(reverse("appointments:backoffice_day"), {"standort": location.slug, "tag": day.isoformat()})


def test_road_works_clerk_sees_no_names_and_cannot_cancel(client, buergerbuero):
    _department, location, day, booking = buergerbuero
    tiefbau = StaffFactory(department=DepartmentFactory(name="Tiefbau"))
    login_with_mfa(client, tiefbau)
    response = _day(client, location, day)
    assert response.status_code == 404
    assert b"Erika Geheimname" not in response.content
    overview = client.get(reverse("appointments:backoffice_day"), {"tag": day.isoformat()})
    assert overview.status_code == 200
    assert b"Erika Geheimname" not in overview.content
    assert b"B\xc3\xbcrgerb\xc3\xbcro Rathaus" not in overview.content
    assert "kein Terminstandort zugeordnet" in overview.content.decode()
    for action in ("cancel", "attended", "no_show"):
        response = client.post(reverse("appointments:backoffice_booking", args=[booking.pk]), {"action": action})
        assert response.status_code == 404, action
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_services_refuse_other_departments_even_when_called_directly(buergerbuero):
    _department, _location, _day_, booking = buergerbuero
    tiefbau = StaffFactory(department=DepartmentFactory(name="Tiefbau"))
    with pytest.raises(PermissionDenied):
        booking_cancel(booking=booking, actor=tiefbau)
    with pytest.raises(PermissionDenied):
        booking_set_attendance(booking=booking, actor=tiefbau, attended=False)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_own_department_sees_names_and_cancels(client, buergerbuero, django_capture_on_commit_callbacks):
    department, location, day, booking = buergerbuero
    login_with_mfa(client, StaffFactory(department=department))
    response = _day(client, location, day)
    assert response.status_code == 200
    assert "Erika Geheimname" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("appointments:backoffice_booking", args=[booking.pk]), {"action": "cancel"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_location_without_department_is_for_administrators_only(client, buergerbuero):
    _department, location, day, booking = buergerbuero
    location.department = None
    location.save(update_fields=["department"])
    login_with_mfa(client, StaffFactory(department=DepartmentFactory(name="Bürgerbüro")))
    assert _day(client, location, day).status_code == 404
    admin = UserFactory(role=Role.ADMINISTRATOR, is_staff=True)
    login_with_mfa(client, admin)
    response = _day(client, location, day)
    assert response.status_code == 200
    assert "Erika Geheimname" in response.content.decode()


def test_staff_without_department_sees_nothing(client, buergerbuero):
    _department, location, day, _booking = buergerbuero
    login_with_mfa(client, StaffFactory(department=None))
    assert _day(client, location, day).status_code == 404
