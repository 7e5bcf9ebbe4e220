"""The SensorThings entities other than Observation (the big table, see observation.py).

Field names follow Django style; the API maps them to the STA names explicitly (api/serializers.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modellkommune.core.geometry import GeometryField

from ..constants import EncodingType, ObservationType


class Thing(models.Model):
    name = models.CharField(_("Name"), max_length=255)
    description = models.TextField(_("Beschreibung"), blank=True, default="")
    properties = models.JSONField(_("Eigenschaften"), null=True, blank=True)
    locations = models.ManyToManyField(
        "sensors.Location", related_name="things", blank=True, verbose_name=_("Standorte")
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("Thing (Messobjekt)")
        verbose_name_plural = _("Things (Messobjekte)")

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    name = models.CharField(_("Name"), max_length=255)
    description = models.TextField(_("Beschreibung"), blank=True, default="")
    encoding_type = models.CharField(
        _("Kodierung"), max_length=100, choices=EncodingType.choices, default=EncodingType.GEOJSON
    )
    location = models.JSONField(_("Ort (GeoJSON)"), help_text=_("GeoJSON-Geometrie in WGS84, z. B. ein Punkt."))
    # What $filter's geo functions read (PostGIS on PostgreSQL); the API returns `location` as it was given.
    location_geom = GeometryField(_("Ort (Geometrie)"), source="location")
    properties = models.JSONField(_("Eigenschaften"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("Standort")
        verbose_name_plural = _("Standorte")

    def __str__(self) -> str:
        return self.name


class HistoricalLocation(models.Model):
    thing = models.ForeignKey(
        Thing, on_delete=models.CASCADE, related_name="historical_locations", verbose_name=_("Thing")
    )
    time = models.DateTimeField(_("Zeitpunkt"), db_index=True)
    locations = models.ManyToManyField(
        Location, related_name="historical_locations", blank=True, verbose_name=_("Standorte")
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("historischer Standort")
        verbose_name_plural = _("historische Standorte")

    def __str__(self) -> str:
        return f"{self.thing_id} @ {self.time:%Y-%m-%d %H:%M}"


class Sensor(models.Model):
    name = models.CharField(_("Name"), max_length=255)
    description = models.TextField(_("Beschreibung"), blank=True, default="")
    encoding_type = models.CharField(_("Kodierung"), max_length=200, default=EncodingType.PDF)
    metadata = models.TextField(_("Metadaten"), help_text=_("Verweis auf das Datenblatt oder SensorML-Dokument."))
    properties = models.JSONField(_("Eigenschaften"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("Sensor")
        verbose_name_plural = _("Sensoren")

    def __str__(self) -> str:
        return self.name


class ObservedProperty(models.Model):
    name = models.CharField(_("Name"), max_length=255)
    definition = models.CharField(_("Definition (URI)"), max_length=500)
    description = models.TextField(_("Beschreibung"), blank=True, default="")
    properties = models.JSONField(_("Eigenschaften"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("beobachtete Größe")
        verbose_name_plural = _("beobachtete Größen")

    def __str__(self) -> str:
        return self.name


class StreamBase(models.Model):
    """What Datastream and MultiDatastream share: the town's own fields (sector, pilot project,
    internal flag) and the cached time ranges of their observations."""

    name = models.CharField(_("Name"), max_length=255)
    description = models.TextField(_("Beschreibung"), blank=True, default="")
    observed_area = models.JSONField(_("beobachtetes Gebiet (GeoJSON)"), null=True, blank=True)
    observed_area_geom = GeometryField(_("beobachtetes Gebiet (Geometrie)"), source="observed_area")
    # Ranges kept up to date by the observation services, so reading a datastream never scans observations.
    phenomenon_time_start = models.DateTimeField(_("Beginn Phänomenzeit"), null=True, blank=True)
    phenomenon_time_end = models.DateTimeField(_("Ende Phänomenzeit"), null=True, blank=True)
    result_time_start = models.DateTimeField(_("Beginn Ergebniszeit"), null=True, blank=True)
    result_time_end = models.DateTimeField(_("Ende Ergebniszeit"), null=True, blank=True)
    properties = models.JSONField(_("Eigenschaften"), null=True, blank=True)
    project_ref = models.CharField(
        _("Pilotprojekt"), max_length=100, blank=True, default="", db_index=True, help_text=_("Kurzname (Slug).")
    )
    internal = models.BooleanField(
        _("intern"), default=False, help_text=_("Interne Datenströme sind nur mit einem passenden API-Token lesbar.")
    )

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Datastream(StreamBase):
    thing = models.ForeignKey(Thing, on_delete=models.CASCADE, related_name="datastreams", verbose_name=_("Thing"))
    sensor = models.ForeignKey(Sensor, on_delete=models.CASCADE, related_name="datastreams", verbose_name=_("Sensor"))
    sector = models.ForeignKey(
        "core.Sector",
        on_delete=models.PROTECT,
        related_name="datastreams",
        verbose_name=_("Sektor"),
        help_text=_("Jeder Datenstrom gehört zu genau einem der acht Sektoren."),
    )
    observed_property = models.ForeignKey(
        ObservedProperty, on_delete=models.CASCADE, related_name="datastreams", verbose_name=_("beobachtete Größe")
    )
    unit_of_measurement = models.JSONField(_("Maßeinheit"), help_text=_('JSON mit "name", "symbol" und "definition".'))
    observation_type = models.CharField(
        _("Beobachtungstyp"), max_length=200, choices=ObservationType.choices, default=ObservationType.MEASUREMENT
    )

    class Meta(StreamBase.Meta):
        verbose_name = _("Datenstrom")
        verbose_name_plural = _("Datenströme")


class MultiDatastream(StreamBase):
    thing = models.ForeignKey(
        Thing, on_delete=models.CASCADE, related_name="multi_datastreams", verbose_name=_("Thing")
    )
    sensor = models.ForeignKey(
        Sensor, on_delete=models.CASCADE, related_name="multi_datastreams", verbose_name=_("Sensor")
    )
    sector = models.ForeignKey(
        "core.Sector",
        on_delete=models.PROTECT,
        related_name="multi_datastreams",
        verbose_name=_("Sektor"),
        help_text=_("Jeder Datenstrom gehört zu genau einem der acht Sektoren."),
    )
    observed_properties = models.ManyToManyField(
        ObservedProperty, related_name="multi_datastreams", verbose_name=_("beobachtete Größen")
    )
    unit_of_measurements = models.JSONField(_("Maßeinheiten"), default=list)
    multi_observation_data_types = models.JSONField(_("Beobachtungstypen der Komponenten"), default=list)
    observation_type = models.CharField(
        _("Beobachtungstyp"), max_length=200, default=ObservationType.COMPLEX_OBSERVATION, editable=False
    )

    class Meta(StreamBase.Meta):
        verbose_name = _("Multi-Datenstrom")
        verbose_name_plural = _("Multi-Datenströme")


class FeatureOfInterest(models.Model):
    name = models.CharField(_("Name"), max_length=255)
    description = models.TextField(_("Beschreibung"), blank=True, default="")
    encoding_type = models.CharField(
        _("Kodierung"), max_length=100, choices=EncodingType.choices, default=EncodingType.GEOJSON
    )
    feature = models.JSONField(_("Objekt (GeoJSON)"))
    feature_geom = GeometryField(_("Objekt (Geometrie)"), source="feature")
    properties = models.JSONField(_("Eigenschaften"), null=True, blank=True)
    # Set when the FOI was generated from a Location, so the next observation reuses it.
    source_location = models.ForeignKey(
        Location,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="generated_features",
        verbose_name=_("erzeugt aus Standort"),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("Untersuchungsgegenstand")
        verbose_name_plural = _("Untersuchungsgegenstände")
        constraints = [
            # One generated FOI per Location, also when many observations arrive at once (services.py).
            models.UniqueConstraint(fields=["source_location"], name="sensors_foi_one_per_location"),
        ]

    def __str__(self) -> str:
        return self.name
