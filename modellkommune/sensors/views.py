"""Public dashboards of the urban data platform: the eight sectors, and per sector a map, latest values
and charts over time (server-rendered SVG plus a table, so everything works without JavaScript)."""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from modellkommune.core.constants import SectorCode
from modellkommune.core.models import Sector
from modellkommune.core.page_cache import anonymous_page_cache
from modellkommune.core.selectors import sector_get

from .dashboard_charts import line_chart
from .dashboard_queries import (
    DEFAULT_RANGE,
    RANGES,
    datastream_series,
    public_datastream_in_sector,
    sector_datastreams,
    sector_geojson,
    sector_overview,
    sector_things,
)
from .mqtt import mqtt_status
from .selectors import datastream_url

RANGE_LABELS = {"24h": "24 Stunden", "7d": "7 Tage", "30d": "30 Tage"}
TILE_URL = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"


def _sector_or_404(code: str) -> Sector:
    if code not in SectorCode.values:
        raise Http404
    try:
        return sector_get(code=code)
    except Sector.DoesNotExist as exc:
        raise Http404 from exc


# Sensor data are not tracked by the page cache (core/page_cache.py): the short TTL of live pages.
@anonymous_page_cache(apps=("core", "programme"), live=True)
@require_GET
def index(request):
    return render(request, "sensors/index.html", {"sectors": sector_overview(), "mqtt": mqtt_status()})


def _chart_context(request, sector, streams):
    selected = None
    requested = request.GET.get("ds")
    if requested:
        selected = public_datastream_in_sector(sector_code=sector.code, pk=requested)
        if selected is None:
            raise Http404
    elif streams:
        selected = streams[0]
    range_key = request.GET.get("zeitraum", DEFAULT_RANGE)
    if range_key not in RANGES:
        range_key = DEFAULT_RANGE
    bucket = request.GET.get("raster")
    context = {"selected": selected, "range_key": range_key, "ranges": RANGES, "streams": streams}
    if selected is not None:
        start, end, bucket, rows = datastream_series(datastream=selected, range_key=range_key, bucket=bucket)
        context.update(
            start=start,
            end=end,
            bucket=bucket,
            rows=rows,
            chart=line_chart(rows, start=start, end=end, bucket=bucket),
            unit=(selected.unit_of_measurement or {}).get("symbol", ""),
            selected_sta_url=datastream_url(selected),
        )
    return context


@anonymous_page_cache(apps=("core", "programme"), live=True)
@require_GET
def sector(request, code: str):
    sector = _sector_or_404(code)
    streams = sector_datastreams(sector_code=sector.code)
    things = sector_things(sector_code=sector.code, streams=streams)
    context = {
        "sector": sector,
        "things": things,
        "mqtt": mqtt_status(),
        "tile_url": getattr(settings, "MAP_TILE_URL", TILE_URL),
        **_chart_context(request, sector, streams),
    }
    if request.headers.get("HX-Request") and request.GET.get("teil") == "verlauf":
        return render(request, "sensors/_history.html", context)
    if request.headers.get("HX-Request") and request.GET.get("teil") == "werte":
        return render(request, "sensors/_latest.html", context)
    return render(request, "sensors/sector.html", context)


@require_GET
@cache_control(max_age=60, public=True)
def sector_map(request, code: str):
    """GeoJSON of the sector's Things for the map (the same data the page lists without JS)."""
    sector = _sector_or_404(code)
    streams = sector_datastreams(sector_code=sector.code)
    data = sector_geojson(things=sector_things(sector_code=sector.code, streams=streams))
    return JsonResponse(data, content_type="application/geo+json", json_dumps_params={"ensure_ascii": False})
