"""Point distances for the apps that keep coordinates as two numbers (Mängelmelder, geocoding).

The distance is the geometry layer's (core/geometry.py: geodesic metres on WGS84, as PostGIS geography);
a bounding box in SQL keeps the candidate rows few before the exact distance is computed."""

import math

from .geometry import point_distance_m

EARTH_RADIUS_M = 6_371_000.0


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return point_distance_m(lat1, lon1, lat2, lon2)


def bbox_around(lat: float, lon: float, radius_m: float) -> tuple[float, float, float, float]:
    """(south, west, north, east) of a box that contains the circle (with 1 % to spare for the ellipsoid)."""
    dlat = math.degrees(radius_m * 1.01 / EARTH_RADIUS_M)
    dlon = dlat / max(math.cos(math.radians(lat)), 1e-6)
    return lat - dlat, lon - dlon, lat + dlat, lon + dlon
