"""SensorThings API 1.1 entities (OGC 18-088) and the write tokens of the API."""

from .entities import (
    Datastream,
    FeatureOfInterest,
    HistoricalLocation,
    Location,
    MultiDatastream,
    ObservedProperty,
    Sensor,
    Thing,
)
from .observation import Observation
from .token import ApiToken

__all__ = [
    "ApiToken",
    "Datastream",
    "FeatureOfInterest",
    "HistoricalLocation",
    "Location",
    "MultiDatastream",
    "Observation",
    "ObservedProperty",
    "Sensor",
    "Thing",
]
