"""The municipality itself, its sectors and departments, and the shared base models."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import AuditAction, SectorCode


class TimeStampedModel(models.Model):
    created = models.DateTimeField(_("angelegt"), auto_now_add=True, db_index=True)
    modified = models.DateTimeField(_("geändert"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class Municipality(TimeStampedModel):
    """The town that runs this installation (one row; the demo is Iserlohn)."""

    name = models.CharField(_("Name"), max_length=200)
    official_name = models.CharField(_("amtlicher Name"), max_length=200)
    ags = models.CharField(_("Amtlicher Gemeindeschlüssel"), max_length=8, unique=True)
    state = models.CharField(_("Bundesland"), max_length=100)
    district = models.CharField(_("Regierungsbezirk"), max_length=100, blank=True)
    population = models.PositiveIntegerField(_("Einwohnerzahl"), null=True, blank=True)
    website = models.URLField(_("Website"), blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    address = models.TextField(_("Anschrift"), blank=True)
    # Bounding box of the town area (WGS84); reports and sensors outside are refused.
    bbox_south = models.FloatField(_("Südgrenze (Breite)"), default=51.30)
    bbox_west = models.FloatField(_("Westgrenze (Länge)"), default=7.55)
    bbox_north = models.FloatField(_("Nordgrenze (Breite)"), default=51.45)
    bbox_east = models.FloatField(_("Ostgrenze (Länge)"), default=7.85)
    center_lat = models.FloatField(_("Mittelpunkt (Breite)"), default=51.3759)
    center_lon = models.FloatField(_("Mittelpunkt (Länge)"), default=7.6949)

    class Meta:
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")

    def __str__(self) -> str:
        return self.name

    def contains(self, *, lat: float, lon: float) -> bool:
        return self.bbox_south <= lat <= self.bbox_north and self.bbox_west <= lon <= self.bbox_east


class Sector(models.Model):
    code = models.CharField(_("Kürzel"), max_length=30, choices=SectorCode.choices, unique=True)
    name = models.CharField(_("Name"), max_length=100)
    description = models.TextField(_("Beschreibung"), blank=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("Sektor")
        verbose_name_plural = _("Sektoren")

    def __str__(self) -> str:
        return self.name


class Department(TimeStampedModel):
    """An administrative unit of the town hall (Fachbereich, Amt)."""

    name = models.CharField(_("Name"), max_length=200, unique=True)
    short_name = models.CharField(_("Kurzbezeichnung"), max_length=30, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Fachbereich")
        verbose_name_plural = _("Fachbereiche")

    def __str__(self) -> str:
        return self.name


class AuditLogEntry(models.Model):
    """Who changed what and when. Append-only: the admin shows it read-only and, on
    PostgreSQL, a trigger refuses UPDATE and DELETE even from the application."""

    timestamp = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    actor_repr = models.CharField(_("Benutzer (Text)"), max_length=255)
    action = models.CharField(_("Aktion"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("Objekttyp"), max_length=100, db_index=True)
    object_id = models.CharField(_("Objekt-ID"), max_length=64, db_index=True)
    object_repr = models.CharField(_("Objekt"), max_length=255)
    message = models.CharField(_("Beschreibung"), max_length=500, blank=True)
    changes = models.JSONField(_("Änderungen"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-Adresse"), null=True, blank=True)

    class Meta:
        ordering = ["-timestamp", "-id"]
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Änderungsprotokoll")

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.actor_repr} {self.action} {self.object_repr}"
