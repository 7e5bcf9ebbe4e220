"""observedArea of a (multi)datastream: the convex hull of its observations' FeatureOfInterest geometries.

Kept up to date when observations arrive, cheaply: the hull only grows, so each write widens it by the hull
of the FeaturesOfInterest it used, and only when these are not covered already. On PostgreSQL this is part
of the one UPDATE that widens the cached time ranges (services._ranges_extend), no extra statement; on SQLite
(development) shapely does the same in Python. After deletes `stream_ranges_recompute` rebuilds it."""

from __future__ import annotations

from collections.abc import Iterable

import shapely
from django.db import connection
from django.db.models.expressions import RawSQL

from modellkommune.core import geometry
from modellkommune.core.geometry import GeometryField

from .models import FeatureOfInterest

# The hull of the FeaturesOfInterest given as an array of ids (%s), and the stream's new area.
_NEW = "(SELECT ST_ConvexHull(ST_Collect(feature_geom)) AS g FROM sensors_featureofinterest WHERE id = ANY(%s)) n"
_COVERED = "(m.g IS NULL OR ({area} IS NOT NULL AND ST_Covers({area}, m.g)))"
# STA 1.1 (and frost-sta-client) want a Polygon: a point or a line becomes its (flat) bounding rectangle
_POLYGON = (
    "CASE WHEN GeometryType(m.h) = 'POLYGON' THEN m.h ELSE ST_MakePolygon(ST_MakeLine(ARRAY["
    "ST_MakePoint(ST_XMin(m.h), ST_YMin(m.h)), ST_MakePoint(ST_XMax(m.h), ST_YMin(m.h)), "
    "ST_MakePoint(ST_XMax(m.h), ST_YMax(m.h)), ST_MakePoint(ST_XMin(m.h), ST_YMax(m.h)), "
    "ST_MakePoint(ST_XMin(m.h), ST_YMin(m.h))])) END"
)


def area_geojson(hull) -> dict | None:
    """The observedArea as the API writes it: the hull if it is a Polygon, else its bounding rectangle."""
    if hull is None:
        return None
    if hull.geom_type == "Polygon":
        return geometry.to_geojson(hull)
    x0, y0, x1, y1 = hull.bounds
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}


def area_updates(model, foi_ids: Iterable[int]) -> dict:
    """Extra SET expressions for the UPDATE of a stream row on PostgreSQL (empty elsewhere)."""
    ids = sorted({i for i in foi_ids if i is not None})
    if connection.vendor != "postgresql" or not ids:
        return {}
    area = f'"{model._meta.db_table}"."observed_area_geom"'
    json = f'"{model._meta.db_table}"."observed_area"'
    covered = _COVERED.format(area=area)
    source = f"(SELECT n.g, ST_ConvexHull(ST_Collect({area}, n.g)) AS h FROM {_NEW}) m"  # noqa: S608
    # only the model's own table names are formatted in; the ids are parameters
    return {
        "observed_area_geom": RawSQL(  # noqa: S611
            f"(SELECT CASE WHEN {covered} THEN {area} ELSE m.h END FROM {source})",  # noqa: S608
            [ids],
            output_field=GeometryField(),
        ),
        "observed_area": RawSQL(  # noqa: S611
            f"(SELECT CASE WHEN {covered} THEN {json} ELSE ST_AsGeoJSON({_POLYGON})::jsonb END FROM {source})",  # noqa: S608
            [ids],
            output_field=model._meta.get_field("observed_area"),
        ),
    }


def area_extend(stream, foi_ids: Iterable[int]) -> None:
    """SQLite (and any database without PostGIS): widen the area in Python with shapely."""
    ids = {i for i in foi_ids if i is not None}
    if connection.vendor == "postgresql" or not ids:
        return
    shapes = [g for g in FeatureOfInterest.objects.filter(pk__in=ids).values_list("feature_geom", flat=True) if g]
    if not shapes:
        return
    new = shapely.convex_hull(shapely.GeometryCollection(shapes))
    area = type(stream).objects.filter(pk=stream.pk).values_list("observed_area_geom", flat=True).first()
    if area is not None and area.covers(new):
        return
    hull = new if area is None else shapely.convex_hull(shapely.GeometryCollection([area, new]))
    type(stream).objects.filter(pk=stream.pk).update(observed_area_geom=hull, observed_area=area_geojson(hull))


def area_recompute(stream) -> None:
    """The hull of every FeatureOfInterest the stream's observations still use (after deletes)."""
    ids = stream.observations.order_by().values_list("feature_of_interest_id", flat=True).distinct()
    shapes = [g for g in FeatureOfInterest.objects.filter(pk__in=ids).values_list("feature_geom", flat=True) if g]
    hull = shapely.convex_hull(shapely.GeometryCollection(shapes)) if shapes else None
    type(stream).objects.filter(pk=stream.pk).update(observed_area_geom=hull, observed_area=area_geojson(hull))
