"""Writes of the sensors app. Observation writes keep the cached time ranges of their datastream in step
and generate the FeatureOfInterest from the Thing's Location when none is given (STA 1.1, 10.2)."""

import datetime as dt
import json
import logging
from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from modellkommune.core import db_prepared

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
    """The FOI generated from the Thing's (first) Location; reused while that Location stays. One per Location
    by construction (unique constraint on source_location): of concurrent requests that find none, one inserts
    it, the others wait for its commit, hit the constraint and take that one."""
    location = thing.locations.order_by("id").first()
    if location is None:
        raise ValidationError(
            "FeatureOfInterest: the observation has none and its Thing has no Location to generate one from."
        )
    existing = FeatureOfInterest.objects.filter(source_location=location).first()
    if existing is not None:
        return existing
    encoding = location.encoding_type if location.encoding_type in GEOJSON_ENCODINGS else "application/geo+json"
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction survives the conflict
            foi = FeatureOfInterest.objects.create(
                name=location.name,
                description=location.description,
                encoding_type=encoding,
                feature=location.location,
                source_location=location,
            )
    except IntegrityError:
        existing = FeatureOfInterest.objects.filter(source_location=location).first()
        if existing is None:  # the conflict was something else
            raise
        return existing
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


def notifications_on() -> bool:
    """Whether an MQTT publisher is configured. Without one no event is prepared at all: building an entity's
    JSON payload and a commit hook per observation cost a third of a dataArray request for nothing."""
    return bool(getattr(settings, "MQTT_URL", ""))


# Column order of an observation row as services build it (the COPY and INSERT order after the id).
ROW_COLUMNS = (
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
_FOI, _START, _END, _RESULT_TIME = 2, 3, 4, 5


def _default_foi_id(stream) -> int:
    """The FeatureOfInterest generated from the stream's Thing's Location. A stream loaded by
    resolve.stream_queryset carries its id already (``sta_default_foi_id``), so the common case costs no query."""
    known = getattr(stream, "sta_default_foi_id", None)
    if known is not None:
        return known
    return feature_of_interest_for_thing(thing=stream.thing).pk


def _observation_row(*, stream, obs_type, components, row: dict, default_foi: int | None) -> tuple[tuple, int | None]:
    """One observation as a plain tuple in ROW_COLUMNS order (no model instance), validated field by field.
    ``default_foi`` is the id of the generated FeatureOfInterest once it is known."""
    if "phenomenon_time" not in row or row["phenomenon_time"] is None:
        start, end = timezone.now(), None  # STA: the server sets phenomenonTime when it is missing
    else:
        start, end = parse_time_or_interval(row["phenomenon_time"], field="phenomenonTime")
    result = row.get("result")
    number = check_result(result, observation_type=obs_type, components=components)
    result_time = row.get("result_time")
    result_time = parse_instant(result_time, field="resultTime") if result_time is not None else None
    valid_start = valid_end = None
    if row.get("valid_time") is not None:
        valid_start, valid_end = parse_time_or_interval(row["valid_time"], field="validTime")
    foi = row.get("feature_of_interest")
    if foi is None:
        if default_foi is None:
            default_foi = _default_foi_id(stream)
        foi_id = default_foi
    else:
        foi_id = foi if isinstance(foi, int) else foi.pk
    parameters = row.get("parameters")
    if parameters is not None and not isinstance(parameters, dict):
        raise ValidationError("parameters: a JSON object is required.")
    multi = isinstance(stream, MultiDatastream)
    values = (
        None if multi else stream.pk,
        stream.pk if multi else None,
        foi_id,
        start,
        end,
        result_time,
        result,
        number,
        row.get("result_quality"),
        valid_start,
        valid_end,
        parameters,
    )
    return values, default_foi


def _instance(values: tuple, pk=None) -> Observation:
    return Observation(pk=pk, **dict(zip(ROW_COLUMNS, values, strict=True)))


def _observation_build(
    *, stream, row: dict, default_foi: FeatureOfInterest | int | None
) -> tuple[Observation, int | None]:
    obs_type, components = _stream_components(stream)
    if isinstance(default_foi, FeatureOfInterest):
        default_foi = default_foi.pk
    values, default_foi = _observation_row(
        stream=stream, obs_type=obs_type, components=components, row=row, default_foi=default_foi
    )
    return _instance(values), default_foi


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
    """One observation (HTTP POST or MQTT publish). Raises ValidationError naming the field.

    Two statements when the stream was loaded with its generated FeatureOfInterest (resolve.stream_queryset):
    the INSERT and the UPDATE of the stream's time ranges. No savepoint: a validation error leaves before
    anything is written, a database error aborts the caller's transaction as a whole."""
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
    observation, _ = _observation_build(stream=stream, row=row, default_foi=None)  # raises before any write
    # PostgreSQL writes the row and the ranges in one statement, atomic by itself: no transaction of its own
    # (two round trips fewer for a device's POST in autocommit, see api/single_post.py).
    single = connection.vendor == "postgresql"
    with nullcontext() if single else transaction.atomic(savepoint=False):
        end = observation.phenomenon_time_end or observation.phenomenon_time_start
        if connection.vendor == "postgresql":
            observation.pk = _insert_extending_ranges(stream, observation, end=end)
        else:
            observation.save(force_insert=True)
            _ranges_extend(
                stream,
                phen_min=observation.phenomenon_time_start,
                phen_max=end,
                result_min=observation.result_time,
                result_max=observation.result_time,
                foi_ids=[observation.feature_of_interest_id],
            )
        if notifications_on():
            # the stream is loaded already: the MQTT topics (v1.1/Datastreams(id)/Observations) need no query
            if datastream is not None:
                observation.datastream = datastream
            else:
                observation.multi_datastream = multi_datastream
            entity_event_publish(entity_set="Observations", obj=observation)
    return observation


def _insert_extending_ranges(stream, observation: Observation, *, end: dt.datetime) -> int:
    """PostgreSQL: the INSERT and the widening of the stream's cached ranges in one statement (a data-modifying
    CTE; LEAST/GREATEST skip NULLs, so an empty range or a missing resultTime keeps what is there)."""
    fields = [Observation._meta.get_field(name) for name in ROW_COLUMNS]
    values = [f.get_db_prep_save(getattr(observation, f.attname), connection) for f in fields]
    table = connection.ops.quote_name(type(stream)._meta.db_table)
    sql = (
        f"WITH new AS (INSERT INTO sensors_observation ({', '.join(ROW_COLUMNS)}) "  # noqa: S608 - fixed names
        f"VALUES ({', '.join(['%s'] * len(ROW_COLUMNS))}) RETURNING id), "
        f"ranges AS (UPDATE {table} SET phenomenon_time_start = LEAST(phenomenon_time_start, %s), "
        "phenomenon_time_end = GREATEST(phenomenon_time_end, %s), "
        "result_time_start = LEAST(result_time_start, %s), result_time_end = GREATEST(result_time_end, %s) "
        "WHERE id = %s) SELECT id FROM new"
    )
    moments = [observation.phenomenon_time_start, end, observation.result_time, observation.result_time]
    # the observedArea grows in the same UPDATE (observed_area.area_updates: SET expressions with parameters)
    area = observed_area.area_updates(type(stream), [observation.feature_of_interest_id])
    area_sql = "".join(f", {name} = {expr.sql}" for name, expr in area.items())
    area_params = [param for expr in area.values() for param in expr.params]
    sql = sql.replace(" WHERE id = %s)", f"{area_sql} WHERE id = %s)")
    return db_prepared.fetch(sql, [*values, *moments, *area_params, stream.pk], connection.alias, one=True)[0]


def observation_bulk_create(
    *,
    datastream: Datastream | None = None,
    multi_datastream: MultiDatastream | None = None,
    rows: Sequence[dict],
    publish: bool = True,
) -> list[int]:
    """Many observations of one stream in one transaction: all or none. Rows are dicts with the keys of
    observation_create. Returns the new ids in row order. Rows are validated into plain tuples; on PostgreSQL
    large batches go through COPY without a model instance per row, and MQTT events are prepared only when a
    publisher is configured."""
    stream = datastream or multi_datastream
    if stream is None:
        raise ValidationError("Datastream: missing.")
    obs_type, components = _stream_components(stream)
    built: list[tuple] = []
    # The generated FeatureOfInterest when the stream was loaded with it (resolve.stream_queryset); else it is
    # looked up (or made) by the first row that needs it, which takes a query.
    known_foi = getattr(stream, "sta_default_foi_id", None)
    validated = _rows_validated(stream, obs_type, components, rows, known_foi, built)
    with transaction.atomic():
        if connection.vendor == "postgresql" and len(rows) >= COPY_THRESHOLD and known_foi is not None:
            # Each row is validated as COPY takes it: PostgreSQL writes the rows already sent while Python
            # checks the next ones. A bad row aborts the COPY (and with it this transaction) before the commit.
            ids = _copy_insert(len(rows), validated)
        else:
            for _ in validated:  # every row validated into `built` before anything is written
                pass
            if not built:
                return []
            created = Observation.objects.bulk_create([_instance(v) for v in built], batch_size=1000)
            ids = [obj.pk for obj in created]
        result_times = [v[_RESULT_TIME] for v in built if v[_RESULT_TIME]]
        _ranges_extend(
            stream,
            phen_min=min(v[_START] for v in built),
            phen_max=max(v[_END] or v[_START] for v in built),
            result_min=min(result_times, default=None),
            result_max=max(result_times, default=None),
            foi_ids={v[_FOI] for v in built},
        )
        if publish and notifications_on():
            _observations_announce(stream, built, ids)
    return ids


def _rows_validated(stream, obs_type, components, rows: Sequence[dict], default_foi, built: list):
    """Each row as its tuple (ROW_COLUMNS order), validated; also kept in `built`."""
    for index, row in enumerate(rows):
        try:
            values, default_foi = _observation_row(
                stream=stream, obs_type=obs_type, components=components, row=row, default_foi=default_foi
            )
        except ValidationError as exc:
            raise ValidationError(f"dataArray[{index}]: {'; '.join(exc.messages)}") from exc
        built.append(values)
        yield values


def _observations_announce(stream, built: list[tuple], ids: list[int]) -> None:
    """After the commit, every new observation on its MQTT topics in one batch (one client lookup, one
    publishing loop). Each observation carries the stream already loaded: without it the hidden-stream check
    read the stream once per observation (20,000 queries for a 20,000-row dataArray)."""
    relation = "datastream" if isinstance(stream, Datastream) else "multi_datastream"

    def send() -> None:
        try:
            from .api.serializers import entity_payload
            from .mqtt import publish_entity_events

            events = []
            for values, pk in zip(built, ids, strict=True):
                obj = _instance(values, pk)
                setattr(obj, relation, stream)
                events.append(("Observations", obj, entity_payload("Observations", obj), None))
            publish_entity_events(events)
        except Exception:  # MQTT is optional; a broken broker must not break a write
            logger.debug("MQTT publish skipped for %s observations", len(ids), exc_info=True)

    transaction.on_commit(send)


_PLAIN_NUMBERS = (int, float)
# id, then ROW_COLUMNS as _copy_insert writes them
COPY_TYPES = [
    "int8",
    "int8",
    "int8",
    "int8",
    "timestamptz",
    "timestamptz",
    "timestamptz",
    "text",
    "float8",
    "text",
    "timestamptz",
    "timestamptz",
    "text",
]


def _copy_insert(count: int, rows: Iterable[tuple]) -> list[int]:
    """PostgreSQL COPY of `count` row tuples (ROW_COLUMNS order) with ids drawn from the sequence first, so the
    caller still learns every new id. `rows` may be a generator that raises: the COPY is then aborted."""
    dumps = json.dumps
    with connection.cursor() as cursor:
        # The sequence looked up once, not per row (pg_get_serial_sequence per row cost 8x the nextvals).
        cursor.execute(
            "SELECT nextval(s.seq) FROM (SELECT pg_get_serial_sequence('sensors_observation', 'id')::regclass AS seq) s,"
            " generate_series(1, %s)",
            [count],
        )
        ids = [row[0] for row in cursor.fetchall()]
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY sensors_observation (id, {', '.join(ROW_COLUMNS)}) FROM STDIN") as copy:
            copy.set_types(COPY_TYPES)  # psycopg picks no dumper per value (JSON goes as text, parsed by the server)
            write = copy.write_row
            for pk, (ds, mds, foi, start, end, rtime, result, number, quality, vstart, vend, params) in zip(
                ids, rows, strict=True
            ):
                write(
                    (
                        pk,
                        ds,
                        mds,
                        foi,
                        start,
                        end,
                        rtime,
                        # json.dumps writes ints and floats as their repr: the same text, without the encoder
                        repr(result) if type(result) in _PLAIN_NUMBERS else (None if result is None else dumps(result)),
                        number,
                        None if quality is None else dumps(quality),
                        vstart,
                        vend,
                        None if params is None else dumps(params),
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
