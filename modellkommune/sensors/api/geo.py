"""Geospatial functions of $filter (st_*, geo.*) evaluated in Python on GeoJSON, planar in the
coordinates as given (WGS84 degrees). No GEOS/shapely dependency: Things and Locations of one town are
few, so the filter evaluates the geometry table in Python and hands the matching ids to the database.

Supported geometries: Point, MultiPoint, LineString, MultiLineString, Polygon (with holes), MultiPolygon."""

import math
import re

from django.core.exceptions import ValidationError

_WKT_TYPES = {
    "POINT": "Point",
    "MULTIPOINT": "MultiPoint",
    "LINESTRING": "LineString",
    "MULTILINESTRING": "MultiLineString",
    "POLYGON": "Polygon",
    "MULTIPOLYGON": "MultiPolygon",
}


def wkt_to_geojson(text: str) -> dict:
    text = re.sub(r"^SRID=\d+;", "", text.strip(), flags=re.IGNORECASE)
    match = re.match(r"^([A-Za-z]+)\s*(\(.*\))$", text, flags=re.DOTALL)
    if not match or match.group(1).upper() not in _WKT_TYPES:
        raise ValidationError(f"$filter: cannot read the geography '{text}'.")
    kind = _WKT_TYPES[match.group(1).upper()]
    body = match.group(2)
    # turn "(1 2, 3 4)" into "[[1,2],[3,4]]" and parse it as nested lists
    nested = re.sub(r"(-?[\d.eE+-]+)\s+(-?[\d.eE+-]+)", r"[\1,\2]", body).replace("(", "[").replace(")", "]")
    try:
        import json

        coords = json.loads(nested)
    except ValueError as exc:
        raise ValidationError(f"$filter: cannot read the geography '{text}'.") from exc
    if kind == "Point":
        coords = coords[0]
    elif kind == "MultiPoint":
        coords = [c[0] if isinstance(c[0], list) else c for c in coords]
    return {"type": kind, "coordinates": coords}


def _geometry(value) -> dict | None:
    if isinstance(value, dict) and value.get("type") == "Feature":
        return _geometry(value.get("geometry"))
    if isinstance(value, dict) and "type" in value:
        return value
    return None


def _parts(geom: dict) -> tuple[list, list, list]:
    """(points, segments, polygons) of a geometry; polygons as lists of rings."""
    kind, c = geom.get("type"), geom.get("coordinates")
    points, segments, polygons = [], [], []
    if kind == "Point":
        points.append(tuple(c[:2]))
    elif kind == "MultiPoint":
        points.extend(tuple(p[:2]) for p in c)
    elif kind in {"LineString", "MultiLineString"}:
        lines = [c] if kind == "LineString" else c
        for line in lines:
            pts = [tuple(p[:2]) for p in line]
            points.extend(pts)
            segments.extend(zip(pts, pts[1:], strict=False))
    elif kind in {"Polygon", "MultiPolygon"}:
        polys = [c] if kind == "Polygon" else c
        for poly in polys:
            rings = [[tuple(p[:2]) for p in ring] for ring in poly]
            polygons.append(rings)
            for ring in rings:
                points.extend(ring)
                segments.extend(zip(ring, ring[1:], strict=False))
    elif kind == "GeometryCollection":
        for sub in geom.get("geometries") or []:
            a, b, cc = _parts(sub)
            points += a
            segments += b
            polygons += cc
    return points, segments, polygons


def _in_ring(pt, ring) -> bool:
    x, y = pt
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def _on_segment(p, a, b, eps=1e-12) -> bool:
    return _seg_point_distance(p, a, b) <= eps


def _in_polygon(pt, rings, *, boundary_counts=True) -> bool:
    if any(_on_segment(pt, a, b) for ring in rings for a, b in zip(ring, ring[1:], strict=False)):
        return boundary_counts
    return _in_ring(pt, rings[0]) and not any(_in_ring(pt, hole) for hole in rings[1:])


def _orient(a, b, c) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def _segments_intersect(p1, p2, q1, q2) -> bool:
    d1, d2, d3, d4 = _orient(q1, q2, p1), _orient(q1, q2, p2), _orient(p1, p2, q1), _orient(p1, p2, q2)
    if ((d1 > 0 > d2) or (d1 < 0 < d2)) and ((d3 > 0 > d4) or (d3 < 0 < d4)):
        return True
    return any([_on_segment(p1, q1, q2), _on_segment(p2, q1, q2), _on_segment(q1, p1, p2), _on_segment(q2, p1, p2)])


def _seg_point_distance(p, a, b) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def intersects(a, b) -> bool:
    ga, gb = _geometry(a), _geometry(b)
    if ga is None or gb is None:
        return False
    pa, sa, pola = _parts(ga)
    pb, sb, polb = _parts(gb)
    if set(pa) & set(pb):
        return True
    if any(_on_segment(p, s1, s2) for p in pa for s1, s2 in sb) or any(
        _on_segment(p, s1, s2) for p in pb for s1, s2 in sa
    ):
        return True
    if any(_segments_intersect(a1, a2, b1, b2) for a1, a2 in sa for b1, b2 in sb):
        return True
    if any(_in_polygon(p, poly) for p in pa for poly in polb):
        return True
    return any(_in_polygon(p, poly) for p in pb for poly in pola)


def within(a, b) -> bool:
    """Every vertex of a inside b (boundary allowed), at least one strictly inside, and no edge of a
    crossing b's boundary."""
    ga, gb = _geometry(a), _geometry(b)
    if ga is None or gb is None:
        return False
    pa, sa, _ = _parts(ga)
    pb, sb, polb = _parts(gb)
    if not pa:
        return False
    if polb:
        if not all(any(_in_polygon(p, poly) for poly in polb) for p in pa):
            return False
        if not any(any(_in_polygon(p, poly, boundary_counts=False) for poly in polb) for p in pa):
            return equals(ga, gb)
        return not any(_proper_cross(a1, a2, b1, b2) for a1, a2 in sa for b1, b2 in sb)
    if sb:  # within a line: every vertex of a lies on the line
        return all(any(_on_segment(p, s1, s2) for s1, s2 in sb) for p in pa)
    return set(pa) <= set(pb)


def _proper_cross(p1, p2, q1, q2) -> bool:
    d1, d2, d3, d4 = _orient(q1, q2, p1), _orient(q1, q2, p2), _orient(p1, p2, q1), _orient(p1, p2, q2)
    return ((d1 > 0 > d2) or (d1 < 0 < d2)) and ((d3 > 0 > d4) or (d3 < 0 < d4))


def equals(a, b) -> bool:
    ga, gb = _geometry(a), _geometry(b)
    if ga is None or gb is None:
        return False
    return ga.get("type") == gb.get("type") and set(_parts(ga)[0]) == set(_parts(gb)[0])


def touches(a, b) -> bool:
    """They meet, but no interior point of one lies in the other (approximation on vertices and edges)."""
    if not intersects(a, b):
        return False
    ga, gb = _geometry(a), _geometry(b)
    pa, sa, pola = _parts(ga)
    pb, sb, polb = _parts(gb)
    if any(_in_polygon(p, poly, boundary_counts=False) for p in pa for poly in polb):
        return False
    if any(_in_polygon(p, poly, boundary_counts=False) for p in pb for poly in pola):
        return False
    if any(_proper_cross(a1, a2, b1, b2) for a1, a2 in sa for b1, b2 in sb):
        return False
    return bool(sa or sb)  # two point sets never touch


def crosses(a, b) -> bool:
    ga, gb = _geometry(a), _geometry(b)
    if ga is None or gb is None:
        return False
    _, sa, pola = _parts(ga)
    pb, sb, polb = _parts(gb)
    if sa and sb and not pola and not polb:  # line/line: cross in interior points
        return any(_proper_cross(a1, a2, b1, b2) for a1, a2 in sa for b1, b2 in sb)
    if sa and polb and not pola:  # line/polygon: partly inside, partly outside
        pa = _parts(ga)[0]
        inside = [any(_in_polygon(p, poly, boundary_counts=False) for poly in polb) for p in pa]
        return any(inside) and not all(inside) or any(_proper_cross(a1, a2, b1, b2) for a1, a2 in sa for b1, b2 in sb)
    return False


def overlaps(a, b) -> bool:
    """Same dimension, they intersect, and neither lies within the other."""
    ga, gb = _geometry(a), _geometry(b)
    if ga is None or gb is None:
        return False

    def dim(g):
        p, s, pol = _parts(g)
        return 2 if pol else 1 if s else 0

    return dim(ga) == dim(gb) and intersects(ga, gb) and not within(ga, gb) and not within(gb, ga)


def distance(a, b) -> float | None:
    ga, gb = _geometry(a), _geometry(b)
    if ga is None or gb is None:
        return None
    if intersects(ga, gb):
        return 0.0
    pa, sa, _ = _parts(ga)
    pb, sb, _ = _parts(gb)
    best = min((math.hypot(p[0] - q[0], p[1] - q[1]) for p in pa for q in pb), default=math.inf)
    best = min([best, *(_seg_point_distance(p, s1, s2) for p in pa for s1, s2 in sb)])
    best = min([best, *(_seg_point_distance(p, s1, s2) for p in pb for s1, s2 in sa)])
    return best


def length(a) -> float | None:
    ga = _geometry(a)
    if ga is None:
        return None
    _, segments, _ = _parts(ga)
    return sum(math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in segments)


PREDICATES = {
    "st_equals": equals,
    "st_disjoint": lambda a, b: not intersects(a, b),
    "st_touches": touches,
    "st_within": within,
    "st_overlaps": overlaps,
    "st_crosses": crosses,
    "st_intersects": intersects,
    "st_contains": lambda a, b: within(b, a),
    "geo.intersects": intersects,
}
