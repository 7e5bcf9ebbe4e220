"""Server-side line charts as SVG geometry: readable without JavaScript, no chart library needed.

``line_chart`` turns time buckets (start, avg, min, max, count) into paths and axis ticks that the template
templates/sensors/_chart.html draws. Gaps (missing buckets) break the line instead of bridging them, so an
outage of a station is visible as such.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import number_format

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 12, 34


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    line: str = ""
    band: str = ""
    points: list[tuple[float, float]] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_top: int = TOP
    plot_bottom: int = HEIGHT - BOTTOM
    minimum: float | None = None
    maximum: float | None = None
    minimum_at: dt.datetime | None = None
    maximum_at: dt.datetime | None = None
    mean: float | None = None
    empty: bool = True


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high] (1, 2, 2.5, 5 × 10^n steps)."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value <= high + step * 0.001:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


def _label(value: float) -> str:
    decimals = 0 if float(value).is_integer() else 1
    return number_format(value, decimals, use_l10n=True)


def line_chart(
    buckets: list[tuple[dt.datetime, float | None, float | None, float | None, int]],
    *,
    start: dt.datetime,
    end: dt.datetime,
    bucket: str,
) -> Chart:
    chart = Chart()
    rows = [b for b in buckets if b[1] is not None]
    if not rows:
        return chart
    chart.empty = False
    lows = [b[2] if b[2] is not None else b[1] for b in rows]
    highs = [b[3] if b[3] is not None else b[1] for b in rows]
    ticks = nice_ticks(min(0.0, min(lows)) if min(lows) >= 0 else min(lows), max(highs))
    y_low, y_high = ticks[0], ticks[-1]
    span_t = (end - start).total_seconds() or 1
    plot_w = chart.plot_right - chart.plot_left
    plot_h = chart.plot_bottom - chart.plot_top

    def x(when: dt.datetime) -> float:
        return round(chart.plot_left + plot_w * (when - start).total_seconds() / span_t, 1)

    def y(value: float) -> float:
        return round(chart.plot_bottom - plot_h * (value - y_low) / ((y_high - y_low) or 1), 1)

    step = dt.timedelta(hours=1) if bucket == "hour" else dt.timedelta(days=1)
    segments: list[list[tuple]] = []
    previous = None
    for row in rows:
        if previous is None or row[0] - previous > step * 1.5:
            segments.append([])
        segments[-1].append(row)
        previous = row[0]
    half = step / 2
    line_parts, band_parts = [], []
    for segment in segments:
        coords = [(x(r[0] + half), y(r[1])) for r in segment]
        line_parts.append("M" + " L".join(f"{px},{py}" for px, py in coords))
        upper = [(x(r[0] + half), y(r[3] if r[3] is not None else r[1])) for r in segment]
        lower = [(x(r[0] + half), y(r[2] if r[2] is not None else r[1])) for r in reversed(segment)]
        band_parts.append("M" + " L".join(f"{px},{py}" for px, py in upper + lower) + " Z")
        chart.points.extend(coords)
    chart.line = " ".join(line_parts)
    chart.band = " ".join(band_parts) if bucket == "day" or len(rows) <= 400 else ""
    chart.y_ticks = [(y(t), _label(t)) for t in ticks]
    chart.x_ticks = _time_ticks(start, end, x)
    low_row = min(rows, key=lambda r: r[2] if r[2] is not None else r[1])
    high_row = max(rows, key=lambda r: r[3] if r[3] is not None else r[1])
    chart.minimum = low_row[2] if low_row[2] is not None else low_row[1]
    chart.maximum = high_row[3] if high_row[3] is not None else high_row[1]
    chart.minimum_at, chart.maximum_at = low_row[0], high_row[0]
    weights = sum(r[4] or 1 for r in rows)
    chart.mean = sum(r[1] * (r[4] or 1) for r in rows) / weights
    return chart


def _time_ticks(start: dt.datetime, end: dt.datetime, x) -> list[tuple[float, str]]:
    span = end - start
    local_start = timezone.localtime(start)
    if span <= dt.timedelta(days=2):
        step, fmt = dt.timedelta(hours=3 if span <= dt.timedelta(days=1) else 6), "%H:%M"
        first = local_start.replace(minute=0, second=0, microsecond=0)
        first += dt.timedelta(hours=(-first.hour) % (step.seconds // 3600))
    else:
        step = dt.timedelta(days=1 if span <= dt.timedelta(days=8) else 5)
        fmt = "%d.%m."
        first = local_start.replace(hour=0, minute=0, second=0, microsecond=0) + dt.timedelta(days=1)
    ticks = []
    when = first
    while when <= end:
        if when >= start:
            ticks.append((x(when), when.strftime(fmt)))
        when = timezone.localtime(when + step)
        if fmt == "%d.%m.":
            when = when.replace(hour=0)
    return ticks
