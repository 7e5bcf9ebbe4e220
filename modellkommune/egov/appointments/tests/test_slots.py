"""Free-slot computation: opening hours, closed days, overlaps, capacity, lead time, combined services."""

import datetime as dt

import pytest

from modellkommune.egov.appointments.constants import BookingStatus
from modellkommune.egov.appointments.models import ClosedDay
from modellkommune.egov.appointments.selectors import slot_list
from modellkommune.egov.appointments.slots import Busy, slots_for_day

from .conftest import BERLIN, NOW, TUESDAY, at
from .factories import BookingFactory, LocationFactory


def _times(slots):
    return [s.start.strftime("%H:%M") for s in slots]


def test_slots_fill_every_interval_and_end_before_closing():
    slots = slots_for_day(
        day=TUESDAY,
        duration=dt.timedelta(minutes=30),
        intervals=[(dt.time(14), dt.time(15)), (dt.time(8), dt.time(9))],
        busy=[],
        counters=1,
        step=dt.timedelta(minutes=15),
        earliest=NOW,
        tz=BERLIN,
    )
    # 08:45 would end at 09:15, after closing; the afternoon interval is used too.
    assert _times(slots) == ["08:00", "08:15", "08:30", "14:00", "14:15", "14:30"]
    assert slots[0].end == at(TUESDAY, 8, 30)


def test_closed_day_has_no_slots():
    kwargs = {
        "day": TUESDAY,
        "duration": dt.timedelta(minutes=10),
        "intervals": [(dt.time(8), dt.time(12))],
        "busy": [],
        "counters": 2,
        "step": dt.timedelta(minutes=10),
        "earliest": NOW,
        "tz": BERLIN,
    }
    assert slots_for_day(**kwargs)
    assert slots_for_day(**kwargs, closed=True) == []


def test_partial_overlap_blocks_slot_on_the_only_counter():
    busy = [Busy(start=at(TUESDAY, 8, 10), end=at(TUESDAY, 8, 30), counter=1)]
    slots = slots_for_day(
        day=TUESDAY,
        duration=dt.timedelta(minutes=20),
        intervals=[(dt.time(8), dt.time(9))],
        busy=busy,
        counters=1,
        step=dt.timedelta(minutes=10),
        earliest=NOW,
        tz=BERLIN,
    )
    # 08:00–08:20 overlaps 08:10–08:30 partly; 08:30 touches the end and is free.
    assert _times(slots) == ["08:30", "08:40"]


def test_second_counter_keeps_slot_free_and_is_assigned():
    busy = [Busy(start=at(TUESDAY, 8), end=at(TUESDAY, 8, 20), counter=1)]
    slots = slots_for_day(
        day=TUESDAY,
        duration=dt.timedelta(minutes=20),
        intervals=[(dt.time(8), dt.time(8, 20))],
        busy=busy,
        counters=2,
        step=dt.timedelta(minutes=10),
        earliest=NOW,
        tz=BERLIN,
    )
    assert _times(slots) == ["08:00"]
    assert slots[0].counter == 2


def test_interleaved_bookings_on_two_counters_block_a_long_slot():
    # Counter 1 busy 8:00–8:20, counter 2 busy 8:20–8:40: a count of overlaps would be 1 at any instant,
    # but no single counter is free for 8:00–8:40.
    busy = [
        Busy(start=at(TUESDAY, 8), end=at(TUESDAY, 8, 20), counter=1),
        Busy(start=at(TUESDAY, 8, 20), end=at(TUESDAY, 8, 40), counter=2),
    ]
    slots = slots_for_day(
        day=TUESDAY,
        duration=dt.timedelta(minutes=40),
        intervals=[(dt.time(8), dt.time(8, 40))],
        busy=busy,
        counters=2,
        step=dt.timedelta(minutes=10),
        earliest=NOW,
        tz=BERLIN,
    )
    assert slots == []


def test_lead_time_hides_slots_too_soon():
    slots = slots_for_day(
        day=TUESDAY,
        duration=dt.timedelta(minutes=30),
        intervals=[(dt.time(8), dt.time(10))],
        busy=[],
        counters=1,
        step=dt.timedelta(minutes=30),
        earliest=at(TUESDAY, 8, 45),
        tz=BERLIN,
    )
    assert _times(slots) == ["09:00", "09:30"]


@pytest.mark.django_db
def test_multi_service_uses_sum_of_durations(location, ausweis, melde):
    single = slot_list(location=location, services=[melde], day=TUESDAY, now=NOW)
    combined = slot_list(location=location, services=[ausweis, melde], day=TUESDAY, now=NOW)
    assert combined[0].end - combined[0].start == dt.timedelta(minutes=30)
    # Opening 08:00–12:00, step 10: last start 11:50 for 10 minutes, 11:30 for 30 minutes.
    assert _times(single)[-1] == "11:50"
    assert _times(combined)[-1] == "11:30"


@pytest.mark.django_db
def test_location_and_global_closed_days(location, melde):
    ClosedDay.objects.create(location=location, date=TUESDAY, reason="Betriebsausflug")
    assert slot_list(location=location, services=[melde], day=TUESDAY, now=NOW) == []
    wednesday = TUESDAY + dt.timedelta(days=1)
    ClosedDay.objects.create(location=None, date=wednesday, reason="Feiertag")
    assert slot_list(location=location, services=[melde], day=wednesday, now=NOW) == []
    other = LocationFactory()
    assert slot_list(location=other, services=[melde], day=TUESDAY, now=NOW)  # other location still open


@pytest.mark.django_db
def test_sunday_without_opening_hours_has_no_slots(location, melde):
    sunday = dt.date(2026, 11, 29)
    assert slot_list(location=location, services=[melde], day=sunday, now=NOW) == []


@pytest.mark.django_db
def test_existing_bookings_block_but_cancelled_and_expired_pending_do_not(location, melde):
    BookingFactory(location=location, start=at(TUESDAY, 8), end=at(TUESDAY, 8, 10), status=BookingStatus.CONFIRMED)
    BookingFactory(location=location, start=at(TUESDAY, 8, 10), end=at(TUESDAY, 8, 20), status=BookingStatus.CANCELLED)
    BookingFactory(
        location=location,
        start=at(TUESDAY, 8, 20),
        end=at(TUESDAY, 8, 30),
        status=BookingStatus.PENDING,
        expires_at=NOW - dt.timedelta(minutes=1),
    )
    BookingFactory(
        location=location,
        start=at(TUESDAY, 8, 30),
        end=at(TUESDAY, 8, 40),
        status=BookingStatus.PENDING,
        expires_at=NOW + dt.timedelta(minutes=30),
    )
    times = _times(slot_list(location=location, services=[melde], day=TUESDAY, now=NOW))
    assert "08:00" not in times
    assert "08:10" in times
    assert "08:20" in times
    assert "08:30" not in times


@pytest.mark.django_db
def test_past_days_and_days_beyond_horizon_are_empty(location, melde):
    assert slot_list(location=location, services=[melde], day=NOW.date() - dt.timedelta(days=1), now=NOW) == []
    far = NOW.date() + dt.timedelta(days=location.horizon_days + 7)
    assert slot_list(location=location, services=[melde], day=far, now=NOW) == []


@pytest.mark.django_db
def test_day_overview_agrees_with_single_days_in_few_queries(location, ausweis, django_assert_max_num_queries):
    from modellkommune.egov.appointments.selectors import day_overview

    BookingFactory(location=location, start=at(TUESDAY, 8), end=at(TUESDAY, 9), status=BookingStatus.CONFIRMED)
    ClosedDay.objects.create(location=None, date=TUESDAY + dt.timedelta(days=1), reason="Feiertag")
    with django_assert_max_num_queries(4):
        overview = day_overview(location=location, services=[ausweis], since=NOW.date(), days=14, now=NOW)
    for day, count in overview:
        assert count == len(slot_list(location=location, services=[ausweis], day=day, now=NOW))
    counts = dict(overview)
    assert counts[TUESDAY + dt.timedelta(days=1)] == 0  # holiday
    assert counts[TUESDAY] < counts[TUESDAY + dt.timedelta(days=2)]  # the booked hour is missing
