"""Geospatial functions of $filter (STA 1.1 Table 25: geo.* and st_*) on the geometry columns.

The GeoJSON columns (`location`, `feature`, `observed_area`) are returned as given; each has a geometry column
beside it (`…_geom`, core/geometry.py) that these functions read: PostGIS with a GiST index on PostgreSQL,
shapely registered as SQLite functions on SQLite (core/geometry_sql.py). Predicates are planar on WGS84
longitude/latitude (PostGIS geometry); geo.distance and geo.length are metres on the ellipsoid (geography)."""

from django.core.exceptions import ValidationError

from modellkommune.core import geometry
from modellkommune.core.geometry_sql import (  # noqa: F401 - the functions filters.py builds queries with
    PREDICATES,
    DistanceM,
    DWithinM,
    GeometryLiteral,
    LengthM,
    predicate,
    relate,
)

# The model field of each geo property -> the geometry column derived from it
GEOMETRY_COLUMNS = {"location": "location_geom", "feature": "feature_geom", "observed_area": "observed_area_geom"}


def literal(text: str):
    """A geography'…' literal (WKT, optionally with SRID=4326;) as a shapely geometry."""
    return geometry.from_wkt(text)


def geometry_path(path: str) -> str:
    """The Django lookup path of the geometry column behind a GeoJSON column path."""
    head, _, column = path.rpartition("__")
    if column not in GEOMETRY_COLUMNS:
        raise ValidationError(f"$filter: '{column}' is not a geometry.")
    return f"{head}__{GEOMETRY_COLUMNS[column]}" if head else GEOMETRY_COLUMNS[column]
