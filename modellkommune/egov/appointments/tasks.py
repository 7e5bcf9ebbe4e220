"""Background jobs: e-mails, reminders the day before, expiry of unconfirmed bookings."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from .models import Booking


@shared_task
def booking_mail_send(booking_id: int, kind: str) -> bool:
    from .notifications import booking_message

    booking = Booking.objects.select_related("location").filter(pk=booking_id).first()
    if booking is None:
        return False
    booking_message(booking=booking, kind=kind).send()
    return True


@shared_task
def reminders_send() -> int:
    """Remind everyone with a confirmed appointment tomorrow. Idempotent: a booking is claimed by
    setting reminder_sent_at in the same statement that checks it is still empty, so two workers
    (or two runs in one hour) never send the same reminder twice."""
    from .notifications import booking_message
    from .selectors import bookings_due_for_reminder
    from .services import bookings_expire

    bookings_expire()
    sent = 0
    for booking_id in list(bookings_due_for_reminder().values_list("pk", flat=True)):
        with transaction.atomic():
            claimed = Booking.objects.filter(pk=booking_id, reminder_sent_at__isnull=True).update(
                reminder_sent_at=timezone.now()
            )
            if not claimed:
                continue
            booking = Booking.objects.select_related("location").get(pk=booking_id)
            # If sending fails the transaction rolls back and the next run tries again.
            booking_message(booking=booking, kind="reminder").send()
            sent += 1
    return sent


@shared_task
def bookings_expire_task() -> int:
    from .services import bookings_expire

    return bookings_expire()


@shared_task
def bookings_anonymise_task() -> int:
    from .services import bookings_anonymise

    return bookings_anonymise()
