"""Fixed vocabularies of the SensorThings API 1.1 (OGC 18-088)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

OM_PREFIX = "http://www.opengis.net/def/observationType/OGC-OM/2.0/"


class ObservationType(models.TextChoices):
    MEASUREMENT = OM_PREFIX + "OM_Measurement", _("Messwert (Zahl)")
    COUNT_OBSERVATION = OM_PREFIX + "OM_CountObservation", _("Zählung (ganze Zahl)")
    CATEGORY_OBSERVATION = OM_PREFIX + "OM_CategoryObservation", _("Kategorie (URI)")
    TRUTH_OBSERVATION = OM_PREFIX + "OM_TruthObservation", _("Wahrheitswert")
    OBSERVATION = OM_PREFIX + "OM_Observation", _("beliebiger Wert")
    COMPLEX_OBSERVATION = OM_PREFIX + "OM_ComplexObservation", _("zusammengesetzter Wert (MultiDatastream)")


class EncodingType(models.TextChoices):
    GEOJSON = "application/geo+json", _("GeoJSON")
    # STA 1.0 name of GeoJSON; FROST and older clients still send it.
    GEOJSON_LEGACY = "application/vnd.geo+json", _("GeoJSON (STA 1.0)")
    PDF = "application/pdf", _("PDF")
    SENSORML = "http://www.opengis.net/doc/IS/SensorML/2.0", _("SensorML 2.0")
    HTML = "text/html", _("HTML")
    JSON = "application/json", _("JSON")


GEOJSON_ENCODINGS = {EncodingType.GEOJSON.value, EncodingType.GEOJSON_LEGACY.value}
