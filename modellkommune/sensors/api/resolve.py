"""Resource paths of STA 1.1 (section 9.2): Things, Things(5), Things(5)/Datastreams, Datastreams(1)/Thing,
Things(5)/name, Things(5)/name/$value, …/$ref."""

import re
from dataclasses import dataclass
from functools import cache

from django.db.models import OuterRef, Subquery

from .serializers import GEOMETRY_COLUMNS, Ctx
from .spec import SPECS, EntitySpec
from .writes import NotFound

SEGMENT = re.compile(r"^([A-Za-z]+)(?:\((\d+)\))?$")


@dataclass
class Resolved:
    kind: str  # collection | entity | property | value | ref
    spec: EntitySpec
    queryset: object = None
    obj: object = None
    prop: str | None = None
    parent: tuple[EntitySpec, object] | None = None


def check_visible(spec: EntitySpec, obj, ctx: Ctx) -> None:
    if ctx.visibility.is_hidden(spec.model, obj):
        raise NotFound(f"{spec.singular}({obj.pk}) does not exist.")


def _get(spec: EntitySpec, queryset, pk: str, ctx: Ctx):
    obj = queryset.filter(pk=int(pk)).first()
    if obj is None:
        raise NotFound(f"{spec.singular}({pk}) does not exist.")
    check_visible(spec, obj, ctx)
    return obj


@cache
def _read_one_sql(model) -> str:
    # every column but the geometries beside the GeoJSON (serializers.GEOMETRY_COLUMNS: reads write the GeoJSON)
    table = model._meta.db_table
    columns = [f'"{f.column}"' for f in model._meta.concrete_fields if f.column not in GEOMETRY_COLUMNS]
    return f'SELECT {", ".join(columns)} FROM "{table}" WHERE "{model._meta.pk.column}" = %s'  # noqa: S608


def _read_one(spec: EntitySpec, pk: str, ctx: Ctx):
    """The entity a GET path starts with, in one small statement compiled once (no join, no ordering): on a
    datastream's last day of observations the ORM's lookup cost as much as the page itself."""
    number = int(pk)
    found = list(spec.model.objects.raw(_read_one_sql(spec.model), [number])) if number < 2**63 else []
    if not found:
        raise NotFound(f"{spec.singular}({pk}) does not exist.")
    check_visible(spec, found[0], ctx)
    return found[0]


def stream_queryset(spec: EntitySpec, *, observations_next: bool):
    """(Multi)Datastreams come with their sector (every scope check reads it). Before a POST to
    …/Observations they also carry the id of the FeatureOfInterest generated from their Thing's first Location
    (``sta_default_foi_id``, None while there is none yet), so a single observation is written with one query
    for the stream instead of four (thing, location, feature of interest)."""
    queryset = spec.model.objects.select_related("sector")
    if observations_next:
        from ..models import FeatureOfInterest, Thing

        first_location = (
            Thing.locations.through.objects.filter(thing_id=OuterRef(OuterRef("thing_id")))
            .order_by("location_id")
            .values("location_id")[:1]
        )
        generated = (
            FeatureOfInterest.objects.filter(source_location_id=Subquery(first_location))
            .order_by("id")
            .values("id")[:1]
        )
        queryset = queryset.annotate(sta_default_foi_id=Subquery(generated))
    return queryset


def resolve(path: str, ctx: Ctx, *, method: str = "GET") -> Resolved:
    """`method` "POST" prepares a POST below a stream (stream_queryset); reads do not pay for that subquery."""
    segments = [s for s in path.strip("/").split("/") if s]
    match = SEGMENT.match(segments[0]) if segments else None
    if not match or match.group(1) not in SPECS:
        raise NotFound(f"'{segments[0] if segments else ''}' is not an entity set of this service.")
    spec = SPECS[match.group(1)]
    if match.group(2) and method == "GET":
        state = Resolved("entity", spec, obj=_read_one(spec, match.group(2), ctx))
    elif match.group(2):
        queryset = spec.model.objects.all()
        if spec.name in {"Datastreams", "MultiDatastreams"}:
            nxt = SEGMENT.match(segments[1]) if len(segments) > 1 else None
            observations_next = method == "POST" and bool(nxt) and nxt.group(1) == "Observations"
            queryset = stream_queryset(spec, observations_next=observations_next)
        state = Resolved("entity", spec, obj=_get(spec, queryset, match.group(2), ctx))
    else:
        state = Resolved("collection", spec, queryset=spec.model.objects.all())
    for segment in segments[1:]:
        if segment == "$ref" and state.kind in {"collection", "entity"}:
            state.kind = "ref"
            continue
        if segment == "$value" and state.kind == "property":
            state.kind = "value"
            continue
        if state.kind != "entity":
            raise NotFound(f"'{segment}' cannot follow here in '{path}'.")
        match = SEGMENT.match(segment)
        name = match.group(1) if match else segment
        spec, obj = state.spec, state.obj
        if match and name in spec.navs:
            nav = spec.navs[name]
            target = SPECS[nav.target]
            if not nav.many:
                related = getattr(obj, nav.relation)
                if related is None or match.group(2):
                    raise NotFound(f"{spec.singular}({obj.pk}) has no {name}.")
                check_visible(target, related, ctx)
                state = Resolved("entity", target, obj=related)
            elif match.group(2):
                state = Resolved(
                    "entity", target, obj=_get(target, getattr(obj, nav.relation).all(), match.group(2), ctx)
                )
            else:
                state = Resolved("collection", target, queryset=getattr(obj, nav.relation).all(), parent=(spec, obj))
        elif name in spec.props or name == "id":
            state = Resolved("property", spec, obj=obj, prop=name)
        else:
            raise NotFound(f"'{name}' is not a property or navigation property of {spec.singular}.")
    return state
