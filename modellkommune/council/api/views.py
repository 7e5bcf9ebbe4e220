"""The read-only OParl 1.1 API at /oparl/v1.1/. Plain JSON views; the field mapping is in serializers.py."""

from __future__ import annotations

import datetime as dt
import json
from functools import partial, wraps

import orjson
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified, HttpResponseRedirect
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_GET, require_safe

from modellkommune.core.db_timeout import api_statement_timeout
from modellkommune.core.page_cache import anonymous_page_cache
from modellkommune.core.parsing import parse_id

from ..models import Body, File
from ..selectors import BODY_FILTER, OPARL_LIST_VISIBLE, OPARL_LIST_VISIBLE_DEFAULT, OPARL_QUERYSETS, body_current
from . import rows, rows_lists, rows_meetings, serializers
from .http import conditional_json, etag_matches, page_version
from .pagination import DEFAULT_LIMIT, MAX_LIMIT, forward_page, paginate
from .prepared import Prepared
from .urls_helpers import PATH, absolute, body_list_url, pinned

KIND_TO_TYPE = {segment: oparl_type for oparl_type, segment in PATH.items()}
# Timestamps are printed to the second but stored with microseconds: the filters compare whole
# seconds, both ends inclusive (modified_until=10:00:00 includes 10:00:00.999999).
DATE_FILTERS = {
    "created_since": "created__gte",
    "created_until": "created__lt",
    "modified_since": "modified__gte",
    "modified_until": "modified__lt",
}
ERROR_TYPE = "https://schema.oparl.org/1.1/Error"
# List types served through the column pipeline (rows.py): the page's values() rows -> Row objects.
PIPELINES = {"Paper": (rows.paper_rows, rows.paper_page), **rows_lists.PIPELINES, **rows_meetings.PIPELINES}


TIMEOUT_MESSAGE = (
    "Die Abfrage hat die Datenbank zu lange beschäftigt und wurde abgebrochen. Bitte fragen Sie weniger ab "
    "(kleineres 'limit', engere Filter) oder versuchen Sie es später erneut."
)


class OParlError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _dumps(data) -> bytes:
    # orjson writes what json.dumps(ensure_ascii=False, separators=(",", ":")) wrote, ~10x faster. It refuses
    # integers beyond 64 bits and nesting deeper than 254 (possible in an imported `geojson`): those few
    # answers take the standard library instead of a 500.
    try:
        return orjson.dumps(data)
    except orjson.JSONEncodeError:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def json_response(data, status: int = 200) -> HttpResponse:
    response = HttpResponse(_dumps(data), content_type="application/json; charset=utf-8", status=status)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error_response(status: int, message: str) -> HttpResponse:
    return json_response({"type": ERROR_TYPE, "message": message}, status=status)


def oparl_view(view):
    """GET and HEAD, CORS for everybody, OParl error objects instead of HTML error pages;
    conditional GET and gzip (see http.py)."""

    @anonymous_page_cache(apps=("core", "council"))  # OParl is public: every client gets the same answer
    @require_safe
    @conditional_json
    @wraps(view)
    @api_statement_timeout(error=lambda request, kwargs, message: error_response(503, TIMEOUT_MESSAGE))
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except OParlError as exc:
            return error_response(exc.status, exc.message)
        except (Http404, Body.DoesNotExist, File.DoesNotExist):
            return error_response(404, "Objekt nicht gefunden.")

    return wrapper


def _int_param(request, name: str) -> int | None:
    raw = request.GET.get(name)
    if raw is None:
        return None
    value = parse_id(raw)  # ASCII digits only: "²".isdigit() is True, int("²") fails
    if value is None:
        raise OParlError(400, f"Ungültiger Wert für '{name}': eine positive ganze Zahl wird erwartet.")
    return value


def _filters(request) -> tuple[dict, dict[str, str]]:
    """Parse the OParl list filters; return ORM lookups and the parameters to keep in links."""
    lookups, keep = {}, {}
    for name, lookup in DATE_FILTERS.items():
        raw = request.GET.get(name)
        if raw is None:
            continue
        try:
            value = parse_datetime(raw.replace(" ", "+"))
        except ValueError:  # well-formed but impossible, e.g. month 13
            value = None
        if value is None:
            raise OParlError(400, f"Ungültiger Wert für '{name}': ein Zeitpunkt nach ISO 8601 wird erwartet.")
        try:
            if timezone.is_naive(value):
                value = timezone.make_aware(value)
            value = value.replace(microsecond=0)
            if name.endswith("_until"):
                value += dt.timedelta(seconds=1)
            value.astimezone(dt.UTC)  # 0001-01-01T00:00:00+14:00 is before year 1 in UTC
        except (OverflowError, ValueError):  # e.g. 9999-12-31T23:59:59 plus the boundary second
            raise OParlError(400, f"Ungültiger Wert für '{name}': Zeitpunkt außerhalb des gültigen Bereichs.") from None
        lookups[lookup] = value
        keep[name] = raw.replace(" ", "+")
    omit = request.GET.get("omit_internal")
    if omit is not None:
        if omit not in ("true", "false"):
            raise OParlError(400, "Ungültiger Wert für 'omit_internal': true oder false.")
        keep["omit_internal"] = omit
    if "organization" in request.GET:
        keep["organization"] = str(_int_param(request, "organization"))
    return lookups, keep


@oparl_view
def system(request):
    body = body_current()
    data = serializers.system(
        body_count_url=absolute(request.path.rstrip("/") + "/body"),
        name=f"OParl-Schnittstelle {body.name}" if body else "OParl-Schnittstelle",
        contact_email=body.contact_email if body else "",
        website=body.website if body else "",
    )
    return json_response(data)


@oparl_view
def body_list(request):
    return _list(request, "Body", base_url=absolute(request.path))


@oparl_view
def body_sublist(request, pk: int, kind: str):
    oparl_type = KIND_TO_TYPE.get(kind)
    if oparl_type is None or oparl_type == "Body":
        raise OParlError(404, "Unbekannte Liste.")
    return _list(request, oparl_type, base_url=body_list_url(pk, kind), body_id=pk)


# The reduced queryset of each pipeline type, built once per process: building the prefetches of
# OPARL_QUERYSETS only to drop them, and resolving the printed columns, cost more than the page query's SQL.
# Only ever chained (filter() clones it), never evaluated.
_REDUCED: dict[str, object] = {}


def _reduced(oparl_type: str):
    reduced = _REDUCED.get(oparl_type)
    if reduced is None:
        reduced = _REDUCED[oparl_type] = PIPELINES[oparl_type][0](OPARL_QUERYSETS[oparl_type]())
    return reduced


def _list_queryset(oparl_type: str, lookups: dict, keep: dict, body_id: int | None):
    """The objects of a list (filters, visibility, body), before pagination."""
    queryset = (_reduced(oparl_type) if oparl_type in PIPELINES else OPARL_QUERYSETS[oparl_type]()).filter(**lookups)
    if "modified__gte" not in lookups:
        # Deleted and withdrawn objects appear in lists only for clients that ask what changed since a date.
        queryset = queryset.filter(OPARL_LIST_VISIBLE.get(oparl_type, OPARL_LIST_VISIBLE_DEFAULT))
    model = queryset.model
    path = BODY_FILTER.get(oparl_type)
    if body_id is not None and path:
        if "__" in path:  # through a many-to-many relation: a subquery keeps each object once
            queryset = queryset.filter(pk__in=model.objects.filter(**{path: body_id}).values("pk"))
        else:
            queryset = queryset.filter(**{path: body_id})
    if oparl_type == "Meeting" and "organization" in keep:
        queryset = queryset.filter(pk__in=model.objects.filter(organizations__id=keep["organization"]).values("pk"))
    return queryset


# The forward page queries of unfiltered pipeline lists (what harvesters crawl via `next`), compiled once
# (prepared.py): building them with the ORM cost more Python per page than PostgreSQL took to answer.
# The body and `after` are built with sentinels that prepared.py swaps for the request's values.
_BODY, _AFTER = -7_000_000_001, -7_000_000_002
_PAGES: dict[tuple, Prepared] = {}


def _page_query(oparl_type: str, *, body: bool, after: bool, limit: int) -> Prepared:
    key = (oparl_type, body, after, limit)
    prepared = _PAGES.get(key)
    if prepared is None:
        scalars = {"body": _BODY} if body else {}
        if after:
            scalars["after"] = _AFTER

        def build():
            queryset = _list_queryset(oparl_type, {}, {}, _BODY if body else None)
            return forward_page(queryset, _AFTER if after else None, limit)

        prepared = _PAGES[key] = Prepared(build, scalars=scalars)
    return prepared


def _list(request, oparl_type: str, *, base_url: str, body_id: int | None = None) -> HttpResponse:
    lookups, keep = _filters(request)
    # Clients ask for 1000 and more; they get the most we serve, and elementsPerPage says how many.
    limit = min(_int_param(request, "limit") or DEFAULT_LIMIT, MAX_LIMIT)
    after, before = _int_param(request, "after"), _int_param(request, "before")
    last = request.GET.get("last") == "true"

    pipeline = PIPELINES.get(oparl_type)
    path = BODY_FILTER.get(oparl_type)
    forward_rows = queryset = None
    # The common crawl (no filters, forward, the default or the largest page) takes a compiled query; an id
    # beyond bigint (the URL's body may be any number) takes the ORM, which answers it with an empty page.
    compiled = not lookups and "organization" not in keep and not last and before is None
    if pipeline and compiled and limit in (DEFAULT_LIMIT, MAX_LIMIT) and (body_id or 0) < 2**63:
        body = body_id is not None and bool(path)
        query = _page_query(oparl_type, body=body, after=after is not None, limit=limit)
        args = {"body": body_id} if body else {}
        if after is not None:
            args["after"] = after
        forward_rows = partial(query, **args)
    else:
        queryset = _list_queryset(oparl_type, lookups, keep, body_id)

    page = paginate(
        queryset,
        base_url=base_url,
        params=keep,
        after=after,
        before=before,
        last=last,
        limit=limit,
        forward_rows=forward_rows,
    )
    if body_id is not None and (not path or not page.objects):
        # A page of objects filtered by the body proves that it exists; otherwise ask (404 if not).
        Body.objects.get(pk=body_id)
    etag = page_version(oparl_type, page) if pipeline else None
    if etag and etag_matches(request, etag):
        # Nothing on the page changed: answered from the page's own columns, before any related table.
        response = HttpResponseNotModified()
        response["ETag"] = etag
        response["Access-Control-Allow-Origin"] = "*"
        return response
    objects = pipeline[1](page.objects) if pipeline else page.objects
    serializer = serializers.SERIALIZERS[oparl_type]
    with pinned():
        data = [serializer(obj) for obj in objects]
    if keep.get("omit_internal") == "true":
        for obj in data:
            for key in serializers.OMIT_INTERNAL.get(oparl_type, ()):
                obj.pop(key, None)
    response = json_response(
        {
            "data": data,
            "pagination": {"elementsPerPage": page.per_page},
            "links": page.links,
        }
    )
    if etag:
        response["ETag"] = etag
    return response


@oparl_view
def object_detail(request, kind: str, pk: int):
    oparl_type = KIND_TO_TYPE.get(kind)
    if oparl_type is None:
        raise OParlError(404, "Unbekannter Objekttyp.")
    obj = OPARL_QUERYSETS[oparl_type]().filter(pk=pk).first()
    if obj is None:
        raise OParlError(404, f"{oparl_type} {pk} gibt es nicht.")
    response = json_response(serializers.SERIALIZERS[oparl_type](obj))
    response["Last-Modified"] = http_date(obj.modified.timestamp())
    return response


def _file_response(request, pk: int, *, as_attachment: bool) -> HttpResponse:
    obj = File.objects.filter(pk=pk, public=True).first()
    if obj is None:
        return error_response(404, "Datei nicht gefunden.")
    if obj.deleted:
        return error_response(410, "Diese Datei wurde gelöscht.")
    if not obj.content:
        if obj.external_access_url:
            return HttpResponseRedirect(obj.external_access_url)
        return error_response(404, "Der Inhalt dieser Datei liegt nicht vor.")
    etag = quote_etag(obj.sha512[:32])
    last_modified = http_date(obj.modified.timestamp())
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = FileResponse(
            obj.content.open("rb"), as_attachment=as_attachment, filename=obj.file_name, content_type=obj.mime_type
        )
    response["ETag"] = etag
    response["Last-Modified"] = last_modified
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def file_access(request, pk: int):
    return _file_response(request, pk, as_attachment=False)


@require_GET
def file_download(request, pk: int, file_name: str):
    return _file_response(request, pk, as_attachment=True)


@oparl_view
def not_found(request, rest: str = ""):
    raise OParlError(404, "Unbekannter Pfad in der OParl-Schnittstelle.")
