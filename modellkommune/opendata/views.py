"""Public pages of the open-data catalogue and the downloads of generated datasets."""

from __future__ import annotations

import csv
import io
import itertools

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _

from modellkommune.core.ratelimit import client_ip, rate_limit_exceeded
from modellkommune.core.selectors import sector_list

from .constants import LICENCE_SHORT, FileType, Licence, Theme
from .registry import dataset_spec_get
from .selectors import dataset_facets, dataset_get_published, dataset_search, distribution_get_file
from .streaming import csv_rows, geojson_rows, json_rows

PREVIEW_ROWS = 10
DOWNLOADS_PER_MINUTE = 60
RETRY_AFTER_SECONDS = 60
STREAM_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "excel.csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "geojson": "application/geo+json",
}


def _rate_limited(request, *, bucket: str, limit: int) -> bool:
    return rate_limit_exceeded(
        scope=f"opendata:{bucket}", key=client_ip(request), limit=limit, window_seconds=RETRY_AFTER_SECONDS
    )


def _too_many() -> HttpResponse:
    response = HttpResponse(
        _("Zu viele Downloads in kurzer Zeit. Bitte versuchen Sie es in einer Minute erneut."),
        status=429, content_type="text/plain; charset=utf-8",
    )  # fmt: skip
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def index(request):
    params = {k: request.GET.get(k, "").strip()[:200] for k in ("q", "sektor", "thema", "format", "lizenz")}
    datasets = dataset_search(
        query=params["q"], sector=params["sektor"], theme=params["thema"], file_format=params["format"],
        licence=params["lizenz"],
    )  # fmt: skip
    page = Paginator(datasets, 20).get_page(request.GET.get("seite"))
    return render(
        request,
        "opendata/index.html",
        {
            "page": page,
            "total": page.paginator.count,
            "params": params,
            "facets": dataset_facets(datasets),
            "sectors": sector_list(),
            "themes": Theme.choices,
            "formats": FileType.choices,
            "licences": [(value, LICENCE_SHORT.get(value, label)) for value, label in Licence.choices],
        },
    )


def _preview_generated(dataset, dist_key: str):
    spec = dataset_spec_get(dataset.source.split(":", 1)[1])
    if spec is None:
        return None
    table = spec.table(dist_key.rsplit("-", 1)[0])
    if table is None:
        return None
    return {"columns": list(table.columns), "rows": list(itertools.islice(table.rows(), PREVIEW_ROWS))}


def _preview_file(dist):
    try:
        with dist.file.open("rb") as handle:
            head = handle.read(64 * 1024).decode("utf-8-sig", errors="replace")
    except OSError:
        return None
    sample = head.rsplit("\n", 1)[0] if len(head) == 64 * 1024 else head
    try:
        dialect = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(itertools.islice(csv.reader(io.StringIO(sample), dialect), PREVIEW_ROWS + 1))
    if not rows:
        return None
    return {"columns": rows[0], "rows": rows[1:]}


def _previews(dataset) -> list[tuple]:
    previews = []
    for dist in dataset.distributions.all():
        if dist.format != FileType.CSV:
            continue
        preview = _preview_file(dist) if dist.file else None
        if preview is None and dataset.is_generated and dist.key:
            preview = _preview_generated(dataset, dist.key)
        if preview:
            previews.append((dist, preview))
    return previews[:3]


def dataset_detail(request, slug: str):
    dataset = dataset_get_published(slug=slug)
    if dataset is None:
        raise Http404
    return render(
        request,
        "opendata/dataset_detail.html",
        {
            "dataset": dataset,
            "themes": [(code, Theme(code).label) for code in dataset.themes if code in Theme.values],
            "licence_label": Licence(dataset.licence).label if dataset.licence in Licence.values else dataset.licence,
            "previews": _previews(dataset),
        },
    )


def file_download(request, slug: str, pk: int):
    dist = distribution_get_file(slug=slug, pk=pk)
    if dist is None:
        raise Http404
    etag = quote_etag(dist.content_hash or f"{dist.pk}-{dist.modified.timestamp():.0f}-{dist.byte_size}")
    last_modified = int(dist.modified.timestamp())  # HTTP dates have whole seconds
    # A client that has this version gets 304 without the file and without counting against the limit.
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        not_modified["Access-Control-Allow-Origin"] = "*"
        return not_modified
    if _rate_limited(request, bucket="download", limit=DOWNLOADS_PER_MINUTE):
        return _too_many()
    name = f"{dist.dataset.slug}-{dist.pk}.{dist.format.lower()}"
    response = FileResponse(dist.file.open("rb"), as_attachment=True, filename=name, content_type=dist.media_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def table_download(request, key: str, table: str, ext: str):
    """Stream a generated table; only while its dataset is published."""
    if ext not in STREAM_TYPES:
        raise Http404
    dataset = dataset_get_published(slug=key)
    if dataset is None or not dataset.is_generated:
        raise Http404
    spec = dataset_spec_get(key)
    table_spec = spec.table(table) if spec else None
    if table_spec is None or (ext == "geojson" and not table_spec.has_geometry):
        raise Http404
    if _rate_limited(request, bucket="download", limit=DOWNLOADS_PER_MINUTE):
        return _too_many()
    rows = table_spec.rows()
    if ext in ("csv", "excel.csv"):
        chunks = csv_rows(table_spec.columns, rows, excel=ext == "excel.csv")
    elif ext == "json":
        chunks = json_rows(table_spec.columns, rows)
    else:
        chunks = geojson_rows(table_spec.columns, rows, lat=table_spec.lat_column, lon=table_spec.lon_column)
    response = StreamingHttpResponse(chunks, content_type=STREAM_TYPES[ext])
    response["Content-Disposition"] = f'attachment; filename="{key}-{table}.{ext}"'
    # Live data read at request time: no validator that would need a full pass over the table first.
    response["Cache-Control"] = "no-cache"
    response["Access-Control-Allow-Origin"] = "*"
    return response
