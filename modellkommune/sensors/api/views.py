"""HTTP endpoints of the SensorThings API 1.1 at /sta/v1.1/. Plain JSON views written out per request
type (read, create, update, delete, batch, dataArray); `execute` serves both HTTP and $batch parts."""

import json
import logging
import re

import orjson
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.views.decorators.csrf import csrf_exempt

from modellkommune.core import dbstatus
from modellkommune.core.db_router import read_alias
from modellkommune.core.db_timeout import api_statement_timeout, is_statement_timeout, read_block, request_transaction

from ..auth import Guard, token_from_request
from . import cors, single_post
from .dataarray import create_observations
from .options import QueryOptions, parse_options
from .patch import json_patch_to_update
from .resolve import resolve
from .serializers import Ctx, collection_json, entity_json, prefetch_expand, prop_value, query, self_link
from .spec import SPECS
from .writes import NotFound, Writer, link_data

logger = logging.getLogger(__name__)
CONFORMANCE = [
    "http://www.opengis.net/spec/iot_sensing/1.1/req/datamodel",
    "http://www.opengis.net/spec/iot_sensing/1.1/req/resource-path/resource-path-to-entities",
    "http://www.opengis.net/spec/iot_sensing/1.1/req/request-data",
    "http://www.opengis.net/spec/iot_sensing/1.1/req/create-update-delete",
    "http://www.opengis.net/spec/iot_sensing/1.1/req/batch-request/batch-request",
    "http://www.opengis.net/spec/iot_sensing/1.1/req/multi-datastream",
    "http://www.opengis.net/spec/iot_sensing/1.1/req/data-array/data-array",
]
# Requirement URIs inside those classes that clients and suites look for one by one (istSOS4's conformance suite,
# FROST lists the JSON Patch one): the same statements at a finer grain, true of this server.
_STA = "http://www.opengis.net/spec/iot_sensing/1.1/req/"
_ENTITIES = [
    "thing", "location", "historical-location", "datastream", "sensor", "observed-property", "observation",
    "feature-of-interest",
]  # fmt: skip
CONFORMANCE += [f"{_STA}datamodel/{entity}/{part}" for entity in _ENTITIES for part in ("properties", "relations")]
CONFORMANCE += [
    f"{_STA}datamodel/entity-control-information/common-control-information",
    f"{_STA}request-data/status-code",
    f"{_STA}request-data/query-status-code",
    f"{_STA}create-update-delete/update-entity-jsonpatch",
]
MQTT_CONFORMANCE = [
    "http://www.opengis.net/spec/iot_sensing/1.1/req/create-observations-via-mqtt/observations-creation",
    "http://www.opengis.net/spec/iot_sensing/1.1/req/receive-updates-via-mqtt/receive-updates",
]
MAX_BODY = 10 * 1024 * 1024
MAX_JSON_DEPTH = 64  # a deep insert with GeoJSON needs about 12 levels
TOO_COMPLEX = "The request is nested too deeply to be evaluated (simplify $filter, $expand or the body)."


class Result:
    def __init__(self, status: int, body=None, *, location: str | None = None, text: str | None = None):
        self.status, self.body, self.location, self.text = status, body, location, text


def error(status: int, message: str) -> Result:
    return Result(status, {"code": status, "type": "error", "message": message})


def base_url(request) -> str:
    return request.build_absolute_uri("/sta/v1.1").rstrip("/")


def mqtt_endpoints() -> list[str]:
    url = getattr(settings, "MQTT_URL", "")
    if not url:
        return []
    try:
        from .. import mqtt  # noqa: F401 - the MQTT side exists only when sensors-live's module is there
    except ImportError:
        return []
    return [url]


def service_root(base: str) -> dict:
    endpoints = mqtt_endpoints()
    conformance = CONFORMANCE + (MQTT_CONFORMANCE if endpoints else [])
    settings_doc: dict = {"conformance": conformance}
    for uri in MQTT_CONFORMANCE if endpoints else []:
        settings_doc[uri] = {"endpoints": endpoints}
    return {
        "value": [{"name": spec.name, "url": f"{base}/{spec.name}"} for spec in SPECS.values()],
        "serverSettings": settings_doc,
    }


DATA_ARRAY_DEFAULT = ["id", "phenomenonTime", "resultTime", "result"]
DATA_ARRAY_PROPS = {"phenomenonTime", "resultTime", "result", "resultQuality", "validTime", "parameters"}


def data_array_components(options: QueryOptions) -> list[str]:
    """The components of a dataArray response (STA 1.1, 14.3.2): the properties of $select in its order."""
    if options.select is None:
        return DATA_ARRAY_DEFAULT
    components = []
    for name in options.select:
        name = "id" if name == "@iot.id" else name
        if name != "id" and name not in DATA_ARRAY_PROPS:
            raise ValidationError(
                f"$select: '{name}' cannot be a dataArray component (use id, {', '.join(sorted(DATA_ARRAY_PROPS))})."
            )
        if name not in components:
            components.append(name)
    return components


def _data_array(queryset, options: QueryOptions, ctx: Ctx, url: str, parent_spec=None) -> dict:
    from .serializers import page

    spec = SPECS["Observations"]
    components = data_array_components(options)
    queryset = query(spec, queryset, options, ctx, parent_spec=parent_spec)
    rows, more = page(queryset, options)
    groups: dict = {}
    for obs in rows:
        key = ("Datastreams", obs.datastream_id) if obs.datastream_id else ("MultiDatastreams", obs.multi_datastream_id)
        groups.setdefault(key, []).append(
            [obs.pk if name == "id" else prop_value(spec.props[name], obs) for name in components]
        )
    value = []
    for (set_name, pk), data in groups.items():
        nav = "Datastream" if set_name == "Datastreams" else "MultiDatastream"
        value.append(
            {
                f"{nav}@iot.navigationLink": f"{ctx.base}/{set_name}({pk})",
                "components": components,
                "dataArray@iot.count": len(data),
                "dataArray": data,
            }
        )
    out: dict = {"value": value}
    if more:
        from .serializers import next_link

        out["@iot.nextLink"] = next_link(url, options)
    return out


def execute(method: str, path: str, params: dict, body, *, ctx: Ctx) -> Result:
    """One STA request. Writes run in the caller's transaction (the view or a batch atomicity group)."""
    method = method.upper()
    path = path.strip("/")
    writer = Writer(ctx.guard)
    if path == "":
        if method != "GET":
            return error(405, "The service root only answers GET.")
        return Result(200, service_root(ctx.base))
    if path == "CreateObservations":
        if method != "POST":
            return error(405, "CreateObservations only answers POST.")
        return Result(201, create_observations(body, writer=writer, base=ctx.base))
    target = resolve(path, ctx, method=method)
    spec = target.spec
    if method == "GET":
        options = parse_options(params)
        url = f"{ctx.base}/{path}"
        if target.kind == "collection":
            parent_spec = target.parent[0] if target.parent else None  # visible: resolve() checked it
            if options.result_format == "dataArray" and spec.name == "Observations":
                return Result(200, _data_array(target.queryset, options, ctx, url, parent_spec))
            return Result(200, collection_json(spec, target.queryset, options, ctx, url=url, parent_spec=parent_spec))
        if target.kind == "entity":
            prefetch_expand(spec, [target.obj], options, ctx)
            return Result(200, entity_json(spec, target.obj, options, ctx))
        if target.kind == "ref":
            if target.obj is not None:
                return Result(200, {"@iot.selfLink": self_link(ctx, spec, target.obj.pk)})
            ids = query(spec, target.queryset, options, ctx).values_list("pk", flat=True)
            page_ids = list(ids[options.skip : options.skip + options.top])
            return Result(200, {"value": [{"@iot.selfLink": self_link(ctx, spec, pk)} for pk in page_ids]})
        value = target.obj.pk if target.prop == "id" else prop_value(spec.props[target.prop], target.obj)
        if value is None:  # OData 4.0 Part 1, 11.2.4.1 and 11.2.4.2: a null property (or its $value) is 204
            return Result(204, None)
        if target.kind == "value":
            return Result(200, text=value if isinstance(value, str) else json.dumps(value))
        return Result(200, {target.prop: value})
    if method == "POST":
        if target.kind != "collection":
            return error(405, "POST creates entities in a collection such as /Things or /Things(1)/Datastreams.")
        if not isinstance(body, dict):
            raise ValidationError(f"{spec.singular}: a JSON object is required.")
        if target.parent is not None:
            parent_spec, parent = target.parent
            linked = link_data(spec, parent_spec, parent.pk)
            if linked is None:
                raise ValidationError(f"{spec.singular} cannot be created below {parent_spec.singular}.")
            body = {**body, linked[0]: linked[1]}
            writer.known[(parent_spec.name, parent.pk)] = parent
        if "@iot.id" in body:
            raise ValidationError(f"{spec.singular}: @iot.id is set by the server; leave it out when creating.")
        obj = writer.create(spec, body)
        link = self_link(ctx, spec, obj.pk)
        return Result(201, entity_json(spec, obj, QueryOptions(), ctx), location=link)
    if method in {"PATCH", "PUT", "DELETE"}:
        if target.kind != "entity":
            return error(405, f"{method} works on one entity, such as /Things(1).")
        if method == "DELETE":
            writer.delete(spec, target.obj)
            return Result(200, None)
        if method == "PATCH" and isinstance(body, list):
            body = json_patch_to_update(spec, target.obj, body, ctx)
        obj = writer.update(spec, target.obj, body, partial=method == "PATCH")
        obj = spec.model.objects.get(pk=obj.pk)
        return Result(200, entity_json(spec, obj, QueryOptions(), ctx))
    return error(405, f"Method {method} is not supported.")


def execute_safely(method: str, path: str, params: dict, body, *, ctx: Ctx) -> Result:
    """execute() with every domain error turned into an STA error document."""
    try:
        return execute(method, path, params, body, ctx=ctx)
    except NotFound as exc:
        return error(404, str(exc))
    except ValidationError as exc:
        return error(400, "; ".join(exc.messages))
    except PermissionDenied as exc:
        return error(401 if ctx.guard.token is None else 403, str(exc) or "Not allowed.")
    except RecursionError:
        return error(400, TOO_COMPLEX)


_DJANGO_JSON = DjangoJSONEncoder()


def json_bytes(body) -> bytes:
    """The response body: orjson (several times faster than the standard library on a page of entities),
    with what JsonResponse's encoder did for any other type (OPT_PASSTHROUGH_DATETIME: datetimes too). orjson
    refuses integers beyond 64 bits and nesting deeper than 254: those few answers take the standard library."""
    try:
        return orjson.dumps(body, default=_DJANGO_JSON.default, option=orjson.OPT_PASSTHROUGH_DATETIME)
    except orjson.JSONEncodeError:
        return json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False).encode()


def to_response(result: Result) -> HttpResponse:
    if result.text is not None:
        return HttpResponse(result.text, status=result.status, content_type="text/plain; charset=utf-8")
    if result.body is None:
        return HttpResponse(status=result.status)
    response = HttpResponse(json_bytes(result.body), status=result.status, content_type="application/json")
    if result.location:
        response["Location"] = result.location
    return response


def json_depth(value) -> int:
    """Nesting depth of JSON parsed by `json.loads` (plain dicts and lists), walked level by level without
    recursion; a walk stops one level beyond MAX_JSON_DEPTH. Each level's containers are gathered by a list
    comprehension per container: a 5,000-row dataArray is 5,000 small lists of scalars."""
    if type(value) not in _CONTAINERS:
        return 0
    depth, level = 0, [value]
    while level and depth <= MAX_JSON_DEPTH:
        depth += 1
        below = []
        for item in level:
            below += [child for child in (item.values() if type(item) is dict else item) if type(child) in _CONTAINERS]
        level = below
    return depth


_CONTAINERS = frozenset({dict, list})


# 19 digits in a row may be an integer beyond 64 bits, which orjson would read as a float (another number)
_LONG_NUMBER = re.compile(rb"\d{19}")


def json_loads(raw: bytes):
    """The request body as `json.loads` reads it, by orjson where that gives the same (about three times
    faster on a 5,000-row dataArray): what orjson refuses (NaN, Infinity, lone surrogates, other encodings,
    nesting beyond its limit) or could read differently (long integers) goes to the standard library, which
    answers or errs exactly as before."""
    if not _LONG_NUMBER.search(raw):
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass
    return json.loads(raw)


def read_body(request):
    if request.method in {"GET", "DELETE", "HEAD"}:
        return None
    if len(request.body) > MAX_BODY:
        raise ValidationError(f"The request body is larger than {MAX_BODY // (1024 * 1024)} MB.")
    too_deep = f"The request body is nested more than {MAX_JSON_DEPTH} levels deep."
    try:
        body = json_loads(request.body or b"null")
    except RecursionError as exc:
        raise ValidationError(too_deep) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValidationError(f"The request body is not valid JSON: {exc}") from exc
    if json_depth(body) > MAX_JSON_DEPTH:
        raise ValidationError(too_deep)
    return body


def multipart_batch(request, ctx: Ctx) -> HttpResponse:
    from .batch_multipart import run_multipart_batch

    if len(request.body) > MAX_BODY:
        return to_response(error(400, f"The request body is larger than {MAX_BODY // (1024 * 1024)} MB."))
    content, boundary = run_multipart_batch(request.META.get("CONTENT_TYPE", ""), request.body, ctx=ctx)
    if boundary is None:
        return to_response(content)
    return HttpResponse(content.encode(), status=200, content_type=f"multipart/mixed; boundary={boundary}")


def reraise_unavailable(exc: DatabaseError) -> None:
    """A database outage or a statement timeout is not the client's fault: let it reach the 503 handlers
    (core.db_timeout and core.middleware_db) instead of answering 400."""
    if is_statement_timeout(exc) or dbstatus.is_outage(exc):
        raise exc


@csrf_exempt
def sta(request, path: str = ""):
    """CORS around the API (cors.py): preflights answered without a token; writes from foreign browser
    origins only where STA_CORS_WRITE_ORIGINS lists them."""
    if cors.is_preflight(request):
        return cors.preflight(request)
    writing = request.method not in {"GET", "HEAD"}
    if writing and not cors.may_write(request):
        response = to_response(error(403, "Writing from this web origin is not allowed (STA_CORS_WRITE_ORIGINS)."))
    else:
        response = sta_request(request, path)
        if not writing:
            response = conditional(request, response)
    return cors.decorate(request, response, writing=writing)


def conditional(request, response):
    """ETag (hash of the JSON) on every 200 read, 304 without a body when the client's copy still matches.
    The answer depends on the token (non-public things), hence Vary: Authorization."""
    if response.status_code != 200 or response.streaming:
        return response
    set_response_etag(response)
    patch_vary_headers(response, ["Authorization"])
    return get_conditional_response(request, etag=response["ETag"], response=response)


def single_observation(request, pk: int) -> HttpResponse | None:
    """POST Datastreams(pk)/Observations in two statements (single_post.py); None: take the general path."""
    try:
        body = read_body(request)
    except ValidationError:
        return None  # the general path answers the 400
    prepared = single_post.prepare(request, pk, body)
    if prepared is None:
        return None
    guard, stream = prepared
    ctx = Ctx(base=base_url(request), guard=guard)
    if not single_post.visible(ctx, stream):
        return None
    spec = SPECS["Observations"]

    def write() -> Result:
        writer = Writer(guard)
        writer.known[("Datastreams", stream.pk)] = stream
        obj = writer.create(spec, {**body, "Datastream": {"@iot.id": stream.pk}})
        return Result(201, entity_json(spec, obj, QueryOptions(), ctx), location=self_link(ctx, spec, obj.pk))

    return to_response(write_result(request, write))


def write_result(request, write) -> Result:
    """A write's Result, with every domain and database error turned into an STA error document."""
    try:
        return write()
    except NotFound as exc:
        return error(404, str(exc))
    except ValidationError as exc:
        return error(400, "; ".join(exc.messages))
    except PermissionDenied as exc:
        return error(403, str(exc) or "Not allowed.")
    except RecursionError:
        return error(400, TOO_COMPLEX)
    except DatabaseError as exc:
        reraise_unavailable(exc)
        logger.info("STA write failed in the database: %s", request.get_full_path(), exc_info=True)
        return error(400, "The request cannot be stored (a value does not fit its field).")


@api_statement_timeout(
    methods=("GET", "HEAD", "POST", "PATCH", "PUT", "DELETE"),
    single_statement=lambda request, path="": single_post.stream_id(request, path) is not None,
)
def sta_request(request, path: str = ""):
    if (pk := single_post.stream_id(request, path)) is not None:
        response = single_observation(request, pk)
        if response is not None:
            return response
    try:
        guard = Guard(token_from_request(request))
    except PermissionDenied as exc:
        return to_response(error(401, str(exc)))
    ctx = Ctx(base=base_url(request), guard=guard)
    method = "GET" if request.method == "HEAD" else request.method
    writing = method in {"PATCH", "PUT", "DELETE"} or (method == "POST" and path != "$batch")
    if writing and guard.token is None:  # refused before the body is read
        return to_response(error(401, "Writing needs an API token: send 'Authorization: Bearer TOKEN'."))
    if path == "$batch":
        from .batch import run_batch

        if method != "POST":
            return to_response(error(405, "$batch only answers POST."))
        if request.content_type == "multipart/mixed":
            return multipart_batch(request, ctx)
        try:
            body = read_body(request)
        except ValidationError as exc:
            return to_response(error(400, "; ".join(exc.messages)))
        return to_response(run_batch(body, ctx=ctx))
    try:
        body = read_body(request)
    except ValidationError as exc:
        return to_response(error(400, "; ".join(exc.messages)))
    if method == "GET":
        try:
            # No transaction of its own in autocommit (a failing query leaves the connection usable), a
            # savepoint inside an open one; on the replica for anonymous reads.
            with read_block(request, using=read_alias()):
                return to_response(execute_safely(method, path, request.GET.dict(), body, ctx=ctx))
        except DatabaseError as exc:
            reraise_unavailable(exc)
            logger.info("STA query failed in the database: %s", request.get_full_path(), exc_info=True)
            return to_response(error(400, "The query cannot be evaluated (check the types in $filter/$orderby)."))
    if method != "GET" and guard.token is None:
        return to_response(error(401, "Writing needs an API token: send 'Authorization: Bearer TOKEN'."))

    def write() -> Result:
        with request_transaction(request):
            return execute(method, path, request.GET.dict(), body, ctx=ctx)

    return to_response(write_result(request, write))


# `sta` is what the URLs resolve to: it carries the methods its inner view limits (core.db_timeout.reset_for_pages).
sta.api_statement_timeout_methods = sta_request.api_statement_timeout_methods
