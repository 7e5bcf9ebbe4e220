"""Parsing ids from URLs and query strings without traps.

`str.isdigit()` is True for "²" and "٣", which `int()` then refuses (a 500), and a 40-digit number
passes `int()` but overflows the database's bigint (another 500). Ids are ASCII digits, 18 at most."""

from __future__ import annotations

import math
import re

_ID = re.compile(r"[0-9]{1,18}")


def parse_id(value: str | None) -> int | None:
    """The id in `value`, or None if it is not 1–18 ASCII digits."""
    if value is None or not _ID.fullmatch(value):
        return None
    return int(value)


def parse_coordinate(value: str | None, *, limit: float) -> float | None:
    """A finite float within ±limit (90 for latitude, 180 for longitude), else None; no NaN, no inf."""
    try:
        number = float(value) if value is not None else None
    except ValueError:
        return None
    if number is None or not math.isfinite(number) or abs(number) > limit:
        return None
    return number
