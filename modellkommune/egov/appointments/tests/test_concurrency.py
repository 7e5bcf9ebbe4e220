"""Two people book overlapping times at the same moment: exactly one gets the appointment.

Runs on PostgreSQL only (SQLite serialises all writes anyway). Each thread has its own database
connection; slot computation is slowed down so that, without the row lock in booking_create, both
threads would see the slot free before either has saved."""

import threading
import time

import pytest
from django.db import connection

from modellkommune.egov.appointments import services as services_module
from modellkommune.egov.appointments.constants import BookingStatus
from modellkommune.egov.appointments.models import Booking
from modellkommune.egov.appointments.services import BookingError, booking_create

from .conftest import NOW, TUESDAY, at

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")


def _race(monkeypatch, location, service, starts):
    real_slot_list = services_module.slot_list

    def slow_slot_list(**kwargs):
        result = real_slot_list(**kwargs)
        time.sleep(0.4)  # widen the window between "slot is free" and "booking saved"
        return result

    monkeypatch.setattr(services_module, "slot_list", slow_slot_list)
    barrier = threading.Barrier(len(starts))
    outcomes: list[str] = []

    def worker(index, start):
        try:
            barrier.wait(timeout=10)
            booking_create(
                location=location,
                services=[service],
                start=start,
                name=f"Person {index}",
                email=f"person{index}@example.org",
                now=NOW,
            )
            outcomes.append("ok")
        except BookingError:
            outcomes.append("taken")
        except Exception as exc:  # noqa: BLE001 - reported in the assertion below
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, s)) for i, s in enumerate(starts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return sorted(outcomes)


@pytest.mark.django_db(transaction=True)
def test_same_slot_only_one_wins(monkeypatch, location, ausweis):
    outcomes = _race(monkeypatch, location, ausweis, [at(TUESDAY, 9), at(TUESDAY, 9)])
    assert outcomes == ["ok", "taken"]
    assert Booking.objects.filter(status=BookingStatus.PENDING).count() == 1


@pytest.mark.django_db(transaction=True)
def test_overlapping_slots_only_one_wins(monkeypatch, location, ausweis):
    # 09:00–09:20 and 09:10–09:30 on a single counter: a unique constraint on the start alone would not
    # catch this; the lock on the location makes the second request see the first booking.
    outcomes = _race(monkeypatch, location, ausweis, [at(TUESDAY, 9), at(TUESDAY, 9, 10)])
    assert outcomes == ["ok", "taken"]
    assert Booking.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_counters_serve_two_people_at_once(monkeypatch, location, ausweis):
    location.counters = 2
    location.save()
    outcomes = _race(monkeypatch, location, ausweis, [at(TUESDAY, 9)] * 3)
    assert outcomes == ["ok", "ok", "taken"]
    assert sorted(Booking.objects.values_list("counter", flat=True)) == [1, 2]
