"""Reads of the sensors app (used by the portal, dashboards, open data and the STA API)."""

import datetime as dt

from django.conf import settings
from django.db.models import Avg, Count, Max, Min, OuterRef, QuerySet, Subquery
from django.utils import timezone

from .models import Datastream, Observation, Thing


def sta_base_url() -> str:
    """Absolute root of the SensorThings API (used in selfLinks of MQTT messages and other apps' links)."""
    base = getattr(settings, "STA_BASE_URL", "") or f"{getattr(settings, 'SITE_URL', '').rstrip('/')}/sta/v1.1"
    return base.rstrip("/")


def datastream_list_public() -> QuerySet[Datastream]:
    return (
        Datastream.objects.filter(internal=False)
        .select_related("thing", "sector", "sensor", "observed_property")
        .order_by("sector__order", "name", "id")
    )


def datastream_list_for_sector(*, sector_code: str) -> QuerySet[Datastream]:
    return datastream_list_public().filter(sector__code=sector_code)


def thing_list_public() -> QuerySet[Thing]:
    """Things that have at least one public datastream (or none at all)."""
    return Thing.objects.exclude(datastreams__internal=True, datastreams__isnull=False).distinct().order_by("id")


def datastream_latest_observation(*, datastream_id: int) -> Observation | None:
    # Uses the (datastream, phenomenon_time DESC, id DESC) index: one index probe.
    return (
        Observation.objects.filter(datastream_id=datastream_id)
        .order_by("-phenomenon_time_start", "-id")
        .only("id", "phenomenon_time_start", "phenomenon_time_end", "result", "result_number", "datastream_id")
        .first()
    )


def datastream_list_with_latest(*, sector_code: str | None = None) -> QuerySet[Datastream]:
    """Public datastreams annotated with latest_time / latest_result: one query, one index probe per stream."""
    latest = Observation.objects.filter(datastream_id=OuterRef("pk")).order_by("-phenomenon_time_start", "-id")
    qs = datastream_list_public()
    if sector_code:
        qs = qs.filter(sector__code=sector_code)
    return qs.annotate(
        latest_time=Subquery(latest.values("phenomenon_time_start")[:1]),
        latest_result=Subquery(latest.values("result")[:1]),
    )


def datastream_live_count_by_sector(*, hours: int = 24) -> dict[str, int]:
    """Sector code → number of public datastreams with an observation in the last `hours` hours.
    Reads the cached phenomenon_time_end of the datastream, so it never scans observations."""
    since = timezone.now() - dt.timedelta(hours=hours)
    rows = (
        Datastream.objects.filter(internal=False, phenomenon_time_end__gte=since)
        .values("sector__code")
        .annotate(n=Count("id"))
    )
    return {row["sector__code"]: row["n"] for row in rows}


def datastream_url(datastream: Datastream) -> str:
    return f"{sta_base_url()}/Datastreams({datastream.pk})"


def observation_list(*, datastream_id: int, start: dt.datetime, end: dt.datetime) -> QuerySet[Observation]:
    return Observation.objects.filter(
        datastream_id=datastream_id, phenomenon_time_start__gte=start, phenomenon_time_start__lt=end
    ).order_by("phenomenon_time_start", "id")


def observation_aggregate(
    *, datastream_id: int, start: dt.datetime, end: dt.datetime, bucket: str = "hour"
) -> list[tuple[dt.datetime, float | None, float | None, float | None, int]]:
    """Time buckets of one datastream's numeric results: (bucket_start, avg, min, max, count), oldest first.
    date_trunc on PostgreSQL (in UTC), strftime on SQLite; both via Django's Trunc."""
    if bucket not in {"hour", "day"}:
        raise ValueError("bucket must be 'hour' or 'day'")
    from django.db.models.functions import TruncDay, TruncHour

    trunc = TruncHour if bucket == "hour" else TruncDay
    rows = (
        observation_list(datastream_id=datastream_id, start=start, end=end)
        .order_by()
        .annotate(bucket=trunc("phenomenon_time_start", tzinfo=dt.UTC))
        .values("bucket")
        .annotate(avg=Avg("result_number"), min=Min("result_number"), max=Max("result_number"), count=Count("id"))
        .order_by("bucket")
    )
    out = []
    for row in rows:
        value = row["bucket"]
        if isinstance(value, str):  # pragma: no cover - older SQLite backends
            value = dt.datetime.fromisoformat(value)
        if timezone.is_naive(value):
            value = value.replace(tzinfo=dt.UTC)
        out.append((value, row["avg"], row["min"], row["max"], row["count"]))
    return out
