"""An offline geocoder from a street list: for the demo and for towns that want no outside service.

The list (CSV: name, district, lat, lon) holds a representative point per street. Street names are
facts from OpenStreetMap; the demo's points are approximate, good enough to put a pin near the right
street. A town replaces the file through `GEOCODER_STREETS_FILE` (e.g. exported from its own GIS)."""

from __future__ import annotations

import csv
import re
from functools import cached_property
from pathlib import Path

from django.conf import settings

from modellkommune.core.geo import distance_m

from .base import Geocoder, Place

DEFAULT_FILE = Path(__file__).with_name("data") / "iserlohn_streets.csv"
REVERSE_MAX_M = 400  # farther from every listed street: no name rather than a wrong one
HOUSE_NUMBER = re.compile(r"\s+(\d+\s?[a-zA-Z]?)\s*$")


def normalise(text: str) -> str:
    text = text.lower().strip()
    text = text.replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = re.sub(r"str\.?(?=\s|$)", "strasse", text)
    return re.sub(r"[\s\-]+", " ", text)


class StreetListGeocoder(Geocoder):
    def __init__(self, path: str | Path | None = None):
        self.path = Path(path or getattr(settings, "GEOCODER_STREETS_FILE", "") or DEFAULT_FILE)

    @cached_property
    def streets(self) -> list[tuple[str, str, float, float, str]]:
        town = getattr(settings, "GEOCODER_TOWN", "") or "Iserlohn"
        rows = []
        with self.path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                label = row["name"] + (f", {row['district']}" if row.get("district") else "") + f", {town}"
                rows.append((row["name"], label, float(row["lat"]), float(row["lon"]), normalise(row["name"])))
        return rows

    def search(self, query: str, *, limit: int = 5, bbox=None) -> list[Place]:
        query = (query or "").strip()[:200]
        match = HOUSE_NUMBER.search(query)
        number = match.group(1).replace(" ", "") if match else ""
        key = normalise(HOUSE_NUMBER.sub("", query))
        if len(key) < 2:
            return []
        starts = [s for s in self.streets if s[4].startswith(key)]
        inside = [s for s in self.streets if key in s[4] and s not in starts]
        places = []
        for name, label, lat, lon, _norm in (starts + inside)[:limit]:
            if number:
                label = label.replace(name, f"{name} {number}", 1)
            places.append(Place(label=label, lat=lat, lon=lon))
        return places

    def reverse(self, lat: float, lon: float) -> Place | None:
        best = min(self.streets, key=lambda s: distance_m(lat, lon, s[2], s[3]), default=None)
        if best is None or distance_m(lat, lon, best[2], best[3]) > REVERSE_MAX_M:
            return None
        return Place(label=best[1], lat=lat, lon=lon)
