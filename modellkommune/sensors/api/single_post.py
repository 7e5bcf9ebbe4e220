"""One observation POSTed below its Datastream (`POST Datastreams(5)/Observations`), the request a device
sends every few seconds, in two statements and no transaction on PostgreSQL:

1. one SELECT finds the token (by its hash) and the stream with its sector and its generated
   FeatureOfInterest; Django compiles that query once per database alias (`StreamQuery`), a request only
   swaps its two parameters;
2. one INSERT that also widens the stream's cached ranges (services._insert_extending_ranges), atomic by
   itself, so it needs neither BEGIN nor COMMIT.

The general path paid five round trips (BEGIN, token, stream, INSERT, COMMIT) and compiled two querysets per
request. Checks, validation, the written row and the answer are the general path's own (Guard, Writer,
observation_create, entity_json): this module only finds the token and the stream faster. Whatever it does
not cover — another FeatureOfInterest, a link in the body, a stream without its generated FoI yet, an
unknown token or stream, SQLite — goes the general path (`handle` returns None), which gives the errors."""

from __future__ import annotations

import re
import threading

from django.db import connections
from django.db.models import Subquery
from django.db.models.functions import JSONObject
from django.utils.dateparse import parse_datetime

from modellkommune.core import db_prepared

from ..auth import Guard, token_touch
from ..models import ApiToken
from ..models.token import token_hash
from .resolve import check_visible, stream_queryset
from .spec import SPECS

PATH = re.compile(r"^Datastreams\((\d+)\)/Observations/?$")
# Links in the body (another stream, a FeatureOfInterest by id or deep insert) take the general path.
LINKS = {"Datastream", "MultiDatastream", "FeatureOfInterest", "@iot.id"}
TOKEN_COLUMNS = ("id", "name", "scope_all", "scope_things", "scope_sectors", "last_used")
_HASH, _PK = "sentinel-token-hash", -7_654_321  # placeholders swapped for each request's values


def stream_id(request, path: str) -> int | None:
    """The Datastream id when this request may take the fast path, else None."""
    if request.method != "POST" or connections["default"].vendor != "postgresql":
        return None
    match = PATH.match(path)
    return int(match.group(1)) if match else None


class StreamQuery:
    """`stream_queryset(…, observations_next=True)` for one pk, with the token's columns as one JSON
    subquery, compiled once per alias; rows are turned into a Datastream (with its sector) as Django's
    select_related would, through the compiler's own converters."""

    def __init__(self):
        self._compiled: dict[str, tuple] = {}
        self._lock = threading.Lock()

    def _compile(self, alias: str) -> tuple:
        compiled = self._compiled.get(alias)
        if compiled is None:
            with self._lock:
                token = (
                    ApiToken.objects.filter(token_hash=_HASH, active=True)
                    .values(json=JSONObject(**{c: c for c in TOKEN_COLUMNS}))
                    .order_by()[:1]
                )
                queryset = (
                    stream_queryset(SPECS["Datastreams"], observations_next=True)
                    .filter(pk=_PK)
                    .annotate(sta_token=Subquery(token))
                    .defer("observed_area_geom")
                )
                compiler = queryset.query.get_compiler(using=alias)
                sql, params = compiler.as_sql()
                if list(params).count(_HASH) != 1 or list(params).count(_PK) != 1:
                    raise RuntimeError("single_post: the stream query's parameters are not as expected")
                compiled = self._compiled[alias] = (compiler, sql, tuple(params))
        return compiled

    def __call__(self, *, raw_token: str, pk: int, alias: str = "default"):
        """(token or None, stream) or None when the stream does not exist."""
        compiler, sql, params = self._compile(alias)
        values = {_HASH: token_hash(raw_token), _PK: pk}
        bound = [values.get(p, p) if isinstance(p, str | int) else p for p in params]
        rows = db_prepared.fetch(sql, bound, alias)
        if not rows:
            return None
        row = next(iter(compiler.results_iter(results=[rows])))
        return _token(row[compiler.annotation_col_map["sta_token"]]), _instance(compiler, alias, row)


def _instance(compiler, alias: str, row):
    """The model instance of the row and its select_related objects (what ModelIterable does)."""

    def build(klass_info):
        model = klass_info["model"]
        fields = klass_info["select_fields"]
        names = [compiler.select[i][0].target.attname for i in fields]
        obj = model.from_db(alias, names, [row[i] for i in fields])
        for related in klass_info.get("related_klass_infos", ()):
            related["local_setter"](obj, build(related))
        return obj

    stream = build(compiler.klass_info)
    for name, index in compiler.annotation_col_map.items():
        if name != "sta_token":
            setattr(stream, name, row[index])
    return stream


def _token(data) -> ApiToken | None:
    if data is None:
        return None
    if isinstance(data, str):  # a driver that hands JSON over as text
        import json

        data = json.loads(data)
    last_used = parse_datetime(data["last_used"]) if data.get("last_used") else None
    return ApiToken(
        id=data["id"],
        name=data["name"],
        scope_all=data["scope_all"],
        scope_things=data["scope_things"] or [],
        scope_sectors=data["scope_sectors"] or [],
        last_used=last_used,
        active=True,
    )


STREAM_QUERY = StreamQuery()


def prepare(request, pk: int, body):
    """(guard, stream) for the fast path, or None for the general path."""
    if not isinstance(body, dict) or LINKS & body.keys():
        return None
    scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return None
    found = STREAM_QUERY(raw_token=raw.strip(), pk=pk)
    if found is None or found[0] is None or found[1].sta_default_foi_id is None:
        return None  # unknown stream or token (the general path answers 404/401), or the FoI is made there
    token, stream = found
    token_touch(token)
    return Guard(token), stream


def visible(ctx, stream) -> bool:
    from .writes import NotFound

    try:
        check_visible(SPECS["Datastreams"], stream, ctx)
    except NotFound:
        return False
    return True
