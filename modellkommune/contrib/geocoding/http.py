"""Geocoders that ask a Nominatim or Photon server (the town's own or a public one, `GEOCODER_URL`).

Public OpenStreetMap servers ask for a real User-Agent and at most one request per second; a town with
many reports runs its own. Every failure becomes GeocoderUnavailable, so a report never fails on it."""

from __future__ import annotations

import httpx
from django.conf import settings

from .base import Geocoder, GeocoderUnavailable, Place

TIMEOUT_S = 3.0


class _HttpGeocoder(Geocoder):
    default_url = ""

    def __init__(self, url: str | None = None, transport: httpx.BaseTransport | None = None):
        self.url = (url or getattr(settings, "GEOCODER_URL", "") or self.default_url).rstrip("/")
        self.transport = transport

    def _get(self, path: str, params: dict):
        agent = f"Modellkommune geocoding ({getattr(settings, 'SITE_URL', '')})"
        try:
            with httpx.Client(timeout=TIMEOUT_S, transport=self.transport, headers={"User-Agent": agent}) as client:
                response = client.get(self.url + path, params=params)
                response.raise_for_status()
                return response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise GeocoderUnavailable(str(exc)) from exc


class NominatimGeocoder(_HttpGeocoder):
    """Nominatim's /search and /reverse in jsonv2 (https://nominatim.org/release-docs/latest/api/)."""

    default_url = "https://nominatim.openstreetmap.org"

    def search(self, query: str, *, limit: int = 5, bbox=None) -> list[Place]:
        params = {"q": query[:200], "format": "jsonv2", "limit": limit, "accept-language": "de"}
        if bbox:
            south, west, north, east = bbox
            params.update({"viewbox": f"{west},{north},{east},{south}", "bounded": 1})
        rows = self._get("/search", params)
        return [Place(label=r["display_name"], lat=float(r["lat"]), lon=float(r["lon"])) for r in rows[:limit]]

    def reverse(self, lat: float, lon: float) -> Place | None:
        row = self._get("/reverse", {"lat": lat, "lon": lon, "format": "jsonv2", "zoom": 18, "accept-language": "de"})
        if not row or "error" in row:
            return None
        return Place(label=row["display_name"], lat=lat, lon=lon)


class PhotonGeocoder(_HttpGeocoder):
    """Photon's /api and /reverse, GeoJSON answers (https://github.com/komoot/photon)."""

    default_url = "https://photon.komoot.io"

    @staticmethod
    def _label(props: dict) -> str:
        street = " ".join(p for p in (props.get("street") or props.get("name", ""), props.get("housenumber", "")) if p)
        town = props.get("city") or props.get("town") or props.get("village") or ""
        return ", ".join(p for p in (street, props.get("district", ""), town) if p)

    def search(self, query: str, *, limit: int = 5, bbox=None) -> list[Place]:
        params = {"q": query[:200], "limit": limit, "lang": "de"}
        if bbox:
            south, west, north, east = bbox
            params["bbox"] = f"{west},{south},{east},{north}"
        features = self._get("/api", params).get("features", [])
        return [
            Place(
                label=self._label(f["properties"]),
                lat=f["geometry"]["coordinates"][1],
                lon=f["geometry"]["coordinates"][0],
            )
            for f in features[:limit]
        ]

    def reverse(self, lat: float, lon: float) -> Place | None:
        features = self._get("/reverse", {"lat": lat, "lon": lon, "lang": "de"}).get("features", [])
        return Place(label=self._label(features[0]["properties"]), lat=lat, lon=lon) if features else None
