"""Writes of the sensors app. Observation writes keep the cached time ranges of their datastream in step
and generate the FeatureOfInterest from the Thing's Location when none is given (STA 1.1, 10.2)."""

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import observed_area
from .api.values import check_result, parse_instant, parse_time_or_interval
from .constants import GEOJSON_ENCODINGS
from .models import Datastream, FeatureOfInterest, Location, MultiDatastream, Observation, Thing

logger = logging.getLogger(__name__)

# Above this many rows a bulk insert on PostgreSQL goes through COPY instead of a multi-row INSERT.
COPY_THRESHOLD = 2000


def entity_event_publish(
    *, entity_set: str, obj: Any, deleted: bool = False, changed: Iterable[str] | None = None
) -> None:
    """Tell MQTT subscribers about a creation (``changed`` None) or an update (``changed``: the STA names of the
    properties the client set) once the transaction commits. Deletions are not announced (STA 1.1, 14.2
    defines notifications for creations and updates). Never fails the caller."""
    if deleted:
        return
    changed = None if changed is None else list(changed)
    if changed is None and entity_set in ("Datastreams", "MultiDatastreams"):
        from .dynsec import stream_acl_add

        stream_acl_add(stream=obj)  # devices of its sector and Thing may publish to it (no-op without dynsec)

    def send() -> None:
        try:
            from .api.serializers import entity_payload
            from .mqtt import publish_entity_event

            publish_entity_event(entity_set, obj, entity_payload(entity_set, obj), changed=changed)
        except Exception:  # MQTT is optional; a broken broker must not break a write
            logger.debug("MQTT publish skipped for %s(%s)", entity_set, obj.pk, exc_info=True)

    transaction.on_commit(send)


def feature_of_interest_for_thing(*, thing: Thing) -> FeatureOfInterest:
    """The FOI generated from the Thing's (first) Location; reused while that Location stays."""
    location = thing.locations.order_by("id").first()
    if location is None:
        raise ValidationError(
            "FeatureOfInterest: the observation has none and its Thing has no Location to generate one from."
        )
    existing = FeatureOfInterest.objects.filter(source_location=location).order_by("id").first()
    if existing is not None:
        return existing
    encoding = location.encoding_type if location.encoding_type in GEOJSON_ENCODINGS else "application/geo+json"
    foi = FeatureOfInterest.objects.create(
        name=location.name,
        description=location.description,
        encoding_type=encoding,
        feature=location.location,
        source_location=location,
    )
    entity_event_publish(entity_set="FeaturesOfInterest", obj=foi)
    return foi


def _stream_components(stream: Datastream | MultiDatastream) -> tuple[str, list[str] | None]:
    if isinstance(stream, MultiDatastream):
        return stream.observation_type, list(stream.multi_observation_data_types or [])
    return stream.observation_type, None


def _ranges_extend(stream, *, phen_min, phen_max, result_min, result_max, foi_ids=()) -> None:
    """Widen the cached ranges and the observedArea (by the FeaturesOfInterest `foi_ids`) of a
    (multi)datastream in one UPDATE (no read-modify-write race)."""
    updates = {
        "phenomenon_time_start": Case(
            When(Q(phenomenon_time_start__isnull=True) | Q(phenomenon_time_start__gt=phen_min), then=Value(phen_min)),
            default=F("phenomenon_time_start"),
        ),
        "phenomenon_time_end": Case(
            When(Q(phenomenon_time_end__isnull=True) | Q(phenomenon_time_end__lt=phen_max), then=Value(phen_max)),
            default=F("phenomenon_time_end"),
        ),
    }
    if result_min is not None:
        updates["result_time_start"] = Case(
            When(Q(result_time_start__isnull=True) | Q(result_time_start__gt=result_min), then=Value(result_min)),
            default=F("result_time_start"),
        )
        updates["result_time_end"] = Case(
            When(Q(result_time_end__isnull=True) | Q(result_time_end__lt=result_max), then=Value(result_max)),
            default=F("result_time_end"),
        )
    updates.update(observed_area.area_updates(type(stream), foi_ids))
    type(stream).objects.filter(pk=stream.pk).update(**updates)
    observed_area.area_extend(stream, foi_ids)  # SQLite only


def stream_ranges_recompute(*, stream: Datastream | MultiDatastream) -> None:
    """After an observation was changed or deleted the cached ranges may shrink: compute them again."""
    from django.db.models import Max, Min

    agg = stream.observations.aggregate(
        ps=Min("phenomenon_time_start"),
        pe=Max(Coalesce("phenomenon_time_end", "phenomenon_time_start")),
        rs=Min("result_time"),
        re=Max("result_time"),
    )
    type(stream).objects.filter(pk=stream.pk).update(
        phenomenon_time_start=agg["ps"],
        phenomenon_time_end=agg["pe"],
        result_time_start=agg["rs"],
        result_time_end=agg["re"],
    )
    observed_area.area_recompute(stream)


def _observation_build(
    *, stream, row: dict, default_foi: FeatureOfInterest | None
) -> tuple[Observation, FeatureOfInterest | None]:
    obs_type, components = _stream_components(stream)
    if "phenomenon_time" not in row or row["phenomenon_time"] is None:
        start, end = timezone.now(), None  # STA: the server sets phenomenonTime when it is missing
    else:
        start, end = parse_time_or_interval(row["phenomenon_time"], field="phenomenonTime")
    number = check_result(row.get("result"), observation_type=obs_type, components=components)
    result_time = row.get("result_time")
    result_time = parse_instant(result_time, field="resultTime") if result_time is not None else None
    valid_start = valid_end = None
    if row.get("valid_time") is not None:
        valid_start, valid_end = parse_time_or_interval(row["valid_time"], field="validTime")
    foi = row.get("feature_of_interest")
    if foi is None:
        if default_foi is None:
            default_foi = feature_of_interest_for_thing(thing=stream.thing)
        foi = default_foi
    for key in ("parameters",):
        if row.get(key) is not None and not isinstance(row[key], dict):
            raise ValidationError(f"{key}: a JSON object is required.")
    observation = Observation(
        datastream=stream if isinstance(stream, Datastream) else None,
        multi_datastream=stream if isinstance(stream, MultiDatastream) else None,
        feature_of_interest=foi,
        phenomenon_time_start=start,
        phenomenon_time_end=end,
        result_time=result_time,
        result=row.get("result"),
        result_number=number,
        result_quality=row.get("result_quality"),
        valid_time_start=valid_start,
        valid_time_end=valid_end,
        parameters=row.get("parameters"),
    )
    return observation, default_foi


def observation_create(
    *,
    datastream: Datastream | None = None,
    multi_datastream: MultiDatastream | None = None,
    result: Any,
    phenomenon_time: str | dt.datetime | None = None,
    result_time: str | dt.datetime | None = None,
    feature_of_interest: FeatureOfInterest | None = None,
    result_quality: Any = None,
    valid_time: str | None = None,
    parameters: dict | None = None,
) -> Observation:
    """One observation (HTTP POST or MQTT publish). Raises ValidationError naming the field."""
    stream = datastream or multi_datastream
    if stream is None or (datastream is not None and multi_datastream is not None):
        raise ValidationError("Datastream: an observation belongs to exactly one Datastream or MultiDatastream.")
    row = {
        "phenomenon_time": phenomenon_time,
        "result": result,
        "result_time": result_time,
        "feature_of_interest": feature_of_interest,
        "result_quality": result_quality,
        "valid_time": valid_time,
        "parameters": parameters,
    }
    with transaction.atomic():
        observation, _ = _observation_build(stream=stream, row=row, default_foi=None)
        observation.save()
        end = observation.phenomenon_time_end or observation.phenomenon_time_start
        _ranges_extend(
            stream,
            phen_min=observation.phenomenon_time_start,
            phen_max=end,
            result_min=observation.result_time,
            result_max=observation.result_time,
            foi_ids=[observation.feature_of_interest_id],
        )
        entity_event_publish(entity_set="Observations", obj=observation)
    return observation


def observation_bulk_create(
    *,
    datastream: Datastream | None = None,
    multi_datastream: MultiDatastream | None = None,
    rows: Sequence[dict],
    publish: bool = True,
) -> list[int]:
    """Many observations of one stream in one transaction: all or none. Rows are dicts with the keys of
    observation_create. Returns the new ids in row order. On PostgreSQL large batches use COPY."""
    stream = datastream or multi_datastream
    if stream is None:
        raise ValidationError("Datastream: missing.")
    built: list[Observation] = []
    default_foi = None
    with transaction.atomic():
        for index, row in enumerate(rows):
            try:
                observation, default_foi = _observation_build(stream=stream, row=row, default_foi=default_foi)
            except ValidationError as exc:
                raise ValidationError(f"dataArray[{index}]: {'; '.join(exc.messages)}") from exc
            built.append(observation)
        if not built:
            return []
        if connection.vendor == "postgresql" and len(built) >= COPY_THRESHOLD:
            ids = _copy_insert(built)
        else:
            created = Observation.objects.bulk_create(built, batch_size=1000)
            ids = [obj.pk for obj in created]
        _ranges_extend(
            stream,
            phen_min=min(o.phenomenon_time_start for o in built),
            phen_max=max(o.phenomenon_time_end or o.phenomenon_time_start for o in built),
            result_min=min((o.result_time for o in built if o.result_time), default=None),
            result_max=max((o.result_time for o in built if o.result_time), default=None),
            foi_ids={o.feature_of_interest_id for o in built},
        )
        if publish:
            for obj, pk in zip(built, ids, strict=True):
                obj.pk = pk
                entity_event_publish(entity_set="Observations", obj=obj)
    return ids


_COPY_COLUMNS = (
    "id",
    "datastream_id",
    "multi_datastream_id",
    "feature_of_interest_id",
    "phenomenon_time_start",
    "phenomenon_time_end",
    "result_time",
    "result",
    "result_number",
    "result_quality",
    "valid_time_start",
    "valid_time_end",
    "parameters",
)


def _copy_insert(observations: list[Observation]) -> list[int]:
    """PostgreSQL COPY with ids drawn from the sequence first, so the caller still learns every new id."""
    import json

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('sensors_observation', 'id')) FROM generate_series(1, %s)",
            [len(observations)],
        )
        ids = [row[0] for row in cursor.fetchall()]

        def js(value):
            return None if value is None else json.dumps(value)

        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY sensors_observation ({', '.join(_COPY_COLUMNS)}) FROM STDIN") as copy:
            for pk, o in zip(ids, observations, strict=True):
                copy.write_row(
                    (
                        pk,
                        o.datastream_id,
                        o.multi_datastream_id,
                        o.feature_of_interest_id,
                        o.phenomenon_time_start,
                        o.phenomenon_time_end,
                        o.result_time,
                        js(o.result),
                        o.result_number,
                        js(o.result_quality),
                        o.valid_time_start,
                        o.valid_time_end,
                        js(o.parameters),
                    )
                )
    return ids


def location_link_things(*, location: Location, things: Iterable[Thing], time: dt.datetime | None = None) -> None:
    """Link a Location to Things and record a HistoricalLocation for each (STA 1.1, 8.2.3)."""
    from .models import HistoricalLocation

    for thing in things:
        thing.locations.add(location)
        hist = HistoricalLocation.objects.create(thing=thing, time=time or timezone.now())
        hist.locations.add(location)
        entity_event_publish(entity_set="HistoricalLocations", obj=hist)
