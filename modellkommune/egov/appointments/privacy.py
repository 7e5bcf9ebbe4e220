"""Personal data of appointments, for "Meine Daten" and account deletion (see core.privacy).

Bookings are made without an account, by e-mail address; the account's address is verified
(allauth, mandatory), so bookings under that address belong to this person."""

from __future__ import annotations

import contextlib

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Booking
from .services import BookingError, booking_cancel


def _bookings_of(user):
    if not user.email:
        return Booking.objects.none()
    return Booking.objects.filter(email__iexact=user.email).select_related("location").prefetch_related("services")


def personal_data_export(*, user) -> dict[str, list]:
    return {
        "termine": [
            {
                "terminnummer": b.reference,
                "standort": b.location.name,
                "leistungen": [s.name for s in b.services.all()],
                "beginn": b.start.isoformat(),
                "status": b.status,
                "name": b.name,
                "email": b.email,
                "telefon": b.phone,
                "gebucht_am": b.created.isoformat(),
            }
            for b in _bookings_of(user)
        ]
    }


def personal_data_erase(*, user) -> dict[str, int]:
    """Future appointments are cancelled (the counter becomes free); all are anonymised as the
    retention job would do, the statistics (place, time, status) stay."""
    bookings = _bookings_of(user)
    now = timezone.now()
    for booking in bookings.filter(start__gt=now):
        if booking.is_active:
            with contextlib.suppress(BookingError):  # became inactive meanwhile: nothing to cancel
                booking_cancel(booking=booking, now=now)
    count = bookings.update(name=_("anonymisiert"), email="", phone="")
    return {"termine": count}
