"""The geometry layer of every app: shapely (GEOS, from its wheel) in Python, PostGIS in PostgreSQL.

Geometries are WGS84 longitude/latitude (EPSG:4326). A model keeps the GeoJSON it was given (what the APIs
return, byte for byte) and next to it a `GeometryField` derived from it: a PostGIS `geometry(Geometry,4326)`
column on PostgreSQL, hex WKB text on SQLite (no SpatiaLite, no GDAL). geometry_sql.py turns the column into
SQL (PostGIS functions on PostgreSQL, the same shapely functions registered in SQLite).

Distances and lengths are geodesic metres on the WGS84 ellipsoid (GeographicLib, the library PostGIS's
geography type uses); topological predicates are planar on the coordinates (as PostGIS's geometry type)."""

from __future__ import annotations

import math
from functools import lru_cache

import shapely
import shapely.geometry
import shapely.ops
from django.core.exceptions import ValidationError
from django.db import models
from geographiclib.geodesic import Geodesic
from shapely.geometry.base import BaseGeometry

SRID = 4326
_GEOD = Geodesic.WGS84
GEOJSON_TYPES = {
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
}


def from_geojson(value) -> BaseGeometry | None:
    """The 2D geometry of a GeoJSON geometry or Feature, made valid; None if it is none or out of WGS84 range."""
    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry")
    if not isinstance(value, dict) or value.get("type") not in GEOJSON_TYPES:
        return None
    try:
        geom = shapely.geometry.shape(value)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, shapely.errors.ShapelyError):
        return None
    return _clean(geom)


def geojson_problem(value: dict) -> str | None:
    """Why a GeoJSON geometry (not a Feature) cannot be stored as WGS84, in words; None when it can."""
    try:
        geom = shapely.geometry.shape(value)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, shapely.errors.ShapelyError):
        return "its coordinates cannot be read"
    coords = shapely.get_coordinates(geom)
    if not all(math.isfinite(v) for v in coords.flat):
        return "its coordinates must be finite numbers"
    if coords.size and (abs(coords[:, 0]).max() > 180 or abs(coords[:, 1]).max() > 90):
        return "its coordinates must be WGS84 longitude (±180) and latitude (±90)"
    return None


def from_wkt(text: str) -> BaseGeometry:
    """A WKT literal (optionally `SRID=4326;…`) of a $filter; ValidationError if it cannot be read."""
    body = text.strip()
    if body[:5].upper() == "SRID=":
        srid, _, body = body.partition(";")
        if srid[5:].strip() != str(SRID):
            raise ValidationError(f"$filter: only SRID {SRID} (WGS84) is supported, not '{srid[5:]}'.")
    try:
        geom = shapely.from_wkt(body)
    except (shapely.errors.ShapelyError, ValueError, TypeError) as exc:
        raise ValidationError(f"$filter: cannot read the geography '{text[:200]}'.") from exc
    cleaned = _clean(geom) if geom is not None else None
    if cleaned is None:
        raise ValidationError(
            f"$filter: the geography '{text[:200]}' is empty or outside WGS84 (longitude ±180, latitude ±90)."
        )
    return cleaned


def _clean(geom: BaseGeometry) -> BaseGeometry | None:
    if geom.is_empty:
        return None
    geom = shapely.force_2d(geom)
    coords = shapely.get_coordinates(geom)
    if not coords.size or not all(math.isfinite(v) for v in coords.flat):
        return None
    if abs(coords[:, 0]).max() > 180 or abs(coords[:, 1]).max() > 90:
        return None  # not WGS84: PostGIS geography would refuse it
    if not geom.is_valid:  # a self-intersecting polygon breaks GEOS predicates; both databases see the valid one
        geom = shapely.make_valid(geom)
    return geom


def to_hex(geom: BaseGeometry, *, srid: bool) -> str:
    """Hex (E)WKB: with SRID for PostGIS, plain for SQLite."""
    if srid:
        geom = shapely.set_srid(geom, SRID)
    return shapely.to_wkb(geom, hex=True, include_srid=srid)


@lru_cache(maxsize=256)
def from_hex(value: str) -> BaseGeometry:
    """A stored or literal geometry; the cache spares re-reading a $filter literal for every row."""
    return shapely.from_wkb(value)


def to_geojson(geom: BaseGeometry) -> dict:
    return shapely.geometry.mapping(geom) if geom is not None else None


# ---- metres on the ellipsoid -------------------------------------------------------------------------


def point_distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance between two WGS84 points in metres."""
    return _GEOD.Inverse(lat1, lon1, lat2, lon2)["s12"]


def distance_m(a: BaseGeometry, b: BaseGeometry) -> float:
    """Shortest distance in metres, as PostGIS computes it for geography: 0 when they intersect, else the
    geodesic distance between their nearest points (found in a local plane scaled by the latitude)."""
    if a.intersects(b):
        return 0.0
    scale = math.cos(math.radians((a.centroid.y + b.centroid.y) / 2)) or 1e-9
    pa, pb = shapely.ops.nearest_points(_scaled(a, scale), _scaled(b, scale))
    return point_distance_m(pa.y, pa.x / scale, pb.y, pb.x / scale)


def _scaled(geom: BaseGeometry, scale: float) -> BaseGeometry:
    return shapely.transform(geom, lambda xy: xy * [scale, 1.0])


def length_m(geom: BaseGeometry) -> float:
    """Geodesic length of the lines in metres (0 for points and polygons, as PostGIS ST_Length)."""
    if geom.geom_type == "LineString":
        coords = list(geom.coords)
        return sum(point_distance_m(y1, x1, y2, x2) for (x1, y1), (x2, y2) in zip(coords, coords[1:], strict=False))
    if geom.geom_type in {"MultiLineString", "GeometryCollection"}:
        return sum(length_m(part) for part in geom.geoms)
    return 0.0


# ---- the model field ---------------------------------------------------------------------------------


class GeometryField(models.Field):
    """The geometry of the GeoJSON in the model field `source`, derived when the row is saved (like auto_now),
    so every writer (API, services, admin, bulk_create) keeps it in step. NULL when the GeoJSON has no readable
    WGS84 geometry (another encodingType). `QuerySet.update()` of the source must set this column as well."""

    description = "Geometry (PostGIS geometry(Geometry,4326) / hex WKB on SQLite)"

    def __init__(self, *args, source: str | None = None, **kwargs):
        self.source = source
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.source:
            kwargs["source"] = self.source
        for key in ("null", "blank", "editable"):
            kwargs.pop(key, None)
        return name, path, args, kwargs

    def db_type(self, connection):
        return f"geometry(Geometry,{SRID})" if connection.vendor == "postgresql" else "text"

    def pre_save(self, model_instance, add):
        if self.source:
            value = from_geojson(getattr(model_instance, self.source))
            setattr(model_instance, self.attname, value)
            return value
        return super().pre_save(model_instance, add)

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        if isinstance(value, dict):
            value = from_geojson(value)
            if value is None:
                return None
        if isinstance(value, BaseGeometry):
            return to_hex(value, srid=connection.vendor == "postgresql")
        return value  # already hex

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        if isinstance(value, bytes | memoryview):
            value = bytes(value).hex()
        return shapely.from_wkb(value)

    def to_python(self, value):
        """Fixtures and backups (dumpdata/loaddata) carry the geometry as hex (E)WKB."""
        if isinstance(value, str) and value:
            return shapely.from_wkb(value)
        return value

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return to_hex(value, srid=False) if value is not None else None
