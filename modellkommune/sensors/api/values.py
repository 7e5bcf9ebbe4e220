"""Parsing and checking of STA values shared by services and the API: times, intervals, result types."""

import datetime as dt
import math

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime

from modellkommune.core.geometry import geojson_problem

from ..constants import GEOJSON_ENCODINGS, ObservationType


def parse_instant(value, *, field: str) -> dt.datetime:
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, str):
        try:  # what parse_datetime tries first (a dataArray parses thousands); then its own rules
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            try:
                parsed = parse_datetime(value.strip())
            except ValueError:
                parsed = None
    else:
        parsed = None
    if parsed is None:
        raise ValidationError(f"{field}: '{value}' is not an ISO 8601 time such as 2026-11-25T10:00:00Z.")
    if parsed.tzinfo is None:  # STA demands a zone; naive times are taken as UTC rather than refused
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed


def parse_time_or_interval(value, *, field: str) -> tuple[dt.datetime, dt.datetime | None]:
    """'2026-01-01T00:00Z' → (t, None); '2026-01-01T00:00Z/2026-01-01T01:00Z' → (start, end)."""
    if isinstance(value, str) and "/" in value:
        start_text, _, end_text = value.partition("/")
        start = parse_instant(start_text, field=field)
        end = parse_instant(end_text, field=field)
        if end < start:
            raise ValidationError(f"{field}: the interval ends before it starts.")
        return start, end
    return parse_instant(value, field=field), None


def format_instant(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    value = value.astimezone(dt.UTC)
    text = value.isoformat(timespec="milliseconds" if value.microsecond else "seconds")
    return text.replace("+00:00", "Z")


def format_interval(start: dt.datetime | None, end: dt.datetime | None) -> str | None:
    if start is None:
        return None
    if end is None or end == start:
        return format_instant(start)
    return f"{format_instant(start)}/{format_instant(end)}"


def _is_number(value) -> bool:
    kind = type(value)  # the exact types first: a dataArray checks every one of its rows
    if kind is float:
        return math.isfinite(value)
    if kind is int:
        return True
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def check_result(result, *, observation_type: str, components: list[str] | None = None) -> float | None:
    """Raise ValidationError when `result` does not fit the datastream's observationType.
    Returns the numeric value for the result_number column (None when not numeric)."""
    if components is not None:
        if not isinstance(result, list) or len(result) != len(components):
            raise ValidationError(
                f"result: a MultiDatastream with {len(components)} components needs a list of {len(components)} values."
            )
        for item, kind in zip(result, components, strict=True):
            check_result(item, observation_type=kind)
        return None
    number = _is_number(result)
    if observation_type == ObservationType.MEASUREMENT:
        if not number:
            raise ValidationError(f"result: OM_Measurement needs a number, got {result!r}.")
    elif observation_type == ObservationType.COUNT_OBSERVATION:
        if not (number and float(result).is_integer()):
            raise ValidationError(f"result: OM_CountObservation needs an integer, got {result!r}.")
    elif observation_type == ObservationType.TRUTH_OBSERVATION:
        if not isinstance(result, bool):
            raise ValidationError(f"result: OM_TruthObservation needs true or false, got {result!r}.")
    elif observation_type == ObservationType.CATEGORY_OBSERVATION:
        if not isinstance(result, str) or not result:
            raise ValidationError(f"result: OM_CategoryObservation needs a category URI (string), got {result!r}.")
    elif result is None:
        raise ValidationError("result: a value is required.")
    return float(result) if number else None


def check_geojson(value, *, encoding_type: str, field: str) -> None:
    if encoding_type not in GEOJSON_ENCODINGS:
        return
    if not isinstance(value, dict) or "type" not in value:
        raise ValidationError(f"{field}: a GeoJSON object with a 'type' is required.")
    kind = value["type"]
    if kind == "Feature":
        check_geojson(value.get("geometry"), encoding_type=encoding_type, field=field)
        return
    if kind == "GeometryCollection":
        for geometry in value.get("geometries") or []:
            check_geojson(geometry, encoding_type=encoding_type, field=field)
        return
    if kind not in {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}:
        raise ValidationError(f"{field}: unknown GeoJSON type '{kind}'.")
    if not isinstance(value.get("coordinates"), list):
        raise ValidationError(f"{field}: GeoJSON '{kind}' needs 'coordinates'.")
    problem = geojson_problem(value)
    if problem:
        raise ValidationError(f"{field}: the GeoJSON '{kind}' cannot be used: {problem}.")
