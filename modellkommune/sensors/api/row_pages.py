"""Collection pages written from one JSON document that PostgreSQL builds (json_agg over the page), not from
model instances: a datastream's last day of observations, and "the latest observation of 40 datastreams"
(Datastreams?$expand=Observations($top=1;…)) as a single statement with a LATERAL subquery per stream.

Fetching one text value and parsing it with the C JSON parser costs a fraction of fetching rows column by
column, building model instances and formatting their times in Python (the larger part of both requests in the
profiles of issue 12). The JSON is exactly entity_json's: the times come from the same SQL as the value rows of
observation pages, JSON values go through the same parser (`json`, which keeps integers beyond 64 bits), and
the dicts are built in spec order. Only on PostgreSQL, only without $select, and only where an expansion, if
any, is a plain Observations page; everything else goes the generic way (collection_json).

What remains of such a request is mostly compiling the query (Django) and PostgreSQL parsing and planning it,
each about as long as running it. So a statement whose SQL and parameters depend on nothing but the URL and
the caller's scope (see _cache_key) is compiled once per process and run as a prepared statement."""

import json

from django.conf import settings
from django.db import connections
from django.db.models import CharField, F, JSONField, TextField
from django.db.models.expressions import RawSQL

from modellkommune.core import db_prepared

from . import serializers as s
from .options import QueryOptions
from .spec import SPECS, EntitySpec

# An observation as observation_text_rows_json reads it: (pk, datastream, multi datastream, phenomenonTime,
# resultTime, result, resultQuality, validTime, parameters), with its times written by PostgreSQL.
_OBSERVATION_ROW = {
    "sta_o_id": lambda: F("pk"),
    "sta_o_ds": lambda: F("datastream_id"),
    "sta_o_mds": lambda: F("multi_datastream_id"),
    "sta_o_phenomenon": lambda: RawSQL(s._interval_sql("phenomenon_time_start", "phenomenon_time_end"), []),  # noqa: S611
    "sta_o_result_time": lambda: RawSQL(s._instant_sql("result_time"), []),  # noqa: S611 - constant SQL
    "sta_o_result": lambda: F("result"),
    "sta_o_quality": lambda: F("result_quality"),
    "sta_o_valid": lambda: RawSQL(s._interval_sql("valid_time_start", "valid_time_end"), []),  # noqa: S611
    "sta_o_parameters": lambda: F("parameters"),
}
_OBSERVATION_ARRAY = "json_build_array({})".format(", ".join(f'{{t}}."{name}"' for name in _OBSERVATION_ROW))


def _observation_values(queryset):
    return queryset.annotate(**{name: make() for name, make in _OBSERVATION_ROW.items()}).values_list(*_OBSERVATION_ROW)


def _sql(queryset) -> tuple[str, tuple]:
    return queryset.query.get_compiler(using=queryset.db).as_sql()


# ---- entity sets written from JSON arrays ---------------------------------------------------------------------

_JSON_KINDS = {"json", "geo"}
_TIME_KINDS = {"time", "interval"}


class _Plan:
    """How an entity set is read into one JSON array per entity: the SQL expression of each property, whether a
    null leaves it out (OBJECT_MAPS), and the navigation links in spec order."""

    def __init__(self, spec: EntitySpec):
        self.spec = spec
        table = spec.model._meta.db_table
        self.columns: dict = {"sta_e_id": lambda: F("pk")}
        self.props: list[tuple[str, bool]] = []
        for index, (name, prop) in enumerate(spec.props.items()):
            alias = f"sta_e_{index}"
            if prop.kind == "time":
                sql = s._instant_sql(prop.column, table)
                self.columns[alias] = lambda sql=sql: RawSQL(sql, [])  # noqa: S611 - constant SQL
            elif prop.kind == "interval":
                sql = s._interval_sql(prop.column, prop.end_column, table)
                self.columns[alias] = lambda sql=sql: RawSQL(sql, [])  # noqa: S611 - constant SQL
            else:
                self.columns[alias] = lambda column=prop.column: F(column)
            self.props.append((name, prop.column in s.OBJECT_MAPS))
        self.names = [name for name, _ in self.props]
        self.omitted_when_null = [name for name, omitted in self.props if omitted]
        self.links = [(nav, f"{nav}@iot.navigationLink") for nav in spec.navs]

    def values(self, queryset):
        return queryset.annotate(**{name: make() for name, make in self.columns.items()}).values_list(*self.columns)


def _plan_for(spec: EntitySpec) -> "_Plan | None":
    """Entity sets whose every property is text, JSON or a time (JSON in SQL is then the JSON of entity_json),
    and that have no navigation entity_json leaves out by the row's content (an observation's Datastream)."""
    if spec.name == "Observations" or {"Datastream", "MultiDatastream"} & set(spec.navs):
        return None
    for prop in spec.props.values():
        if prop.kind in _TIME_KINDS:
            continue
        field = spec.model._meta.get_field(prop.column)
        if prop.kind in _JSON_KINDS and isinstance(field, JSONField):
            continue
        if prop.kind == "plain" and isinstance(field, CharField | TextField):
            continue
        return None
    return _Plan(spec)


PLANS = {name: plan for name, spec in SPECS.items() if (plan := _plan_for(spec)) is not None}


def _expansion(spec: EntitySpec, options: QueryOptions):
    """(name, nested options, foreign key of the child) of the one plain Observations expansion, (None, None,
    None) without expansions; None when the page does not qualify."""
    if not options.expand:
        return None, None, None
    if len(options.expand) != 1:
        return None
    name, sub = next(iter(options.expand.items()))
    nav = spec.navs.get(name)
    if nav is None or not nav.many or nav.target != "Observations" or sub.count:
        return None
    if not s.plain_observations(SPECS[nav.target], sub):
        return None
    back, single_parent = s._back_lookup(spec, nav.relation)
    return (name, sub, back) if single_parent else None


def _entity_sql(spec: EntitySpec, queryset, options: QueryOptions, ctx, expansion) -> tuple[str, tuple]:
    """One statement for the page of `queryset` (query() applied): a JSON array of entity arrays, each ending
    with the array of its expanded observations (per parent by LATERAL over the (parent, time) index)."""
    plan = PLANS[spec.name]
    name, sub, back = expansion
    page_sql, params = _sql(plan.values(queryset)[options.skip : options.skip + options.top + 1])
    entity = ", ".join(f'sta_p."{column}"' for column in plan.columns)
    if not name:
        return f"SELECT json_agg(json_build_array({entity}))::text FROM ({page_sql}) AS sta_p", params  # noqa: S608
    target = SPECS["Observations"]
    per_parent = target.model.objects.filter(**{back: RawSQL('sta_p."sta_e_id"', [])})  # noqa: S611
    per_parent = s.query(target, per_parent, sub, ctx, parent_spec=spec)
    child_sql, child_params = _sql(_observation_values(per_parent)[sub.skip : sub.skip + sub.top + 1])
    # the entity after the page (top + 1, it only says "more") needs no observations
    sql = (
        f"SELECT json_agg(json_build_array({entity}, sta_o.sta_children) ORDER BY sta_p.sta_n)::text "  # noqa: S608
        f"FROM (SELECT sta_q.*, row_number() OVER () AS sta_n FROM ({page_sql}) AS sta_q) AS sta_p "
        f"LEFT JOIN LATERAL (SELECT json_agg({_OBSERVATION_ARRAY.format(t='sta_c')}) AS sta_children "
        f"FROM ({child_sql}) AS sta_c) AS sta_o ON sta_p.sta_n <= {int(options.top)}"
    )
    return sql, (*params, *child_params)


def _entities_json(spec: EntitySpec, rows: list, options: QueryOptions, ctx, expansion) -> list[dict]:
    plan = PLANS[spec.name]
    name, sub, _ = expansion
    prefix = f"{ctx.base}/{spec.name}("
    names, count = plan.names, len(plan.names) + 1
    spent = len(rows)
    out = []
    for row in rows:
        pk = row[0]
        link = f"{prefix}{pk})"
        item = {"@iot.id": pk, "@iot.selfLink": link}
        item.update(zip(names, row[1:count], strict=True))
        for prop in plan.omitted_when_null:
            if item[prop] is None:
                del item[prop]
        for nav, key in plan.links:
            if nav != name:
                item[key] = f"{link}/{nav}"
                continue
            children = row[-1] or []
            spent += 1 + min(len(children), sub.top)
            item[nav] = s.observation_text_rows_json(children[: sub.top], ctx)
            if len(children) > sub.top:
                item[f"{nav}@iot.nextLink"] = s.next_link(f"{link}/{nav}", sub)
        out.append(item)
    ctx.spend(spent)
    return out


# ---- the page ------------------------------------------------------------------------------------------------


def _qualifies(spec: EntitySpec, options: QueryOptions, ctx, db: str):
    """ "observations", the expansion of an entity page, or None for the generic way."""
    if options.select is not None or options.top == 0 or not s.FAST_OBSERVATIONS:
        return None
    if connections[db].vendor != "postgresql":
        return None
    if spec.name == "Observations":
        return "observations" if not options.expand else None
    if spec.name not in PLANS or not s.SQL_TIMES:
        return None
    expansion = _expansion(spec, options)
    if expansion is None:
        return None
    # Never more than the cost limit allows (the generic way then stops with its error at the limit).
    limit = int(getattr(settings, "STA_MAX_RESPONSE_ENTITIES", 10000))
    sub = expansion[1]
    worst = options.top + (options.top * (1 + sub.top) if sub else 0)
    if limit and ctx.spent + worst > limit:
        return None
    return expansion


_COMPILED: dict = {}
_COMPILED_MAX = 512


def _cache_key(spec: EntitySpec, options: QueryOptions, ctx, url: str, parent_spec, db: str):
    """The key of a statement that depends only on the URL (path and options) and the caller's scope, or None.
    Visibility is a condition on the stream's own row (Visibility.stream_hidden_q, the scope only) for stream
    pages, and none for the observations of a stream (its visibility was checked by resolve()). Other entity
    sets, and $filter paths through other entities, read the hidden ids from the database: not cached."""
    if spec.name not in s.STREAM_SETS and not s.children_of_visible_stream(spec, parent_spec):
        return None
    filters = [options.filter, *(sub.filter for sub in options.expand.values())]
    if any(text and "/" in text for text in filters):
        return None
    guard = ctx.guard
    scope = (guard.everything, tuple(sorted(guard.things)), tuple(sorted(guard.sectors)))
    return (db, url, tuple(sorted(options.raw.items())), scope)


def page_json(
    spec: EntitySpec, queryset, options: QueryOptions, ctx, *, url: str, parent_spec: EntitySpec | None
) -> dict | None:
    """collection_json's answer for the pages this module writes, None for every other page."""
    kind = _qualifies(spec, options, ctx, queryset.db)
    if kind is None:
        return None
    key = _cache_key(spec, options, ctx, url, parent_spec, queryset.db)
    compiled = _COMPILED.get(key) if key is not None else None
    filtered = None
    if compiled is None:
        filtered = s.query(spec, queryset, options, ctx, parent_spec=parent_spec)
        if kind == "observations":
            inner, params = _sql(_observation_values(filtered)[options.skip : options.skip + options.top + 1])
            array = _OBSERVATION_ARRAY.format(t="sta_q")
            compiled = f"SELECT json_agg({array})::text FROM ({inner}) AS sta_q", params  # noqa: S608
        else:
            compiled = _entity_sql(spec, filtered, options, ctx, kind)
        if key is not None:
            if len(_COMPILED) >= _COMPILED_MAX:
                _COMPILED.clear()
            _COMPILED[key] = compiled
    out: dict = {}
    if options.count:
        out["@iot.count"] = s.count_of(filtered if filtered is not None else s.query(spec, queryset, options, ctx))
    rows = _fetch_json(*compiled, queryset.db, prepared=key is not None)
    if len(rows) > options.top:
        out["@iot.nextLink"] = s.next_link(url, options)
    rows = rows[: options.top]
    if kind == "observations":
        ctx.spend(len(rows))
        out["value"] = s.observation_text_rows_json(rows, ctx)
    else:
        out["value"] = _entities_json(spec, rows, options, ctx, kind)
    return out


def _fetch_json(sql: str, params, using: str, *, prepared: bool) -> list:
    """The page's JSON, as a prepared statement of the session where it may be (core/db_prepared.py); a query
    not compiled once (no key of its own) is not worth preparing."""
    text = db_prepared.fetch(sql, params, using, one=True, prepare=prepared)[0]
    # json, not orjson: orjson reads an integer beyond 64 bits as a float (a different number)
    return json.loads(text) if text is not None else []
