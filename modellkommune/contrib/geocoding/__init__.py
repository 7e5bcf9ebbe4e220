"""Geocoding (address → place, place → address) behind one small interface.

A town picks its provider in settings (`GEOCODER`, a dotted path; `GEOCODER_URL` for the HTTP ones):
the offline street list of the demo town, Nominatim or Photon. Nothing else names a concrete provider."""

from .base import Geocoder, Place
from .registry import geocoder

__all__ = ["Geocoder", "Place", "geocoder"]
