"""The geocoder of this installation (settings.GEOCODER, a dotted path)."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

from .base import Geocoder

DEFAULT = "modellkommune.contrib.geocoding.offline.StreetListGeocoder"


@lru_cache(maxsize=4)
def _load(path: str) -> Geocoder:
    return import_string(path)()


def geocoder() -> Geocoder:
    return _load(getattr(settings, "GEOCODER", "") or DEFAULT)
