"""Free-slot computation, kept free of database access so its edge cases are easy to test.

A slot is free when at least one counter has no blocking booking overlapping [start, end).
Bookings are assigned to counters, so checking per counter is exact (a simple count is not when
bookings of different lengths interleave)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Slot:
    start: dt.datetime
    end: dt.datetime
    free_counters: tuple[int, ...]

    @property
    def counter(self) -> int:
        return self.free_counters[0]


@dataclass(frozen=True)
class Busy:
    start: dt.datetime
    end: dt.datetime
    counter: int


def slots_for_day(
    *,
    day: dt.date,
    duration: dt.timedelta,
    intervals: Iterable[tuple[dt.time, dt.time]],
    busy: Iterable[Busy],
    counters: int,
    step: dt.timedelta,
    earliest: dt.datetime,
    tz: ZoneInfo,
    closed: bool = False,
) -> list[Slot]:
    """Every start within the opening intervals of `day` where the whole duration fits before the
    interval ends, not before `earliest`, with at least one counter free for the whole duration."""
    if closed or duration <= dt.timedelta(0) or counters < 1:
        return []
    # Compare POSIX timestamps: comparing aware datetimes of different zones calls utcoffset() each time,
    # which dominated the cost of the 14-day overview.
    busy_ts = [(b.start.timestamp(), b.end.timestamp(), b.counter) for b in busy]
    earliest_ts = earliest.timestamp()
    slots: list[Slot] = []
    for opens, closes in sorted(intervals):
        start = dt.datetime.combine(day, opens, tzinfo=tz)
        interval_end = dt.datetime.combine(day, closes, tzinfo=tz)
        relevant = [b for b in busy_ts if b[0] < interval_end.timestamp() and b[1] > start.timestamp()]
        while start + duration <= interval_end:
            end = start + duration
            s_ts, e_ts = start.timestamp(), end.timestamp()
            if s_ts >= earliest_ts:
                taken = {c for b_start, b_end, c in relevant if b_start < e_ts and s_ts < b_end}
                free = tuple(c for c in range(1, counters + 1) if c not in taken)
                if free:
                    slots.append(Slot(start=start, end=end, free_counters=free))
            start += step
    return slots
