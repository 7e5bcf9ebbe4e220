"""Reads of the appointments app."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from .constants import BookingStatus
from .models import AppointmentService, Booking, ClosedDay, Location
from .slots import Busy, Slot, slots_for_day


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def location_list_public() -> QuerySet[Location]:
    return Location.objects.filter(active=True).prefetch_related("opening_hours")


def location_list_for_staff(*, user) -> QuerySet[Location]:
    """Locations whose bookings this member of staff may see (with names) and change: those of their
    own department; administrators all. A location without a department: administrators only."""
    from modellkommune.accounts.permissions import user_department_id, user_sees_all_departments

    qs = Location.objects.select_related("department").order_by("name")
    if user_sees_all_departments(user):
        return qs
    department_id = user_department_id(user)
    if department_id is None:
        return qs.none()
    return qs.filter(department_id=department_id)


def user_may_handle_booking(*, user, booking: Booking) -> bool:
    from modellkommune.accounts.permissions import user_in_department

    return user_in_department(user, booking.location.department_id)


def service_list_public(*, location: Location | None = None) -> QuerySet[AppointmentService]:
    qs = AppointmentService.objects.filter(active=True)
    if location is not None:
        qs = qs.filter(locations=location)
    return qs.distinct()


def closed_day_list(*, location: Location, since: dt.date, until: dt.date) -> QuerySet[ClosedDay]:
    return ClosedDay.objects.filter(Q(location=location) | Q(location__isnull=True), date__range=(since, until))


def day_is_closed(*, location: Location, day: dt.date) -> bool:
    return closed_day_list(location=location, since=day, until=day).exists()


def blocking_bookings(*, location: Location, since: dt.datetime, until: dt.datetime, now: dt.datetime | None = None):
    """Bookings that occupy a counter in [since, until): confirmed ones and pending ones not yet expired."""
    now = now or timezone.now()
    return Booking.objects.filter(location=location, start__lt=until, end__gt=since).filter(
        Q(status__in=[BookingStatus.CONFIRMED, BookingStatus.ATTENDED])
        | Q(status=BookingStatus.PENDING, expires_at__gt=now)
    )


def total_duration(services: Sequence[AppointmentService]) -> dt.timedelta:
    return dt.timedelta(minutes=sum(s.duration_minutes for s in services))


def bookable_until(*, location: Location, now: dt.datetime | None = None) -> dt.date:
    now = now or timezone.now()
    return now.astimezone(_tz()).date() + dt.timedelta(days=location.horizon_days)


def slot_list(
    *, location: Location, services: Sequence[AppointmentService], day: dt.date, now: dt.datetime | None = None
) -> list[Slot]:
    """Free slots on `day` for the combined duration of `services` at `location`."""
    return slot_lists(location=location, services=services, days=[day], now=now)[day]


def slot_lists(
    *,
    location: Location,
    services: Sequence[AppointmentService],
    days: Sequence[dt.date],
    now: dt.datetime | None = None,
) -> dict[dt.date, list[Slot]]:
    """Free slots for several days with one query for bookings and one for closed days (the day navigation)."""
    now = now or timezone.now()
    tz = _tz()
    result: dict[dt.date, list[Slot]] = {day: [] for day in days}
    today, last = now.astimezone(tz).date(), bookable_until(location=location, now=now)
    wanted = sorted(d for d in days if today <= d <= last)
    if not location.active or not services or not wanted:
        return result
    since = dt.datetime.combine(wanted[0], dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(wanted[-1] + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    rows = blocking_bookings(location=location, since=since, until=until, now=now).values_list(
        "start", "end", "counter"
    )
    busy = [Busy(start=start, end=end, counter=counter) for start, end, counter in rows]
    closed = set(closed_day_list(location=location, since=wanted[0], until=wanted[-1]).values_list("date", flat=True))
    hours = list(location.opening_hours.all())
    duration = total_duration(services)
    by_day: dict[dt.date, list[Busy]] = {}
    for b in busy:  # a booking belongs to the local day(s) it touches
        first, last_day = b.start.astimezone(tz).date(), (b.end - dt.timedelta(microseconds=1)).astimezone(tz).date()
        for offset in range((last_day - first).days + 1):
            by_day.setdefault(first + dt.timedelta(days=offset), []).append(b)
    for day in wanted:
        result[day] = slots_for_day(
            day=day,
            duration=duration,
            intervals=[(h.start, h.end) for h in hours if h.weekday == day.weekday()],
            busy=by_day.get(day, []),
            counters=location.counters,
            step=dt.timedelta(minutes=location.slot_step_minutes),
            earliest=now + dt.timedelta(minutes=location.lead_time_minutes),
            tz=tz,
            closed=day in closed,
        )
    return result


def day_overview(
    *,
    location: Location,
    services: Sequence[AppointmentService],
    since: dt.date,
    days: int = 14,
    now: dt.datetime | None = None,
) -> list[tuple[dt.date, int]]:
    """(day, number of free slot starts) for the next `days` days, for the day navigation of the picker."""
    dates = [since + dt.timedelta(days=i) for i in range(days)]
    slots = slot_lists(location=location, services=services, days=dates, now=now)
    return [(day, len(slots[day])) for day in dates]


def booking_day_list(*, location: Location, day: dt.date) -> QuerySet[Booking]:
    """The staff view of one day: everything except expired requests."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=_tz())
    return (
        Booking.objects.filter(location=location, start__gte=start, start__lt=start + dt.timedelta(days=1))
        .exclude(status=BookingStatus.EXPIRED)
        .prefetch_related("services")
        .order_by("start", "counter")
    )


def booking_get_by_reference(*, reference: str) -> Booking | None:
    return Booking.objects.select_related("location").prefetch_related("services").filter(reference=reference).first()


def bookings_due_for_reminder(*, now: dt.datetime | None = None) -> QuerySet[Booking]:
    """Confirmed appointments tomorrow (local date) that have not had a reminder."""
    now = now or timezone.now()
    tomorrow = now.astimezone(_tz()).date() + dt.timedelta(days=1)
    start = dt.datetime.combine(tomorrow, dt.time.min, tzinfo=_tz())
    return Booking.objects.filter(
        status=BookingStatus.CONFIRMED,
        reminder_sent_at__isnull=True,
        start__gte=start,
        start__lt=start + dt.timedelta(days=1),
    )
