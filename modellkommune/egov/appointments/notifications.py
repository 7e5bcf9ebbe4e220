"""E-mails to the person who booked. Sent from tasks (tasks.py), rendered from templates."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .ical import booking_ical
from .models import Booking
from .tokens import confirm_token, manage_token

KINDS = ("request", "confirmed", "cancelled", "reminder")


def _subject(kind: str, booking: Booking) -> str:
    subjects = {
        "request": _("Bitte bestätigen Sie Ihren Termin %(ref)s"),
        "confirmed": _("Ihr Termin %(ref)s ist bestätigt"),
        "cancelled": _("Ihr Termin %(ref)s wurde abgesagt"),
        "reminder": _("Erinnerung: Ihr Termin %(ref)s morgen"),
    }
    return subjects[kind] % {"ref": booking.reference}


def booking_message(*, booking: Booking, kind: str) -> EmailMessage:
    if kind not in KINDS:
        raise ValueError(kind)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "booking": booking,
            "services": list(booking.services.all()),
            "confirm_url": settings.SITE_URL + reverse("appointments:confirm", args=[confirm_token(booking)]),
            "manage_url": settings.SITE_URL + reverse("appointments:manage", args=[manage_token(booking)]),
            "confirm_minutes": confirm_minutes(),
        }
        body = render_to_string(f"appointments/email/{kind}.txt", context)
        message = EmailMessage(
            subject=_subject(kind, booking),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[booking.email],
            reply_to=[booking.location.email] if booking.location.email else None,
        )
        if kind in ("confirmed", "reminder", "cancelled"):
            message.attach(f"termin-{booking.reference}.ics", booking_ical(booking), "text/calendar; charset=utf-8")
    return message


def confirm_minutes() -> int:
    from .constants import DEFAULT_CONFIRM_MINUTES

    return int(getattr(settings, "APPOINTMENTS_CONFIRM_MINUTES", DEFAULT_CONFIRM_MINUTES))
