"""Geometry in SQL: one Django expression per function, PostGIS on PostgreSQL, shapely in SQLite.

On PostgreSQL every function is PostGIS's own and uses the GiST index of the column. SQLite has no spatial
functions, so the same shapely/GEOS predicates (and GeographicLib distances) are registered as SQLite
functions (`mk_geo_*`) on every new connection: the query is the same, only evaluated row by row.

| STA / use | PostgreSQL | SQLite | type |
|---|---|---|---|
| st_equals, st_disjoint, st_touches, st_within, st_overlaps, st_crosses, st_intersects (= geo.intersects), st_contains | ST_Equals … ST_Contains | shapely.equals … contains | geometry (planar on lon/lat) |
| st_relate(a, b, pattern) | ST_Relate(a, b, pattern) | shapely.relate_pattern | geometry |
| geo.distance | ST_Distance(a::geography, b::geography); with lt/le also ST_DWithin (GiST on the cast) | geometry.distance_m | geography, metres |
| geo.length | ST_Length(a::geography) | geometry.length_m | geography, metres |"""

from __future__ import annotations

import logging
import re

import shapely
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Expression, FloatField, Func

from . import geometry

logger = logging.getLogger(__name__)

# STA name -> (PostGIS function, shapely function)
PREDICATES = {
    "st_equals": ("ST_Equals", shapely.equals),
    "st_disjoint": ("ST_Disjoint", shapely.disjoint),
    "st_touches": ("ST_Touches", shapely.touches),
    "st_within": ("ST_Within", shapely.within),
    "st_overlaps": ("ST_Overlaps", shapely.overlaps),
    "st_crosses": ("ST_Crosses", shapely.crosses),
    "st_intersects": ("ST_Intersects", shapely.intersects),
    "st_contains": ("ST_Contains", shapely.contains),
    "geo.intersects": ("ST_Intersects", shapely.intersects),
}
# A DE-9IM pattern: nine of T F * 0 1 2 (OGC Simple Features, 6.1.14.2).
RELATE_PATTERN = re.compile(r"[TF*012]{9}")


class GeometryLiteral(Expression):
    """A geometry constant of a query: hex EWKB cast to geometry on PostgreSQL, hex WKB on SQLite."""

    def __init__(self, geom):
        super().__init__(output_field=geometry.GeometryField())
        self.geom = geom

    def as_sql(self, compiler, connection):
        return "%s", [geometry.to_hex(self.geom, srid=False)]

    def as_postgresql(self, compiler, connection):
        return "%s::geometry", [geometry.to_hex(self.geom, srid=True)]

    def __hash__(self):
        return hash((type(self), self.geom.wkb))

    def __eq__(self, other):
        return isinstance(other, GeometryLiteral) and self.geom.equals_exact(other.geom, 0)


class _GeoFunc(Func):
    postgis = ""
    sqlite = ""

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function=self.sqlite, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function=self.postgis, **extra)


_PREDICATE_FUNCS = {
    postgis: type(f"Geo{postgis}", (_GeoFunc,), {"postgis": postgis, "sqlite": f"mk_geo_{postgis.lower()}", "arity": 2})
    for postgis, _ in PREDICATES.values()
}


def predicate(name: str, a, b) -> Func:
    """`name` (an STA function of PREDICATES) of two geometry expressions, as a boolean expression."""
    return _PREDICATE_FUNCS[PREDICATES[name][0]](a, b, output_field=BooleanField())


class Relate(_GeoFunc):
    postgis, sqlite = "ST_Relate", "mk_geo_st_relate"
    output_field = BooleanField()
    arity = 3


def relate(a, b, pattern: str) -> Func:
    from django.db.models import Value

    if not isinstance(pattern, str) or not RELATE_PATTERN.fullmatch(pattern):
        raise ValidationError(
            "$filter: st_relate() needs a DE-9IM pattern of nine characters T, F, *, 0, 1 or 2 "
            f"(e.g. 'T*F**F***'), not '{str(pattern)[:30]}'."
        )
    return Relate(a, b, Value(pattern))


class DistanceM(_GeoFunc):
    """Geodesic distance in metres (geography)."""

    postgis, sqlite = "ST_Distance", "mk_geo_distance_m"
    output_field = FloatField()
    arity = 2

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_postgresql(
            compiler, connection, template="%(function)s((%(expressions)s)::geography)", arg_joiner=")::geography, ("
        )


class DWithinM(_GeoFunc):
    """Whether two geometries are at most n metres apart (geography); on PostgreSQL the GiST index on the
    column's geography cast answers it, so `geo.distance(…) lt n` does not compute every distance."""

    postgis, sqlite = "ST_DWithin", "mk_geo_dwithin_m"
    output_field = BooleanField()
    arity = 3

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_postgresql(
            compiler,
            connection,
            template="%(function)s((%(expressions)s))",
            arg_joiner=")::geography, (",
        )


class LengthM(_GeoFunc):
    """Geodesic length in metres (geography)."""

    postgis, sqlite = "ST_Length", "mk_geo_length_m"
    output_field = FloatField()
    arity = 1

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_postgresql(compiler, connection, template="%(function)s((%(expressions)s)::geography)")


class PointLonLat(_GeoFunc):
    """A point from two number columns (longitude, latitude), e.g. the Mängelmelder's reports."""

    postgis, sqlite = "ST_MakePoint", "mk_geo_point"
    output_field = geometry.GeometryField()
    arity = 2

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_postgresql(
            compiler, connection, template=f"ST_SetSRID(%(function)s(%(expressions)s), {geometry.SRID})"
        )


def distance_to_point_m(lon_column: str, lat_column: str, *, lon: float, lat: float) -> DistanceM:
    """Metres (geography) from the point in two columns to (lon, lat)."""
    from django.db.models import F

    return DistanceM(PointLonLat(F(lon_column), F(lat_column)), GeometryLiteral(shapely.Point(lon, lat)))


# ---- shapely in SQLite ---------------------------------------------------------------------------------


def _guard(fn):
    """SQLite turns an exception in a function into an OperationalError (a 500): answer NULL instead."""

    def wrapped(*args):
        if any(a is None for a in args):
            return None
        try:
            return fn(*args)
        except Exception:
            logger.warning("geometry function failed on %r", [str(a)[:80] for a in args], exc_info=True)
            return None

    return wrapped


def _binary(shapely_fn):
    return _guard(lambda a, b: int(bool(shapely_fn(geometry.from_hex(a), geometry.from_hex(b)))))


def sqlite_functions() -> dict:
    functions = {f"mk_geo_{postgis.lower()}": (2, _binary(fn)) for postgis, fn in PREDICATES.values()}
    functions["mk_geo_st_relate"] = (
        3,
        _guard(lambda a, b, p: int(shapely.relate_pattern(geometry.from_hex(a), geometry.from_hex(b), p))),
    )
    functions["mk_geo_distance_m"] = (
        2,
        _guard(lambda a, b: geometry.distance_m(geometry.from_hex(a), geometry.from_hex(b))),
    )
    functions["mk_geo_dwithin_m"] = (
        3,
        _guard(lambda a, b, d: int(geometry.distance_m(geometry.from_hex(a), geometry.from_hex(b)) <= d)),
    )
    functions["mk_geo_length_m"] = (1, _guard(lambda a: geometry.length_m(geometry.from_hex(a))))
    functions["mk_geo_point"] = (2, _guard(lambda x, y: geometry.to_hex(shapely.Point(x, y), srid=False)))
    return functions


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """connection_created handler: the geometry functions in every SQLite connection."""
    if connection.vendor != "sqlite":
        return
    for name, (arity, fn) in sqlite_functions().items():
        connection.connection.create_function(name, arity, fn, deterministic=True)
