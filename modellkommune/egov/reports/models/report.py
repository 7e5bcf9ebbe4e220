"""A defect report (Mangelmeldung), its photos and its public history."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from modellkommune.core.models import Department

from ..constants import OPEN311_STATUS, Moderation, ReportStatus, Source
from .apikey import ApiKey
from .category import Category


class Report(models.Model):
    category = models.ForeignKey(
        Category, verbose_name=_("Kategorie"), on_delete=models.PROTECT, related_name="reports"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("Fachbereich"), on_delete=models.PROTECT, related_name="reports"
    )
    description = models.TextField(_("Beschreibung"), max_length=4000)
    lat = models.FloatField(_("Breite"), null=True, blank=True)
    lon = models.FloatField(_("Länge"), null=True, blank=True)
    address = models.CharField(_("Ort / Adresse"), max_length=300, blank=True)
    media_url = models.URLField(_("Medien-URL des Absenders"), max_length=500, blank=True)
    attributes = models.JSONField(_("Zusatzangaben"), default=dict, blank=True)
    # Personal data: never leaves through public pages or the API.
    email = models.EmailField(_("E-Mail"), blank=True)
    first_name = models.CharField(_("Vorname"), max_length=100, blank=True)
    last_name = models.CharField(_("Nachname"), max_length=100, blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Konto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="defect_reports",
    )
    device_id = models.CharField(_("Geräte-ID"), max_length=100, blank=True)
    account_id = models.CharField(_("Konto-ID beim Absender"), max_length=100, blank=True)
    api_key = models.ForeignKey(
        ApiKey, verbose_name=_("API-Schlüssel"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(_("Quelle"), max_length=10, choices=Source.choices, default=Source.WEB)
    token = models.UUIDField(_("Token"), default=uuid.uuid4, unique=True, editable=False)

    status = models.CharField(
        _("Bearbeitungsstand"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.RECEIVED
    )
    status_notes = models.CharField(_("öffentliche Anmerkung"), max_length=1000, blank=True)
    moderation = models.CharField(
        _("Veröffentlichung"), max_length=20, choices=Moderation.choices, default=Moderation.PENDING, db_index=True
    )
    moderation_reason = models.CharField(_("Grund der Nichtveröffentlichung"), max_length=300, blank=True)
    requested = models.DateTimeField(_("gemeldet am"), auto_now_add=True, db_index=True)
    updated = models.DateTimeField(_("zuletzt geändert"), auto_now=True, db_index=True)
    confirmed_at = models.DateTimeField(_("bestätigt am"), null=True, blank=True)
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)
    closed_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True, db_index=True)
    expected = models.DateTimeField(_("voraussichtlich erledigt"), null=True, blank=True)

    class Meta:
        ordering = ["-requested", "-id"]
        indexes = [
            models.Index(fields=["moderation", "status", "category"], name="reports_public_idx"),
            models.Index(fields=["lat", "lon"], name="reports_latlon_idx"),
        ]
        verbose_name = _("Mängelmeldung")
        verbose_name_plural = _("Mängelmeldungen")

    def __str__(self) -> str:
        return f"#{self.pk} {self.category.name}"

    @property
    def open311_status(self) -> str:
        return OPEN311_STATUS[self.status]

    @property
    def is_public(self) -> bool:
        return self.moderation == Moderation.PUBLISHED


class ReportPhoto(models.Model):
    report = models.ForeignKey(Report, verbose_name=_("Meldung"), on_delete=models.CASCADE, related_name="photos")
    # Dimensions are set by the service from the re-encoded image (width_field would re-open the file).
    image = models.ImageField(_("Foto"), upload_to="reports/%Y/%m/")
    width = models.PositiveIntegerField(_("Breite"), default=0)
    height = models.PositiveIntegerField(_("Höhe"), default=0)
    is_public = models.BooleanField(_("öffentlich"), default=True)
    created = models.DateTimeField(_("angelegt"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("Foto")
        verbose_name_plural = _("Fotos")

    def __str__(self) -> str:
        return self.image.name


class ReportUpdate(models.Model):
    """One step in a report's history; public ones appear on the map and in the Open311 extensions."""

    report = models.ForeignKey(Report, verbose_name=_("Meldung"), on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(_("Bearbeitungsstand"), max_length=20, choices=ReportStatus.choices)
    comment = models.TextField(_("Kommentar"), blank=True)
    is_public = models.BooleanField(_("öffentlich"), default=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("Statusmeldung")
        verbose_name_plural = _("Statusmeldungen")

    def __str__(self) -> str:
        return f"{self.report_id}: {self.get_status_display()}"
