"""Reads for the sector dashboards that the STA selectors do not cover (overview counts, map features)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext

from modellkommune.core.selectors import sector_list

from .models import Datastream, Location, Thing
from .selectors import datastream_list_with_latest, datastream_live_count_by_sector, observation_aggregate

# Range choice on the page → (length, default bucket). Buckets can be changed to "hour" or "day".
RANGES = {
    "24h": (dt.timedelta(hours=24), "hour"),
    "7d": (dt.timedelta(days=7), "hour"),
    "30d": (dt.timedelta(days=30), "day"),
}
DEFAULT_RANGE = "24h"


@dataclass
class SectorSummary:
    sector: object
    datastreams: int
    live: int
    things: int


def sector_overview() -> list[SectorSummary]:
    """All eight sectors with their public datastreams, those live in the last 24 h, and Things."""
    totals = {
        row["sector__code"]: row
        for row in Datastream.objects.filter(internal=False)
        .values("sector__code")
        .annotate(n=Count("id"), things=Count("thing", distinct=True))
    }
    live = datastream_live_count_by_sector()
    return [
        SectorSummary(
            sector=sector,
            datastreams=totals.get(sector.code, {}).get("n", 0),
            live=live.get(sector.code, 0),
            things=totals.get(sector.code, {}).get("things", 0),
        )
        for sector in sector_list()
    ]


def _result_value(value):
    """Subquery results of a JSONField arrive as JSON text on some backends."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def sector_datastreams(*, sector_code: str) -> list[Datastream]:
    """Public datastreams of a sector with latest_time / latest_result, grouped by Thing name."""
    streams = list(datastream_list_with_latest(sector_code=sector_code).order_by("thing__name", "name", "id"))
    day_ago = timezone.now() - dt.timedelta(hours=24)
    for stream in streams:
        stream.latest_result = _result_value(stream.latest_result)
        stream.is_live = bool(stream.latest_time and stream.latest_time >= day_ago)
        stream.unit_symbol = (stream.unit_of_measurement or {}).get("symbol", "")
        stream.display_value = display_value(stream.latest_result)
    return streams


def display_value(value) -> str:
    """A result as people read it here: German decimal comma, booleans and objects as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("ja") if value else gettext("nein")
    if isinstance(value, int | float):
        decimals = 0 if float(value).is_integer() else (1 if abs(value) >= 10 else 2)
        return number_format(value, decimals, use_l10n=True, force_grouping=abs(value) >= 10000)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)[:80]
    return str(value)[:80]


def sector_things(*, sector_code: str, streams: list[Datastream]) -> list[Thing]:
    """The Things of a sector's public datastreams, each with .locations_list and .streams."""
    by_thing: dict[int, list[Datastream]] = {}
    for stream in streams:
        by_thing.setdefault(stream.thing_id, []).append(stream)
    things = list(
        Thing.objects.filter(pk__in=by_thing)
        .prefetch_related(Prefetch("locations", queryset=Location.objects.order_by("id"), to_attr="locations_list"))
        .order_by("name", "id")
    )
    for thing in things:
        thing.streams = by_thing[thing.pk]
        thing.point = _point(thing)
    return things


def _point(thing: Thing) -> tuple[float, float] | None:
    for location in thing.locations_list:
        geometry = location.location or {}
        if geometry.get("type") == "Feature":
            geometry = geometry.get("geometry") or {}
        if geometry.get("type") == "Point" and len(geometry.get("coordinates") or []) >= 2:
            lon, lat = geometry["coordinates"][:2]
            return float(lat), float(lon)
    return None


def sector_geojson(*, things: list[Thing]) -> dict:
    """GeoJSON FeatureCollection for the map: one point per Thing with its latest values as text."""
    features = []
    for thing in things:
        if thing.point is None:
            continue
        lat, lon = thing.point
        features.append(
            {
                "type": "Feature",
                "id": thing.pk,
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "name": thing.name,
                    "description": thing.description,
                    "datastreams": [
                        {
                            "id": s.pk,
                            "name": s.name,
                            "result": s.latest_result,
                            "unit": s.unit_symbol,
                            "time": s.latest_time.isoformat() if s.latest_time else None,
                        }
                        for s in thing.streams
                    ],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def datastream_series(*, datastream: Datastream, range_key: str, bucket: str | None = None, now=None):
    """(start, end, bucket, rows) for one chart; rows as observation_aggregate returns them."""
    length, default_bucket = RANGES.get(range_key, RANGES[DEFAULT_RANGE])
    bucket = bucket if bucket in ("hour", "day") else default_bucket
    end = now or timezone.now()
    if bucket == "hour":
        end = end.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    else:
        # Day buckets are UTC days (observation_aggregate truncates in UTC).
        end = end.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0) + dt.timedelta(days=1)
    start = end - length
    rows = observation_aggregate(datastream_id=datastream.pk, start=start, end=end, bucket=bucket)
    return start, end, bucket, rows


def public_datastream_in_sector(*, sector_code: str, pk) -> Datastream | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        Datastream.objects.filter(Q(pk=pk), internal=False, sector__code=sector_code)
        .select_related("thing", "observed_property")
        .first()
    )


def live_values_one_per_sector(*, limit: int = 4) -> list[Datastream]:
    """The latest value of one live public datastream per sector, for the start page."""
    day_ago = timezone.now() - dt.timedelta(hours=24)
    streams = (
        datastream_list_with_latest()
        .filter(phenomenon_time_end__gte=day_ago)
        .select_related("sector", "thing")
        .order_by("sector__code", "id")
    )
    picked: dict[int, Datastream] = {}
    for stream in streams.iterator(chunk_size=100):
        if stream.sector_id in picked or stream.latest_time is None:
            continue
        stream.latest_result = _result_value(stream.latest_result)
        stream.unit_symbol = (stream.unit_of_measurement or {}).get("symbol", "")
        stream.display_value = display_value(stream.latest_result)
        picked[stream.sector_id] = stream
        if len(picked) == limit:
            break
    return list(picked.values())
