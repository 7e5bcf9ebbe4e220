"""Entities written out as SensorThings JSON (STA 1.1, section 8 and 9.2), field by field from spec.py,
including $select, nested $expand with its own options, navigation links, counts and nextLinks."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError

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


def prop_value(prop: Prop, obj):
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


def query(spec: EntitySpec, queryset, options: QueryOptions, ctx: Ctx):
    queryset = visible(spec, queryset, ctx)
    if options.filter:
        queryset = apply_filter(queryset, spec, options.filter, visibility=ctx.visibility)
    return ordered(spec, queryset, options)


def with_to_one(spec: EntitySpec, queryset, options: QueryOptions):
    """Expanded to-one relations (Observations → FeatureOfInterest) come in the same query, not one per row."""
    relations = [spec.navs[name].relation for name in options.expand if name in spec.navs and not spec.navs[name].many]
    return queryset.select_related(*relations) if relations else queryset


def page(queryset, options: QueryOptions) -> tuple[list, bool]:
    if options.top == 0:
        return [], queryset[options.skip : options.skip + 1].exists()
    rows = list(queryset[options.skip : options.skip + options.top + 1])
    return rows[: options.top], len(rows) > options.top


def next_link(url: str, options: QueryOptions) -> str:
    params = dict(options.raw)
    params["$skip"] = str(options.skip + options.top)
    # A capped $top=5000 continues with $top=4000 (capped again on the next page), so the client still gets
    # exactly the 5,000 entities it asked for, page by page.
    rest = options.requested_top - options.top if options.requested_top else options.top
    params["$top"] = str(rest)
    return f"{url}?{urlencode(params)}"


def collection_json(spec: EntitySpec, queryset, options: QueryOptions, ctx: Ctx, *, url: str) -> dict:
    queryset = query(spec, queryset, options, ctx)
    out: dict = {}
    if options.count:
        out["@iot.count"] = queryset.count()
    rows, more = page(with_to_one(spec, queryset, options), options)
    if more:
        out["@iot.nextLink"] = next_link(url, options)
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
    queryset = query(target, getattr(obj, nav.relation).all(), options, ctx)
    out: dict = {}
    if options.count:
        out[f"{name}@iot.count"] = queryset.count()
    rows, more = page(with_to_one(target, queryset, options), options)
    ctx.spend(1 + len(rows))  # the query itself costs too: a thousand empty expansions are a thousand queries
    out[name] = [entity_json(target, row, options, ctx) for row in rows]
    if more:
        out[f"{name}@iot.nextLink"] = next_link(f"{self_link(ctx, spec, obj.pk)}/{name}", options)
    return out


def entity_payload(entity_set: str, obj) -> dict:
    """The JSON of one entity as MQTT subscribers receive it."""
    from ..selectors import sta_base_url

    return entity_json(SPECS[entity_set], obj, QueryOptions(), Ctx(base=sta_base_url(), guard=Guard(None)))
