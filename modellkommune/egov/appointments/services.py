"""Writes of the appointments app: booking, double opt-in, cancellation, staff changes."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from modellkommune.core.constants import AuditAction
from modellkommune.core.ratelimit import rate_limit_exceeded
from modellkommune.core.services import audit_record

from .constants import (
    DEFAULT_MAX_ACTIVE_PER_EMAIL,
    DEFAULT_MAX_SERVICES,
    DEFAULT_RATE_PER_EMAIL,
    DEFAULT_RATE_PER_IP,
    BookingStatus,
)
from .models import AppointmentService, Booking, Location
from .notifications import confirm_minutes
from .selectors import slot_list, user_may_handle_booking
from .tokens import TokenExpired, confirm_token_read

_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
_REF_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over the phone


class BookingError(ValidationError):
    """A booking could not be made or changed; the message names the field."""


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _new_reference() -> str:
    return "T-" + "".join(secrets.choice(_REF_ALPHABET) for _i in range(8))


def _send(booking: Booking, kind: str) -> None:
    from .tasks import booking_mail_send

    transaction.on_commit(lambda: booking_mail_send.delay(booking.pk, kind))


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise BookingError({"name": _("Bitte geben Sie Ihren Namen an.")})
    if len(name) > 200:
        raise BookingError({"name": _("Der Name darf höchstens 200 Zeichen lang sein.")})
    if _HTML.search(name) or any(ord(c) < 32 for c in name):
        raise BookingError({"name": _("Bitte geben Sie Ihren Namen ohne Sonderzeichen wie < und > an.")})
    return name


def _clean_email(email: str) -> str:
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise BookingError({"email": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")}) from exc
    return email


def _clean_phone(phone: str) -> str:
    phone = (phone or "").strip()
    if phone and not re.fullmatch(r"[+0-9 ()/-]{4,30}", phone):
        raise BookingError({"phone": _("Bitte geben Sie die Telefonnummer nur mit Ziffern, +, / und - an.")})
    return phone


def _clean_services(location: Location, services: Sequence[AppointmentService]) -> list[AppointmentService]:
    services = list(dict.fromkeys(services))
    if not services:
        raise BookingError({"services": _("Bitte wählen Sie mindestens eine Leistung.")})
    max_services = _setting("APPOINTMENTS_MAX_SERVICES", DEFAULT_MAX_SERVICES)
    if len(services) > max_services:
        raise BookingError(
            {"services": _("Bitte wählen Sie höchstens %(n)d Leistungen für einen Termin.") % {"n": max_services}}
        )
    offered = set(AppointmentService.objects.filter(active=True, locations=location).values_list("pk", flat=True))
    for service in services:
        if service.pk not in offered:
            raise BookingError(
                {"services": _("„%(s)s“ wird am Standort %(l)s nicht angeboten.") % {"s": service, "l": location}}
            )
    return services


def _check_rate_limits(*, email: str, ip: str | None) -> None:
    day = 24 * 3600
    if rate_limit_exceeded(
        scope="appt-email",
        key=email,
        limit=_setting("APPOINTMENTS_RATE_PER_EMAIL", DEFAULT_RATE_PER_EMAIL),
        window_seconds=day,
    ):
        raise BookingError(
            {"email": _("Mit dieser E-Mail-Adresse wurden heute zu viele Buchungen versucht. Bitte morgen erneut.")}
        )
    if ip and rate_limit_exceeded(
        scope="appt-ip", key=ip, limit=_setting("APPOINTMENTS_RATE_PER_IP", DEFAULT_RATE_PER_IP), window_seconds=3600
    ):
        raise BookingError(_("Zu viele Buchungen von Ihrem Anschluss. Bitte versuchen Sie es in einer Stunde erneut."))


def bookings_expire(*, location: Location | None = None, now: dt.datetime | None = None) -> int:
    """Pending bookings whose confirmation window has passed release their slot."""
    now = now or timezone.now()
    qs = Booking.objects.filter(status=BookingStatus.PENDING, expires_at__lte=now)
    if location is not None:
        qs = qs.filter(location=location)
    return qs.update(status=BookingStatus.EXPIRED)


def booking_create(
    *,
    location: Location,
    services: Sequence[AppointmentService],
    start: dt.datetime,
    name: str,
    email: str,
    phone: str = "",
    ip: str | None = None,
    now: dt.datetime | None = None,
) -> Booking:
    """Reserve a slot (pending) and mail a confirmation link. The slot is held until the link expires.

    Concurrency: the location row is locked (SELECT … FOR UPDATE) before free slots are computed, so
    two requests for the same location are serialised and the second sees the first's booking."""
    now = now or timezone.now()
    name, email, phone = _clean_name(name), _clean_email(email), _clean_phone(phone)
    services = _clean_services(location, services)
    if timezone.is_naive(start):
        raise BookingError({"start": _("Bitte wählen Sie eine Uhrzeit aus der Liste.")})
    _check_rate_limits(email=email, ip=ip)
    max_active = _setting("APPOINTMENTS_MAX_ACTIVE_PER_EMAIL", DEFAULT_MAX_ACTIVE_PER_EMAIL)
    with transaction.atomic():
        locked = Location.objects.select_for_update().get(pk=location.pk)
        active = Booking.objects.filter(
            email__iexact=email, start__gt=now, status__in=[BookingStatus.PENDING, BookingStatus.CONFIRMED]
        ).exclude(status=BookingStatus.PENDING, expires_at__lte=now)
        if active.count() >= max_active:
            raise BookingError(
                {
                    "email": _("Sie haben bereits %(n)d offene Termine. Bitte sagen Sie zuerst einen ab.")
                    % {"n": max_active}
                }
            )
        bookings_expire(location=locked, now=now)
        day = timezone.localtime(start).date()
        slot = next(
            (s for s in slot_list(location=locked, services=services, day=day, now=now) if s.start == start), None
        )
        if slot is None:
            raise BookingError(
                {"start": _("Dieser Termin ist leider nicht mehr frei. Bitte wählen Sie eine andere Zeit.")}
            )
        for _attempt in range(3):
            try:
                with transaction.atomic():
                    booking = Booking.objects.create(
                        reference=_new_reference(),
                        location=locked,
                        start=slot.start,
                        end=slot.end,
                        counter=slot.counter,
                        name=name,
                        email=email,
                        phone=phone,
                        status=BookingStatus.PENDING,
                        expires_at=now + dt.timedelta(minutes=confirm_minutes()),
                    )
                break
            except IntegrityError as exc:
                if Booking.objects.filter(location=locked, counter=slot.counter, start=slot.start).exists():
                    raise BookingError({"start": _("Dieser Termin ist leider nicht mehr frei.")}) from exc
                continue  # reference collision: draw another
        else:
            raise BookingError(_("Die Buchung konnte nicht gespeichert werden. Bitte versuchen Sie es erneut."))
        booking.services.set(services)
        _send(booking, "request")
    return booking


def booking_confirm(*, token: str, now: dt.datetime | None = None) -> Booking:
    """Double opt-in: the link from the e-mail confirms the pending booking (idempotent)."""
    now = now or timezone.now()
    try:
        reference = confirm_token_read(token, max_age_seconds=confirm_minutes() * 60)
    except TokenExpired as exc:
        raise BookingError(_("Der Bestätigungslink ist abgelaufen. Bitte buchen Sie den Termin neu.")) from exc
    with transaction.atomic():
        booking = Booking.objects.select_for_update().filter(reference=reference).first()
        if booking is None:
            raise BookingError(_("Diesen Termin gibt es nicht (mehr)."))
        if booking.status == BookingStatus.CONFIRMED:
            return booking
        if booking.status != BookingStatus.PENDING or (booking.expires_at and booking.expires_at <= now):
            if booking.status == BookingStatus.PENDING:
                booking.status = BookingStatus.EXPIRED
                booking.save(update_fields=["status"])
            raise BookingError(_("Der Termin kann nicht mehr bestätigt werden. Bitte buchen Sie neu."))
        booking.status = BookingStatus.CONFIRMED
        booking.confirmed_at = now
        booking.save(update_fields=["status", "confirmed_at"])
        _send(booking, "confirmed")
    return booking


def booking_cancel(*, booking: Booking, actor=None, reason: str = "", now: dt.datetime | None = None) -> Booking:
    """Cancel by the citizen (through the signed link, actor None) or by staff (audited)."""
    now = now or timezone.now()
    if actor is not None and not getattr(actor, "is_back_office", False):
        raise PermissionDenied(_("Nur Beschäftigte der Verwaltung dürfen Termine anderer absagen."))
    with transaction.atomic():
        booking = Booking.objects.select_for_update(of=("self",)).select_related("location").get(pk=booking.pk)
        if actor is not None and not user_may_handle_booking(user=actor, booking=booking):
            raise PermissionDenied(_("Termine dieses Standorts betreut ein anderer Fachbereich."))
        if not booking.is_active:
            raise BookingError(_("Dieser Termin ist bereits %(s)s.") % {"s": booking.get_status_display()})
        if actor is None and booking.start <= now:
            raise BookingError(_("Ein Termin in der Vergangenheit kann nicht abgesagt werden."))
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_at = now
        booking.save(update_fields=["status", "cancelled_at"])
        if actor is not None:
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=booking,
                changes={"status": ["active", BookingStatus.CANCELLED]},
                message=(_("Termin abgesagt: %(r)s") % {"r": reason})[:500] if reason else _("Termin abgesagt"),
            )
        _send(booking, "cancelled")
    return booking


def booking_set_attendance(*, booking: Booking, actor, attended: bool) -> Booking:
    """Staff record whether the person came."""
    if not getattr(actor, "is_back_office", False):
        raise PermissionDenied(_("Nur Beschäftigte der Verwaltung dürfen das eintragen."))
    with transaction.atomic():
        booking = Booking.objects.select_for_update(of=("self",)).select_related("location").get(pk=booking.pk)
        if not user_may_handle_booking(user=actor, booking=booking):
            raise PermissionDenied(_("Termine dieses Standorts betreut ein anderer Fachbereich."))
        if booking.status not in (BookingStatus.CONFIRMED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW):
            raise BookingError(_("Nur bestätigte Termine können als wahrgenommen markiert werden."))
        old = booking.status
        booking.status = BookingStatus.ATTENDED if attended else BookingStatus.NO_SHOW
        booking.save(update_fields=["status"])
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=booking, changes={"status": [old, booking.status]})
    return booking


def bookings_anonymise(*, older_than_days: int | None = None, now: dt.datetime | None = None) -> int:
    """Data minimisation: personal data of appointments that ended long ago is replaced; the statistics
    (location, services, time, status) stay."""
    now = now or timezone.now()
    days = older_than_days if older_than_days is not None else _setting("APPOINTMENTS_RETENTION_DAYS", 90)
    return (
        Booking.objects.filter(end__lt=now - dt.timedelta(days=days))
        .exclude(email="")
        .update(name=_("anonymisiert"), email="", phone="")
    )
