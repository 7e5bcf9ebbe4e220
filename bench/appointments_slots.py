"""Benchmark: free-slot computation and booking under the location lock (PostgreSQL only).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mk_bench_appointments .venv/bin/python bench/appointments_slots.py

Generates LOCATIONS locations (3 counters, Mo–Fr 08:00–12:30 and 14:00–18:00) with confirmed bookings
on most slots of the next DAYS days via generate_series (once; reruns reuse them), then measures
  1. slot_list() for one day and day_overview() for 14 days and three combined services (what the picker page runs per day), against
     the raw SQL that fetches the same day's blocking bookings, in the same run;
  2. booking_create() (validation, row lock, slot check, insert, on_commit mail) sequentially, against a
     raw INSERT of equivalent rows;
  3. booking_create() from 2 threads on the same location (serialised by the lock) and on two locations.
Options: --locations N --days N --bookings N --regenerate
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "modellkommune.settings.test")

import django  # noqa: E402

django.setup()

from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from modellkommune.egov.appointments.models import AppointmentService, Booking, Location, OpeningHours  # noqa: E402
from modellkommune.egov.appointments.selectors import day_overview, slot_list  # noqa: E402
from modellkommune.egov.appointments.services import booking_create  # noqa: E402

PREFIX = "bench-"


def median_ms(values):
    return statistics.median(values) * 1000


def generate(locations: int, days: int) -> None:
    services = [
        AppointmentService.objects.update_or_create(
            slug=f"{PREFIX}{i}", defaults={"name": f"Bench-Leistung {i}", "duration_minutes": m}
        )[0]
        for i, m in enumerate([20, 10, 10])
    ]
    for n in range(locations):
        loc, _c = Location.objects.update_or_create(
            slug=f"{PREFIX}{n}",
            defaults={"name": f"Bench-Standort {n}", "counters": 3, "lead_time_minutes": 0, "horizon_days": days + 30},
        )
        OpeningHours.objects.filter(location=loc).delete()
        for wd in range(5):
            OpeningHours.objects.create(location=loc, weekday=wd, start=dt.time(8), end=dt.time(12, 30))
            OpeningHours.objects.create(location=loc, weekday=wd, start=dt.time(14), end=dt.time(18))
        for s in services:
            s.locations.add(loc)
    # Bookings of 20 minutes every 20 minutes on counters 1 and 2 (counter 3 stays mostly free), on weekdays,
    # skipping every fifth slot so the picker has gaps to find.
    with connection.cursor() as cur:
        cur.execute(
            """INSERT INTO appointments_booking (reference, location_id, start, "end", counter, status, name, email,
                phone, created, expires_at, confirmed_at)
            SELECT 'B-' || l.id || '-' || d || '-' || s || '-' || c, l.id, ts, ts + interval '20 minutes', c,
                'confirmed', 'Bench Person', 'bench' || s || '@example.org', '', now(), NULL, now()
            FROM appointments_location l,
                 generate_series(1, %s) AS d,
                 generate_series(0, 24) AS s,
                 generate_series(1, 2) AS c,
                 LATERAL (SELECT (date_trunc('day', now() AT TIME ZONE 'Europe/Berlin') + d * interval '1 day'
                     + CASE WHEN s < 13 THEN interval '8 hours' + s * interval '20 minutes'
                            ELSE interval '14 hours' + (s - 13) * interval '20 minutes' END)
                     AT TIME ZONE 'Europe/Berlin' AS ts) t
            WHERE l.slug LIKE %s AND extract(isodow FROM now() + d * interval '1 day') < 6 AND s %% 5 <> 4
            ON CONFLICT DO NOTHING""",
            [days, PREFIX + "%"],
        )
        cur.execute("ANALYZE appointments_booking")


def bench_slots(location, services, days: list[dt.date], rounds: int):
    orm, raw = [], []
    for _r in range(rounds):
        for day in days:
            t = time.perf_counter()
            slots = slot_list(location=location, services=services, day=day)
            orm.append(time.perf_counter() - t)
            start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
            t = time.perf_counter()
            with connection.cursor() as cur:
                cur.execute(
                    """SELECT start, "end", counter FROM appointments_booking WHERE location_id = %s
                    AND start < %s AND "end" > %s AND (status IN ('confirmed', 'attended')
                    OR (status = 'pending' AND expires_at > now()))""",
                    [location.pk, start + dt.timedelta(days=1), start],
                )
                cur.fetchall()
            raw.append(time.perf_counter() - t)
    return orm, raw, len(slots)


def free_starts(location, services, days, count):
    """Free starts that do not overlap each other, so booking them one after the other always succeeds."""
    starts = []
    for day in days:
        last_end = None
        for slot in slot_list(location=location, services=services, day=day):
            if last_end is None or slot.start >= last_end:
                starts.append(slot.start)
                last_end = slot.end
            if len(starts) >= count:
                return starts
    return starts


def bench_booking(location, services, days, count: int):
    starts = free_starts(location, services[:1], days, count)
    t = time.perf_counter()
    for i, start in enumerate(starts):
        booking_create(
            location=location, services=services[:1], start=start, name="Bench Buchung", email=f"s{i}@example.org"
        )
    orm = time.perf_counter() - t
    t = time.perf_counter()
    with connection.cursor() as cur:
        for start in starts:
            cur.execute(
                """INSERT INTO appointments_booking (reference, location_id, start, "end", counter, status, name,
                    email, phone, created) VALUES (%s, %s, %s, %s, 3, 'cancelled', 'Raw', 'r@example.org', '', now())""",
                [f"R-{uuid.uuid4().hex[:16]}", location.pk, start, start + dt.timedelta(minutes=20)],
            )
    raw = time.perf_counter() - t
    return orm, raw, len(starts)


def bench_threads(locations, services, days, per_thread: int):
    plans = [free_starts(loc, services[:2], days, per_thread * 2) for loc in locations]

    def worker(idx, loc, starts):
        try:
            for j, start in enumerate(starts):
                booking_create(
                    location=loc, services=services[:2], start=start, name="Thread", email=f"t{idx}-{j}@example.org"
                )
        finally:
            connection.close()

    if len(locations) == 1:
        jobs = [(0, locations[0], plans[0][0::2][:per_thread]), (1, locations[0], plans[0][1::2][:per_thread])]
    else:
        jobs = [(i, loc, plans[i][:per_thread]) for i, loc in enumerate(locations)]
    threads = [threading.Thread(target=worker, args=job) for job in jobs]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--locations", type=int, default=20)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--bookings", type=int, default=100)
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("PostgreSQL only")
    call_command("migrate", verbosity=0)
    if args.regenerate:
        Booking.objects.filter(location__slug__startswith=PREFIX).delete()
    if not Booking.objects.filter(location__slug__startswith=PREFIX).exists():
        t = time.perf_counter()
        generate(args.locations, args.days)
        print(f"generated in {time.perf_counter() - t:.1f} s")
    # Bookings made by earlier runs of this script are removed so every run books the same free slots.
    Booking.objects.filter(location__slug__startswith=PREFIX).exclude(reference__startswith="B-").delete()
    total = Booking.objects.count()
    locations = list(Location.objects.filter(slug__startswith=PREFIX).order_by("slug")[:2])
    services = list(AppointmentService.objects.filter(slug__startswith=PREFIX).order_by("slug"))
    today = timezone.localdate()
    weekdays = [today + dt.timedelta(days=i) for i in range(1, 15) if (today + dt.timedelta(days=i)).weekday() < 5]
    print(f"bookings in database: {total}")

    orm, raw, nslots = bench_slots(locations[0], services, weekdays, rounds=5)
    print(
        f"slot_list (3 services, 40 min, {nslots} free starts): median {median_ms(orm):.2f} ms; "
        f"raw SQL of the day's bookings {median_ms(raw):.2f} ms; ratio {statistics.median(orm) / statistics.median(raw):.1f}x"
    )
    orm, raw = [], []
    for _r in range(5):
        t = time.perf_counter()
        day_overview(location=locations[0], services=services, since=today, days=14)
        orm.append(time.perf_counter() - t)
        t = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(
                """SELECT start, "end", counter FROM appointments_booking WHERE location_id = %s
                AND start < now() + interval '15 days' AND "end" > now() AND status IN ('confirmed', 'attended')""",
                [locations[0].pk],
            )
            cur.fetchall()
        raw.append(time.perf_counter() - t)
    print(
        f"day_overview (14 days, picker navigation): median {median_ms(orm):.2f} ms; raw SQL of 14 days' bookings "
        f"{median_ms(raw):.2f} ms; ratio {statistics.median(orm) / statistics.median(raw):.1f}x"
    )
    mail.outbox = []
    orm_t, raw_t, n = bench_booking(locations[0], services, weekdays[:5], args.bookings)
    print(
        f"booking_create x{n}: {orm_t / n * 1000:.2f} ms each; raw INSERT {raw_t / n * 1000:.2f} ms each; "
        f"ratio {orm_t / raw_t:.1f}x"
    )
    per_thread = max(5, args.bookings // 4)
    same = bench_threads(locations[:1], services, weekdays[5:], per_thread)
    two = bench_threads(locations[:2], services, weekdays[5:], per_thread)
    print(
        f"2 threads x {per_thread} bookings: same location {same:.2f} s, two locations {two:.2f} s, ratio {same / two:.2f}"
    )


if __name__ == "__main__":
    main()
