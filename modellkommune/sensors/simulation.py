"""Plausible measurements for the demo town (Iserlohn): daily and weekly patterns, gaps and outliers.

Pure functions, no database: ``value_at(kind, when, rng)`` gives one reading, ``series(...)`` a run of
readings with the realistic faults of a sensor network (a station offline for some hours, single spikes).
The figures are modelled on typical published values for a mid-sized German town; they are fiction.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import zlib
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass

LOCAL = zoneinfo.ZoneInfo("Europe/Berlin")
LAT = 51.37  # for the sun's height in the PV model


@dataclass(frozen=True)
class Kind:
    """One kind of measurement: unit (UCUM code and symbol), value range and reading interval."""

    code: str
    unit_name: str
    unit_symbol: str
    unit_definition: str
    minimum: float
    maximum: float
    step_minutes: int
    decimals: int = 1


KINDS: dict[str, Kind] = {
    k.code: k
    for k in (
        Kind(
            "traffic",
            "Fahrzeuge je 15 Minuten",
            "Kfz/15min",
            "http://unitsofmeasure.org/ucum.html#{count}",
            0,
            900,
            15,
            0,
        ),
        Kind(
            "bicycles", "Fahrräder je Stunde", "Räder/h", "http://unitsofmeasure.org/ucum.html#{count}/h", 0, 400, 60, 0
        ),
        Kind("parking", "Belegung", "%", "http://unitsofmeasure.org/ucum.html#%", 0, 100, 15, 0),
        Kind("no2", "Mikrogramm je Kubikmeter", "µg/m³", "http://unitsofmeasure.org/ucum.html#ug/m3", 0, 400, 60),
        Kind("pm10", "Mikrogramm je Kubikmeter", "µg/m³", "http://unitsofmeasure.org/ucum.html#ug/m3", 0, 300, 60),
        Kind("temperature", "Grad Celsius", "°C", "http://unitsofmeasure.org/ucum.html#Cel", -25, 45, 60),
        Kind("co2", "Teile pro Million", "ppm", "http://unitsofmeasure.org/ucum.html#[ppm]", 350, 5000, 15, 0),
        Kind("pv", "Kilowatt", "kW", "http://unitsofmeasure.org/ucum.html#kW", 0, 200, 15, 2),
        Kind("energy", "Kilowattstunden je Stunde", "kWh", "http://unitsofmeasure.org/ucum.html#kW.h", 0, 2000, 60),
        Kind(
            "visitors_cave",
            "Besucher je Stunde",
            "Pers./h",
            "http://unitsofmeasure.org/ucum.html#{count}/h",
            0,
            600,
            60,
            0,
        ),
        Kind(
            "visitors_lake",
            "Besucher je Stunde",
            "Pers./h",
            "http://unitsofmeasure.org/ucum.html#{count}/h",
            0,
            2500,
            60,
            0,
        ),
        Kind(
            "footfall",
            "Passanten je Stunde",
            "Pers./h",
            "http://unitsofmeasure.org/ucum.html#{count}/h",
            0,
            5000,
            60,
            0,
        ),
        Kind("noise", "Dezibel (A)", "dB(A)", "http://unitsofmeasure.org/ucum.html#dB", 20, 120, 15),
        Kind("water_level", "Zentimeter", "cm", "http://unitsofmeasure.org/ucum.html#cm", 0, 500, 15, 0),
        Kind("water_temperature", "Grad Celsius", "°C", "http://unitsofmeasure.org/ucum.html#Cel", 0, 35, 60),
    )
}

# Public holidays in NRW the generator treats like Sundays (enough for the demo period).
HOLIDAYS = {
    dt.date(2026, 1, 1), dt.date(2026, 4, 3), dt.date(2026, 4, 6), dt.date(2026, 5, 1), dt.date(2026, 5, 14),
    dt.date(2026, 5, 25), dt.date(2026, 6, 4), dt.date(2026, 10, 3), dt.date(2026, 11, 1), dt.date(2026, 12, 25),
    dt.date(2026, 12, 26), dt.date(2027, 1, 1),
}  # fmt: skip


def _gauss(hour: float, centre: float, width: float) -> float:
    return math.exp(-(((hour - centre) / width) ** 2))


def _is_day_off(day: dt.date) -> bool:
    return day.weekday() == 6 or day in HOLIDAYS


def _season(day: dt.date) -> float:
    """1.0 at midsummer, 0.0 at midwinter."""
    return 0.5 - 0.5 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 10) / 365.25)


def _sun_elevation(local: dt.datetime) -> float:
    """Sine of the sun's elevation (approximate, good enough for a PV curve)."""
    day = local.timetuple().tm_yday
    declination = math.radians(-23.44) * math.cos(2 * math.pi * (day + 10) / 365)
    solar_hour = local.hour + local.minute / 60 - (local.utcoffset().total_seconds() / 3600 - 0.5)
    hour_angle = math.radians(15 * (solar_hour - 12))
    lat = math.radians(LAT)
    return math.sin(lat) * math.sin(declination) + math.cos(lat) * math.cos(declination) * math.cos(hour_angle)


def _cloudiness(day: dt.date, seed: int) -> float:
    """A day's cloud factor (0 clear … 1 overcast), stable for a given day and station."""
    return random.Random(day.toordinal() * 7919 + seed).random()  # noqa: S311 - simulation, not crypto


def value_at(kind: str, when: dt.datetime, rng: random.Random, *, scale: float = 1.0, seed: int = 0) -> float:
    """One plausible reading of ``kind`` at ``when`` (aware datetime); ``scale`` sizes the station."""
    local = when.astimezone(LOCAL)
    hour = local.hour + local.minute / 60
    day = local.date()
    off = _is_day_off(day)
    saturday = day.weekday() == 5
    season = _season(day)
    noise = rng.gauss(0, 1)
    spec = KINDS[kind]
    if kind == "traffic":
        if off:
            base = 0.35 * _gauss(hour, 14, 5)
        elif saturday:
            base = 0.6 * _gauss(hour, 12, 4)
        else:
            base = 0.95 * _gauss(hour, 7.75, 1.2) + 0.85 * _gauss(hour, 16.75, 1.6) + 0.45 * _gauss(hour, 12, 4)
        value = (25 + 600 * base) * scale * (1 + 0.08 * noise)
    elif kind == "bicycles":
        weekday = 0 if off else 1
        value = (
            (5 + 90 * weekday * (_gauss(hour, 7.5, 1) + _gauss(hour, 17, 1.5)) + 60 * _gauss(hour, 14, 3))
            * (0.5 + season)
            * scale
            * (1 + 0.15 * noise)
        )
    elif kind == "parking":
        shopping = 0.15 if off else (0.8 if saturday else 0.65)
        value = 8 + 85 * shopping * _gauss(hour, 13, 3.5) * scale + 3 * noise
    elif kind == "no2":
        rush = 0 if off else _gauss(hour, 8, 1.5) + 0.8 * _gauss(hour, 17.5, 2)
        value = (14 + 32 * rush + 10 * (1 - season)) * scale * (1 + 0.12 * noise)
    elif kind == "pm10":
        value = (13 + 6 * (1 - season) + 4 * _gauss(hour, 9, 3)) * scale * (1 + 0.2 * noise)
    elif kind == "temperature":
        value = 1 + 17 * season + (5 + 4 * season) * math.sin(2 * math.pi * (hour - 9) / 24) + 1.2 * noise
    elif kind == "co2":
        # Classroom: lessons 8:00–13:15 on school days, window airing in breaks (9:30, 11:15).
        occupied = not off and not saturday and 7.9 <= hour <= 13.25
        if occupied:
            since = (hour - 7.9) % 1.75
            value = 480 + 900 * min(since / 1.6, 1.0) * scale + 40 * noise
        else:
            value = 430 + 25 * noise
    elif kind == "pv":
        elevation = max(_sun_elevation(local), 0.0)
        clouds = _cloudiness(day, seed)
        value = 100 * scale * elevation**1.2 * (1 - 0.75 * clouds) * (1 + 0.05 * noise) if elevation > 0 else 0.0
    elif kind == "energy":
        open_hours = 0 if off or saturday else _gauss(hour, 12, 4.5)
        heating = 0.6 * (1 - season)
        value = (40 + 160 * open_hours + 120 * heating) * scale * (1 + 0.05 * noise)
    elif kind == "visitors_cave":
        # Dechenhöhle: open 10–17 (Mon closed in winter), busiest at weekends and in summer.
        if 10 <= hour < 17 and not (local.weekday() == 0 and season < 0.5):
            weekend = 1.8 if off or saturday else 1.0
            value = 45 * weekend * (0.6 + season) * _gauss(hour, 13.5, 2.5) * scale * (1 + 0.2 * noise)
        else:
            value = 0.0
    elif kind == "visitors_lake":
        weather = 1 - _cloudiness(day, seed)
        weekend = 2.2 if off or saturday else 1.0
        value = 10 + 400 * weekend * season**2 * weather * _gauss(hour, 15, 3) * scale * (1 + 0.15 * noise)
    elif kind == "footfall":
        if off:
            value = 40 * _gauss(hour, 15, 4)
        else:
            shop = 1.4 if saturday else 1.0
            value = 60 + 1400 * shop * (_gauss(hour, 12.5, 2.2) + 0.7 * _gauss(hour, 16.5, 1.5)) * scale
        value *= 1 + 0.1 * noise
    elif kind == "noise":
        night = 1 if hour < 6 or hour >= 22 else 0
        value = (62 - 14 * night - (4 if off else 0)) * scale + 2.5 * noise
    elif kind == "water_level":
        # Baarbach gauge: slow seasonal level plus rain events of a few hours.
        rain = 60 * max(0.0, _cloudiness(day, seed) - 0.75) * 4 * _gauss(hour, 15, 5)
        value = (45 + 25 * (1 - season)) * scale + rain + 1.5 * noise
    elif kind == "water_temperature":
        value = 4 + 18 * season + 1.5 * math.sin(2 * math.pi * (hour - 11) / 24) + 0.3 * noise
    else:
        raise KeyError(kind)
    return round(min(max(value, spec.minimum), spec.maximum), spec.decimals)


def series(
    kind: str,
    start: dt.datetime,
    end: dt.datetime,
    *,
    seed: int = 0,
    scale: float = 1.0,
    gaps: bool = True,
    outliers: bool = True,
) -> Iterator[tuple[dt.datetime, float]]:
    """Readings from ``start`` (inclusive) to ``end`` (exclusive) on the kind's interval.

    About one day in ten has an outage of 2–8 hours (no readings), about one reading in 800 is
    a spike (sensor glitch) well outside the normal curve.
    """
    spec = KINDS[kind]
    rng = random.Random(seed)  # noqa: S311 - simulation, not crypto
    step = dt.timedelta(minutes=spec.step_minutes)
    when = _align(start, spec.step_minutes)
    while when < end:
        if when >= start and not (gaps and _in_outage(when, seed)):
            value = value_at(kind, when, rng, scale=scale, seed=seed)
            if outliers and _is_spike(when, seed):
                value = round(min(spec.maximum, value * 3 + spec.maximum * 0.1), spec.decimals)
            yield when, value
        when += step


def _in_outage(when: dt.datetime, seed: int) -> bool:
    """About one day in ten a station is offline for 2–8 hours. Fixed per day and station, so a later
    run over the same time leaves the same holes (and never fills them in)."""
    day = random.Random(when.date().toordinal() * 104729 + seed)  # noqa: S311
    if day.random() >= 0.1:
        return False
    begin = day.uniform(0, 22)
    hour = when.hour + when.minute / 60
    return begin <= hour < begin + day.uniform(2, 8)


def _is_spike(when: dt.datetime, seed: int) -> bool:
    """About one reading in 800 is a glitch far off the curve (fixed per time and station)."""
    return random.Random(int(when.timestamp()) // 60 * 31 + seed).random() < 1 / 800  # noqa: S311


def seed_for(name: str) -> int:
    """A stable seed per datastream name, so every run draws the same curve."""
    return zlib.crc32(name.encode())


def station_series(
    *, kind: str, scale: float, name: str, start: dt.datetime, end: dt.datetime, gaps: bool = True
) -> Iterator[tuple[dt.datetime, float]]:
    """``series`` for one demo datastream (its ``properties`` hold kind and scale).

    A temperature with scale 0 is an indoor sensor: a heated room that follows the weather a little."""
    indoor = kind == "temperature" and not scale
    for when, value in series(kind, start, end, seed=seed_for(name), scale=scale or 1.0, gaps=gaps):
        yield when, (round(20.5 + (value - 8) * 0.1, 1) if indoor else value)


def _align(when: dt.datetime, minutes: int) -> dt.datetime:
    when = when.astimezone(dt.UTC).replace(second=0, microsecond=0)
    return when - dt.timedelta(minutes=when.minute % minutes)
