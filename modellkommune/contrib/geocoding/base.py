"""The interface every geocoder implements."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """A place as people name it ("Wermingser Straße 12, Iserlohn") and where it is (WGS84)."""

    label: str
    lat: float
    lon: float

    def as_dict(self) -> dict:
        return {"label": self.label, "lat": round(self.lat, 6), "lon": round(self.lon, 6)}


class GeocoderUnavailable(Exception):
    """The provider did not answer (network, timeout, bad response): callers go on without it."""


class Geocoder:
    """`search` turns what a person types into up to `limit` places inside the town's box (best first);
    `reverse` names the place at a coordinate, or None when nothing is near enough."""

    def search(self, query: str, *, limit: int = 5, bbox: tuple[float, float, float, float] | None = None):
        raise NotImplementedError

    def reverse(self, lat: float, lon: float) -> Place | None:
        raise NotImplementedError
