"""Public pages of the open-data catalogue and the downloads of generated datasets."""

from __future__ import annotations

import csv
import decimal
import io
import itertools
import re

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from modellkommune.core.page_cache import anonymous_page_cache
from modellkommune.core.ratelimit import client_ip, rate_limit_exceeded
from modellkommune.core.selectors import sector_list

from . import musterdatenkatalog
from .constants import FileType, Licence, Theme
from .registry import dataset_spec_get
from .selectors import (
    SORTS,
    dataset_facets,
    dataset_get_published,
    dataset_search,
    distribution_get_file,
    publisher_names,
    search_terms,
)
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


FACET_PARAMS = {"sector": "sektor", "theme": "thema", "format": "format", "licence": "lizenz",
                "publisher": "herausgeber"}  # fmt: skip
FACET_NAMES = {"sector": _lazy("Sektor"), "theme": _lazy("Kategorie"), "format": _lazy("Format"),
               "licence": _lazy("Lizenz"), "publisher": _lazy("Herausgeber")}  # fmt: skip
SORT_LABELS = [("relevanz", _lazy("Relevanz")), ("titel", _lazy("Titel (A–Z)")),
               ("aktualisiert", _lazy("zuletzt geändert")), ("veroeffentlicht", _lazy("zuletzt veröffentlicht"))]  # fmt: skip


def _allowed_values() -> dict[str, set[str]]:
    return {
        "sector": {s.code for s in sector_list()},
        "theme": set(Theme.values),
        "format": set(FileType.values),
        "licence": set(Licence.values),
        "publisher": set(publisher_names()),
    }


def _toggle_url(request, param: str, value: str) -> str:
    """The current query with `value` added to or removed from the facet `param` (and the page reset)."""
    query = request.GET.copy()
    query.pop("seite", None)
    values = query.getlist(param)
    query.setlist(param, [v for v in values if v != value] if value in values else [*values, value])
    return "?" + query.urlencode()


@anonymous_page_cache(apps=("core", "opendata"))
def index(request):
    allowed = _allowed_values()
    selected, notices = {}, []
    for facet, param in FACET_PARAMS.items():
        values = [v.strip()[:200] for v in request.GET.getlist(param) if v.strip()][:20]
        unknown = [v for v in values if v not in allowed[facet]]
        for value in unknown:
            notices.append(
                _("Der Wert „%(v)s“ ist für den Filter „%(f)s“ unbekannt; dieser Wert wurde nicht angewendet.")
                % {"v": value, "f": FACET_NAMES[facet]}
            )
        selected[facet] = [v for v in values if v in allowed[facet]]
    query = request.GET.get("q", "").strip()[:200]
    sort = request.GET.get("sortierung", "").strip()
    if sort and sort not in SORTS:
        notices.append(
            _("Die Sortierung „%(v)s“ ist unbekannt; die Treffer sind nach Relevanz sortiert.") % {"v": sort[:50]}
        )
        sort = ""
    if query and not search_terms(query):
        notices.append(_("Bitte geben Sie einen Suchbegriff aus Buchstaben oder Ziffern ein."))
    datasets = dataset_search(
        query=query, sectors=selected["sector"], themes=selected["theme"], formats=selected["format"],
        licences=selected["licence"], publishers=selected["publisher"], sort=sort,
    )  # fmt: skip
    page = Paginator(datasets, 20).get_page(request.GET.get("seite"))
    facets = []
    for facet, rows in dataset_facets(datasets).items():
        param = FACET_PARAMS[facet]
        links = [
            {"label": label, "count": count, "selected": value in selected[facet],
             "url": _toggle_url(request, param, value)}
            for value, label, count in rows
        ]  # fmt: skip
        facets.append({"key": facet, "param": param, "name": FACET_NAMES[facet], "links": links})
    hidden = [(FACET_PARAMS[f], v) for f, values in selected.items() for v in values]
    page_query = request.GET.copy()
    page_query.pop("seite", None)
    return render(
        request,
        "opendata/index.html",
        {
            "page": page,
            "total": page.paginator.count,
            "query": query,
            "sort": sort or ("relevanz" if query else "titel"),
            "sorts": SORT_LABELS,
            "facets": facets,
            "hidden": hidden,
            "notices": notices,
            "filtered": bool(hidden or query),
            "page_query": page_query.urlencode(),
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
            "musterdatensatz": musterdatenkatalog.entry(dataset.musterdatensatz),
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


def file_download_excel(request, slug: str, pk: int):
    """An uploaded CSV file rewritten for German Excel: semicolon, decimal comma, UTF-8 with BOM."""
    dist = distribution_get_file(slug=slug, pk=pk)
    if dist is None or dist.format != FileType.CSV:
        raise Http404
    etag = quote_etag(f"excel-{dist.content_hash or dist.pk}-{dist.modified.timestamp():.0f}")
    last_modified = int(dist.modified.timestamp())
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        not_modified["Access-Control-Allow-Origin"] = "*"
        return not_modified
    if _rate_limited(request, bucket="download", limit=DOWNLOADS_PER_MINUTE):
        return _too_many()
    try:
        with dist.file.open("rb") as handle:
            text = handle.read().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise Http404 from exc
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = csv.reader(io.StringIO(text), dialect)
    header = next(rows, [])
    response = StreamingHttpResponse(
        csv_rows(header, ([_decimal_cell(v) for v in row] for row in rows), excel=True),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{dist.dataset.slug}-{dist.pk}.excel.csv"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Access-Control-Allow-Origin"] = "*"
    response["X-Content-Type-Options"] = "nosniff"
    return response


_DECIMAL = re.compile(r"^-?\d+\.\d+$")


def _decimal_cell(value: str):
    """A cell written like 51.3752 is a number: hand it on as one, so the Excel variant uses a comma."""
    return decimal.Decimal(value) if _DECIMAL.match(value) else value


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
