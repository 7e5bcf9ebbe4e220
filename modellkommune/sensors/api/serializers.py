"""Entities written out as SensorThings JSON (STA 1.1, section 8 and 9.2), field by field from spec.py,
including $select, nested $expand with its own options, navigation links, counts and nextLinks."""

import json
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import Count, F, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber

from ..auth import Guard
from .filters import FilterTranslator, apply_filter
from .options import QueryOptions
from .result_order import result_order_keys
from .spec import SPECS, EntitySpec, Prop
from .values import format_instant, format_interval
from .visibility import Visibility


@dataclass
class Ctx:
    base: str  # absolute root, e.g. http://127.0.0.1:8000/sta/v1.1
    guard: Guard
    _visibility: Visibility | None = None
    spent: int = 0  # entities written and expansion queries run so far (shared by all parts of a $batch)

    def spend(self, units: int = 1) -> None:
        """The cost limit of one response (STA_MAX_RESPONSE_ENTITIES): counted while the response is built, so
        the work stops at the limit; the client gets a 400 that says the limit and how to stay under it."""
        limit = int(getattr(settings, "STA_MAX_RESPONSE_ENTITIES", 10000))
        self.spent += units
        if limit and self.spent > limit:
            raise ValidationError(
                f"The response would hold more than {limit} entities (counting every expanded entity and "
                "expanded collection). Lower $top inside $expand, expand fewer levels, or page with $skip."
            )

    @property
    def visibility(self) -> Visibility:
        if self._visibility is None:
            self._visibility = Visibility(self.guard)
        return self._visibility

    def hidden(self, model) -> list[int]:
        return self.visibility.hidden_ids(model)


def self_link(ctx: Ctx, spec: EntitySpec, pk) -> str:
    return f"{ctx.base}/{spec.name}({pk})"


# Free-form maps that clients type as objects: frost-sta-client raises on null ("properties should be of
# type dict!"), so an unset map is left out of the entity (OData: an absent property is null); {} stays {}.
OBJECT_MAPS = {"properties", "parameters"}


TEXT_TIME = "sta_text_"  # annotations of with_text_times, by column
_UNSET = object()


def prop_value(prop: Prop, obj):
    if prop.kind in ("time", "interval"):
        text = obj.__dict__.get(TEXT_TIME + prop.column, _UNSET)
        if text is not _UNSET:
            return text
    if prop.kind == "time":
        return format_instant(getattr(obj, prop.column))
    if prop.kind == "interval":
        return format_interval(getattr(obj, prop.column), getattr(obj, prop.end_column))
    return getattr(obj, prop.column)


def visible(spec: EntitySpec, queryset, ctx: Ctx):
    """Internal datastreams and what exists only for them are hidden from callers whose token does not cover
    them (visibility.py)."""
    return ctx.visibility.restrict(spec.model, queryset)


def ordered(spec: EntitySpec, queryset, options: QueryOptions):
    """$orderby with the id as the last key, so paging with $skip is exact when values tie."""
    keys, has_id = [], False
    translator = FilterTranslator(spec, option="$orderby")
    from odata_query import ast

    for name, desc in options.orderby:
        parts = name.split("/")
        if not all(parts):
            raise ValidationError(f"$orderby: cannot read '{name}'.")
        node = ast.Identifier(parts[0])
        for part in parts[1:]:
            node = ast.Attribute(node, part)
        ref = translator.field(node)
        if ref.kind == "result" and ref.path.endswith("result"):
            keys.extend(result_order_keys(ref.prefix, desc))  # mixed result types in a fixed order
            continue
        column = ref.path
        has_id = has_id or column == "id"
        keys.append(f"-{column}" if desc else column)
    if translator.many:
        raise ValidationError("$orderby: ordering by a to-many relation is not supported.")
    if not has_id:
        # The tie-break follows the direction of the last key, so that "newest first" walks the
        # (datastream, phenomenon_time DESC, id DESC) index instead of sorting every observation.
        last_desc = bool(options.orderby) and options.orderby[-1][1]
        keys.append("-id" if last_desc else "id")
    return queryset.order_by(*keys)


def children_of_visible_stream(spec: EntitySpec, parent_spec: EntitySpec | None) -> bool:
    """Observations below a (multi)datastream the caller sees: an observation is hidden only with its stream,
    and every parent here was checked first (resolve.py for paths, the page's own query for $expand), so
    they need no visibility condition (and no query for the hidden ids)."""
    return spec.name == "Observations" and parent_spec is not None and parent_spec.name in STREAM_SETS


STREAM_SETS = ("Datastreams", "MultiDatastreams")


# The geometry columns beside the GeoJSON (core/geometry.py) serve $filter in SQL; the API writes the GeoJSON,
# so pages do not load (and parse) them.
GEOMETRY_COLUMNS = ("location_geom", "feature_geom", "observed_area_geom")


def query(spec: EntitySpec, queryset, options: QueryOptions, ctx: Ctx, *, parent_spec: EntitySpec | None = None):
    if not children_of_visible_stream(spec, parent_spec):
        queryset = visible(spec, queryset, ctx)
    geometry = [name for name in GEOMETRY_COLUMNS if hasattr(spec.model, name)]
    if geometry:
        queryset = queryset.defer(*geometry)
    if options.filter:
        queryset = apply_filter(queryset, spec, options.filter, visibility=ctx.visibility)
    return ordered(spec, queryset, options)


def with_to_one(spec: EntitySpec, queryset, options: QueryOptions):
    """Expanded to-one relations (Observations → FeatureOfInterest) come in the same query, not one per row."""
    relations = [spec.navs[name].relation for name in options.expand if name in spec.navs and not spec.navs[name].many]
    return queryset.select_related(*relations) if relations else queryset


SQL_TIMES = True  # test_sta_speed.py switches it off for the reference answer


def with_text_times(spec: EntitySpec, queryset):
    """A page of entities on PostgreSQL: their time and interval properties written by PostgreSQL (the same
    SQL as the value rows of plain observation pages), the datetime columns themselves not loaded."""
    if not SQL_TIMES or connections[queryset.db].vendor != "postgresql":
        return queryset
    table = spec.model._meta.db_table
    annotations, columns = {}, []
    for prop in spec.props.values():
        if prop.kind == "time":
            annotations[TEXT_TIME + prop.column] = RawSQL(_instant_sql(prop.column, table), [])  # noqa: S611
            columns.append(prop.column)
        elif prop.kind == "interval":
            sql = _interval_sql(prop.column, prop.end_column, table)
            annotations[TEXT_TIME + prop.column] = RawSQL(sql, [])  # noqa: S611 - constant SQL
            columns += [prop.column, prop.end_column]
    return queryset.annotate(**annotations).defer(*columns) if annotations else queryset


def page(queryset, options: QueryOptions) -> tuple[list, bool]:
    if options.top == 0:
        return [], queryset[options.skip : options.skip + 1].exists()
    rows = list(queryset[options.skip : options.skip + options.top + 1])
    return rows[: options.top], len(rows) > options.top


def next_link(url: str, options: QueryOptions) -> str:
    """`url` continued after this page. The query string depends only on the options, so a page of 40
    expanded collections encodes it once (kept on the options of that $expand level)."""
    query_string = options.__dict__.get("sta_next_query")
    if query_string is None:
        query_string = options.__dict__["sta_next_query"] = _next_query(options)
    return f"{url}?{query_string}"


def _next_query(options: QueryOptions) -> str:
    params = dict(options.raw)
    params["$skip"] = str(options.skip + options.top)
    # A capped $top=5000 continues with $top=4000 (capped again on the next page), so the client still gets
    # exactly the 5,000 entities it asked for, page by page.
    rest = options.requested_top - options.top if options.requested_top else options.top
    params["$top"] = str(rest)
    return urlencode(params)


def _back_lookup(spec: EntitySpec, relation: str) -> tuple[str, bool]:
    """How the target of a to-many navigation filters by its parent ("datastream" for Datastream.observations,
    "things" for Thing.locations), and whether every child has exactly one parent (a reverse foreign key)."""
    field = spec.model._meta.get_field(relation)
    if field.auto_created:  # a reverse relation: Datastream.observations, Location.things
        return field.field.name, field.one_to_many
    return field.related_query_name(), False  # a forward many-to-many: Thing.locations


def _order_expressions(keys) -> list:
    """Ordering keys as expressions; `ordered` gives names ("-phenomenon_time_start") and, for `result`,
    ready OrderBy expressions (result_order_keys: numbers, then strings, then other types)."""
    return [
        key if not isinstance(key, str) else F(key[1:]).desc() if key.startswith("-") else F(key).asc() for key in keys
    ]


def _expand_batch(spec: EntitySpec, parents: list, name: str, options: QueryOptions, ctx: Ctx) -> dict | None:
    """The expanded collection `name` of every parent in one query: {parent id: (rows, more, count)}.

    On PostgreSQL a reverse foreign key (Datastream → Observations) takes each parent's page with a LATERAL
    subquery over the (parent, order) index, so "the latest observation of 40 datastreams" reads 40 index
    entries, not 40 datastreams' history. Elsewhere (SQLite, many-to-many) row_number() over a partition per
    parent. Returns None when the page would exceed the response's cost limit; the caller then goes parent
    by parent and stops with the usual error at the limit."""
    nav = spec.navs[name]
    target = SPECS[nav.target]
    back, single_parent = _back_lookup(spec, nav.relation)
    parent_ids = sorted({obj.pk for obj in parents})
    qs = query(target, target.model.objects.filter(**{f"{back}__in": parent_ids}), options, ctx, parent_spec=spec)
    keys = list(qs.query.order_by)
    rows_qs = qs.annotate(sta_parent=F(back))
    first, last = options.skip, options.skip + options.top + 1  # each parent's page and one more ("more")
    if single_parent and plain_observations(target, options) and connections[qs.db].vendor == "postgresql":
        per_parent = target.model.objects.filter(**{back: RawSQL("sta_p.id", [])})
        per_parent = query(target, per_parent, options, ctx, parent_spec=spec)
        return _plain_lateral(per_parent, parent_ids, qs, back, first, last, options, ctx)
    if single_parent and connections[qs.db].vendor == "postgresql":
        per_parent = target.model.objects.filter(**{back: RawSQL("sta_p.id", [])})
        per_parent = query(target, per_parent, options, ctx, parent_spec=spec)
        sql, params = per_parent.values("pk")[first:last].query.get_compiler(using=qs.db).as_sql()
        lateral = f"SELECT sta_c.pk FROM unnest(%s::bigint[]) AS sta_p(id) CROSS JOIN LATERAL ({sql}) AS sta_c(pk)"  # noqa: S608
        within = RawSQL(lateral, [parent_ids, *params])  # noqa: S611 - compiled by Django, values bound
        rows_qs = rows_qs.filter(pk__in=within).order_by("sta_parent", *keys)
    else:
        rank = Window(RowNumber(), partition_by=[F(back)], order_by=_order_expressions(keys))
        rows_qs = (
            rows_qs.annotate(sta_rank=rank)
            .filter(sta_rank__gt=first, sta_rank__lte=last)
            .order_by("sta_parent", "sta_rank")
        )
    limit = int(getattr(settings, "STA_MAX_RESPONSE_ENTITIES", 10000))
    cap = limit - ctx.spent + len(parent_ids) + 1 if limit else None
    rows_qs = with_text_times(target, with_to_one(target, rows_qs, options))
    rows = list(rows_qs[:cap] if cap else rows_qs)
    if cap and len(rows) >= cap:
        return None
    grouped: dict = {}
    for row in rows:
        grouped.setdefault(row.sta_parent, []).append(row)
    counts = {}
    if options.count:
        counting = qs.order_by().annotate(sta_parent=F(back)).values("sta_parent").annotate(n=Count("pk"))
        counts = {item["sta_parent"]: item["n"] for item in counting}
    out = {}
    for pk in parent_ids:
        children = grouped.get(pk, [])
        out[pk] = (children[: options.top], len(children) > options.top, counts.get(pk, 0))
    return out


def _plain_lateral(
    per_parent, parent_ids: list, qs, back: str, first: int, last: int, options: QueryOptions, ctx: Ctx
) -> dict | None:
    """_expand_batch for plain Observations on PostgreSQL: the rows themselves come out of the LATERAL
    subquery (one index scan per parent, no second lookup by id), as value rows with the times written by
    PostgreSQL. `sta_rank` keeps each parent's order (row_number over the ordered, limited subquery)."""
    inner = observation_text_values(per_parent)[first:last]
    sql, params = inner.query.get_compiler(using=qs.db).as_sql()
    limit = int(getattr(settings, "STA_MAX_RESPONSE_ENTITIES", 10000))
    cap = limit - ctx.spent + len(parent_ids) + 1 if limit else None
    lateral = (
        "SELECT sta_p.id AS sta_parent, sta_c.* FROM unnest(%s::bigint[]) AS sta_p(id) CROSS JOIN LATERAL ("  # noqa: S608
        f"SELECT sta_q.*, row_number() OVER () AS sta_rank FROM ({sql}) AS sta_q) AS sta_c "
        "ORDER BY sta_parent, sta_c.sta_rank" + (" LIMIT %s" if cap else "")
    )
    with connections[qs.db].cursor() as cursor:
        cursor.execute(lateral, [parent_ids, *params, *([cap] if cap else [])])
        rows = cursor.fetchall()
    if cap and len(rows) >= cap:
        return None
    grouped: dict = {}
    for parent, *row, _rank in rows:
        grouped.setdefault(parent, []).append(text_row(*row))
    counts = {}
    if options.count:
        counting = qs.order_by().annotate(sta_parent=F(back)).values("sta_parent").annotate(n=Count("pk"))
        counts = {item["sta_parent"]: item["n"] for item in counting}
    out = {}
    for pk in parent_ids:
        children = grouped.get(pk, [])
        out[pk] = (PlainRows(children[: options.top]), len(children) > options.top, counts.get(pk, 0))
    return out


class PlainRows(list):
    """Observations of an expansion as text rows (text_row; not model instances)."""


def plain_observations(spec: EntitySpec, options: QueryOptions) -> bool:
    """Observations written as every property with no $select and no $expand: from value rows."""
    return spec.name == "Observations" and FAST_OBSERVATIONS and options.select is None and not options.expand


def prefetch_expand(spec: EntitySpec, parents: list, options: QueryOptions, ctx: Ctx) -> None:
    """Load every to-many $expand of a page with one query per level for all parents (not one per parent),
    recursively; expand_json then reads what is attached to each parent (``sta_expanded``)."""
    if not parents or not options.expand:
        return
    for name, sub in options.expand.items():
        nav = spec.navs.get(name)
        if nav is None:
            continue  # entity_json refuses it with its own message
        target = SPECS[nav.target]
        if not nav.many:
            related = [getattr(obj, nav.relation) for obj in parents]
            prefetch_expand(target, [obj for obj in related if obj is not None], sub, ctx)
            continue
        batch = _expand_batch(spec, parents, name, sub, ctx)
        if batch is None:
            continue
        for obj in parents:
            obj.__dict__.setdefault("sta_expanded", {})[name] = batch[obj.pk]
        prefetch_expand(target, [row for rows, _, _ in batch.values() for row in rows], sub, ctx)


def count_of(queryset) -> int:
    """@iot.count of a collection. STA_COUNT_MODE "estimate" on PostgreSQL asks the planner first (EXPLAIN, the
    same statistics as pg_class.reltuples, for the query with its $filter) and counts exactly only when the
    estimate lies below STA_COUNT_ESTIMATE_THRESHOLD, as FROST's ESTIMATE_LIMIT does: an approximate count of
    a huge table in a millisecond instead of a full scan. Default "full": always exact."""
    connection = connections[queryset.db]
    if getattr(settings, "STA_COUNT_MODE", "full") != "estimate" or connection.vendor != "postgresql":
        return queryset.count()
    threshold = int(getattr(settings, "STA_COUNT_ESTIMATE_THRESHOLD", 1_000_000))
    sql, params = queryset.order_by().values("pk").query.get_compiler(using=queryset.db).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    estimate = int(plan[0]["Plan"]["Plan Rows"])
    return estimate if estimate >= threshold else queryset.count()


# Observation pages without $select/$expand (a datastream's last day, a dashboard's series) are written from
# plain rows, without a model instance and the generic property loop per observation. Only while the spec is
# the one this writer knows; test_sta_speed.py checks it against entity_json.
OBSERVATION_COLUMNS = (
    "pk",
    "datastream_id",
    "multi_datastream_id",
    "phenomenon_time_start",
    "phenomenon_time_end",
    "result_time",
    "result",
    "result_quality",
    "valid_time_start",
    "valid_time_end",
    "parameters",
)
FAST_OBSERVATIONS = tuple(SPECS["Observations"].props) == (
    "phenomenonTime",
    "resultTime",
    "result",
    "resultQuality",
    "validTime",
    "parameters",
) and tuple(SPECS["Observations"].navs) == ("Datastream", "MultiDatastream", "FeatureOfInterest")


def observation_rows_json(rows, ctx: Ctx) -> list[dict]:
    """What entity_json writes for each observation, from value rows in OBSERVATION_COLUMNS order."""
    return observation_text_rows_json(
        (
            (pk, ds, mds, format_interval(start, end), format_instant(result_time), result, quality,
             format_interval(valid_start, valid_end), parameters)
            for pk, ds, mds, start, end, result_time, result, quality, valid_start, valid_end, parameters in rows
        ),
        ctx,
    )  # fmt: skip


def _instant_sql(column: str, table: str = "sensors_observation") -> str:
    """format_instant in SQL: UTC, whole seconds, or milliseconds (truncated, as Python's timespec) when the
    time has a fraction; NULL stays NULL."""
    utc = f"({_column(column, table)} AT TIME ZONE 'UTC')"
    return (
        f"(CASE WHEN date_trunc('second', {utc}) = {utc} "
        f"""THEN to_char({utc}, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') """
        f"""ELSE to_char({utc}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END)"""
    )


def _interval_sql(start: str, end: str, table: str = "sensors_observation") -> str:
    """format_interval in SQL: the instant when the end is unset or equal, else "start/end"."""
    a, b = _column(start, table), _column(end, table)
    return (
        f"(CASE WHEN {b} IS NULL OR {b} = {a} THEN {_instant_sql(start, table)} "
        f"ELSE {_instant_sql(start, table)} || '/' || {_instant_sql(end, table)} END)"
    )


def _json_sql(column: str) -> str:
    return f"({_column(column)})::text"


def _column(name: str, table: str = "sensors_observation") -> str:
    """A column, qualified with its table: a $filter through Datastream joins a table with the same column
    names as the observation table."""
    return f'"{table}"."{name}"'


# The same row as OBSERVATION_COLUMNS with times written and JSON left as text by PostgreSQL: a page of a day's
# observations then costs no datetime parsing and formatting in Python (the largest part of that request).
OBSERVATION_TEXT_SQL = {
    "sta_phenomenon": _interval_sql("phenomenon_time_start", "phenomenon_time_end"),
    "sta_result_time": _instant_sql("result_time"),
    "sta_result": _json_sql("result"),
    "sta_quality": _json_sql("result_quality"),
    "sta_valid": _interval_sql("valid_time_start", "valid_time_end"),
    "sta_parameters": _json_sql("parameters"),
}


def _json_text(text: str | None):
    # json, not orjson: orjson reads an integer beyond 64 bits as a float (a different number)
    return None if text is None else json.loads(text)


OBSERVATION_TEXT_COLUMNS = ("pk", "datastream_id", "multi_datastream_id", *OBSERVATION_TEXT_SQL)


def observation_text_values(queryset):
    """The queryset as value rows of OBSERVATION_TEXT_COLUMNS (times and JSON as text)."""
    annotations = {name: RawSQL(sql, []) for name, sql in OBSERVATION_TEXT_SQL.items()}  # noqa: S611 - constant SQL
    return queryset.annotate(**annotations).values_list(*OBSERVATION_TEXT_COLUMNS)


def text_row(pk, ds, mds, phenomenon, result_time, result, quality, valid, parameters) -> tuple:
    return (
        pk,
        ds,
        mds,
        phenomenon,
        result_time,
        _json_text(result),
        _json_text(quality),
        valid,
        _json_text(parameters),
    )


def observation_text_rows_json(rows, ctx: Ctx) -> list[dict]:
    """What entity_json writes for each observation, from rows whose times are STA text already
    (row_pages and _plain_lateral on PostgreSQL; observation_rows_json formats them in Python first)."""
    base = ctx.base
    out = []
    for pk, ds, mds, phenomenon, result_time, result, quality, valid, parameters in rows:
        link = f"{base}/Observations({pk})"
        item = {
            "@iot.id": pk,
            "@iot.selfLink": link,
            "phenomenonTime": phenomenon,
            "resultTime": result_time,
            "result": result,
            "resultQuality": quality,
            "validTime": valid,
        }
        if parameters is not None:  # an unset map is left out, as entity_json does (OBJECT_MAPS)
            item["parameters"] = parameters
        if ds is not None:
            item["Datastream@iot.navigationLink"] = f"{link}/Datastream"
        if mds is not None:
            item["MultiDatastream@iot.navigationLink"] = f"{link}/MultiDatastream"
        item["FeatureOfInterest@iot.navigationLink"] = f"{link}/FeatureOfInterest"
        out.append(item)
    return out


def collection_json(
    spec: EntitySpec, queryset, options: QueryOptions, ctx: Ctx, *, url: str, parent_spec: EntitySpec | None = None
) -> dict:
    from .row_pages import page_json

    written = page_json(spec, queryset, options, ctx, url=url, parent_spec=parent_spec)
    if written is not None:  # one statement, its JSON written by PostgreSQL (row_pages.py)
        return written
    queryset = query(spec, queryset, options, ctx, parent_spec=parent_spec)
    out: dict = {}
    if options.count:
        out["@iot.count"] = count_of(queryset)
    plain = spec.name == "Observations" and FAST_OBSERVATIONS and options.top > 0
    if plain and options.select is None and not options.expand:  # SQLite (PostgreSQL: row_pages.page_json)
        first, last = options.skip, options.skip + options.top + 1
        values = list(queryset.values_list(*OBSERVATION_COLUMNS)[first:last])
        if len(values) > options.top:
            out["@iot.nextLink"] = next_link(url, options)
        ctx.spend(min(len(values), options.top))
        out["value"] = observation_rows_json(values[: options.top], ctx)
        return out
    rows, more = page(with_text_times(spec, with_to_one(spec, queryset, options)), options)
    if more:
        out["@iot.nextLink"] = next_link(url, options)
    prefetch_expand(spec, rows, options, ctx)
    ctx.spend(len(rows))
    out["value"] = [entity_json(spec, obj, options, ctx) for obj in rows]
    return out


def entity_json(spec: EntitySpec, obj, options: QueryOptions, ctx: Ctx) -> dict:
    select = options.select
    out: dict = {}
    if select is None or "id" in select or "@iot.id" in select:
        out["@iot.id"] = obj.pk
    if select is None or "@iot.selfLink" in select or "id" in select:
        out["@iot.selfLink"] = self_link(ctx, spec, obj.pk)
    if select is not None:
        for name in select:
            if name not in spec.props and name not in spec.navs and name not in {"id", "@iot.id", "@iot.selfLink"}:
                raise ValidationError(f"$select: '{name}' is not a property of {spec.singular}.")
    for name, prop in spec.props.items():
        if select is None or name in select:
            value = prop_value(prop, obj)
            if value is None and prop.column in OBJECT_MAPS:
                continue
            out[name] = value
    for name, nav in spec.navs.items():
        if name in ("Datastream", "MultiDatastream") and getattr(obj, f"{nav.relation}_id", None) is None:
            continue  # an observation belongs to one of the two
        if name in options.expand:
            out.update(expand_json(spec, obj, name, options.expand[name], ctx))
        elif select is None or name in select:
            out[f"{name}@iot.navigationLink"] = f"{self_link(ctx, spec, obj.pk)}/{name}"
    for name in options.expand:
        if name not in spec.navs:
            raise ValidationError(f"$expand: '{name}' is not a navigation property of {spec.singular}.")
    return out


def expand_json(spec: EntitySpec, obj, name: str, options: QueryOptions, ctx: Ctx) -> dict:
    nav = spec.navs[name]
    target = SPECS[nav.target]
    if not nav.many:
        related = getattr(obj, nav.relation)
        if related is not None and ctx.visibility.is_hidden(target.model, related):
            related = None
        ctx.spend(1)
        return {name: entity_json(target, related, options, ctx) if related is not None else None}
    out: dict = {}
    prefetched = obj.__dict__.get("sta_expanded", {}).get(name)
    if prefetched is not None:  # prefetch_expand loaded it for the whole page
        rows, more, count = prefetched
        if options.count:
            out[f"{name}@iot.count"] = count
    else:
        queryset = query(target, getattr(obj, nav.relation).all(), options, ctx, parent_spec=spec)
        if options.count:
            out[f"{name}@iot.count"] = queryset.count()
        rows, more = page(with_to_one(target, queryset, options), options)
    ctx.spend(1 + len(rows))  # the query itself costs too: a thousand empty expansions are a thousand queries
    if isinstance(rows, PlainRows):
        out[name] = observation_text_rows_json(rows, ctx)
    else:
        out[name] = [entity_json(target, row, options, ctx) for row in rows]
    if more:
        out[f"{name}@iot.nextLink"] = next_link(f"{self_link(ctx, spec, obj.pk)}/{name}", options)
    return out


def entity_payload(entity_set: str, obj) -> dict:
    """The JSON of one entity as MQTT subscribers receive it."""
    from ..selectors import sta_base_url

    return entity_json(SPECS[entity_set], obj, QueryOptions(), Ctx(base=sta_base_url(), guard=Guard(None)))
