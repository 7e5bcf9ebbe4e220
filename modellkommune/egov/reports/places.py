"""Where a report is, in words and on the map: address suggestions, street names for map clicks.

Uses the installation's geocoder (contrib/geocoding); when it is unavailable the report still goes
through with what the person entered."""

from __future__ import annotations

import logging

from modellkommune.contrib.geocoding import geocoder
from modellkommune.contrib.geocoding.base import GeocoderUnavailable, Place
from modellkommune.core.selectors import municipality_current

log = logging.getLogger(__name__)


def _town_box():
    town = municipality_current()
    return (town.bbox_south, town.bbox_west, town.bbox_north, town.bbox_east) if town else None


def place_suggestions(*, query: str, limit: int = 6) -> list[Place]:
    """Places in town for what a person types into the address field (best first)."""
    box = _town_box()
    try:
        places = geocoder().search(query, limit=limit, bbox=box)
    except GeocoderUnavailable as exc:
        log.warning("geocoder unavailable: %s", exc)
        return []
    if box is None:
        return places
    south, west, north, east = box
    return [p for p in places if south <= p.lat <= north and west <= p.lon <= east]


def place_name(*, lat: float, lon: float) -> str:
    """The street a coordinate lies on or next to, or "" when the geocoder does not know."""
    try:
        place = geocoder().reverse(lat, lon)
    except GeocoderUnavailable as exc:
        log.warning("geocoder unavailable: %s", exc)
        return ""
    return place.label if place else ""


def location_complete(*, lat: float | None, lon: float | None, address: str) -> tuple[float | None, float | None, str]:
    """Fill in what is missing: the street for a map click, the coordinates for a typed address."""
    if lat is not None and lon is not None and not address:
        return lat, lon, place_name(lat=lat, lon=lon)
    if (lat is None or lon is None) and address:
        found = place_suggestions(query=address, limit=1)
        if found:
            return found[0].lat, found[0].lon, address
    return lat, lon, address
