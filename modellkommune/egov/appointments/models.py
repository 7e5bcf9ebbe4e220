"""Locations with opening hours and closed days, bookable services, and bookings."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .constants import BLOCKING_STATUSES, BookingStatus, Weekday


class Location(models.Model):
    """A place where citizens are served (Bürgerbüro) with a number of parallel counters."""

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=80, unique=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=10, blank=True)
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    description = models.TextField(_("Hinweise"), blank=True, help_text=_("Anfahrt, Barrierefreiheit, Parken"))
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    counters = models.PositiveSmallIntegerField(
        _("Schalter"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("Wie viele Termine gleichzeitig bedient werden können."),
    )
    slot_step_minutes = models.PositiveSmallIntegerField(
        _("Taktung (Minuten)"),
        default=10,
        validators=[MinValueValidator(5), MaxValueValidator(120)],
        help_text=_("Abstand möglicher Terminbeginne."),
    )
    lead_time_minutes = models.PositiveIntegerField(
        _("Vorlaufzeit (Minuten)"), default=120, help_text=_("So früh vor Beginn muss spätestens gebucht werden.")
    )
    horizon_days = models.PositiveSmallIntegerField(
        _("Buchbar für (Tage)"), default=60, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    active = models.BooleanField(_("buchbar"), default=True)
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("zuständiger Fachbereich"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "Nur Beschäftigte dieses Fachbereichs sehen die Termine (mit Namen) und dürfen sie absagen. "
            "Ohne Fachbereich nur die Administration."
        ),
    )

    class Meta:
        verbose_name = _("Standort")
        verbose_name_plural = _("Standorte")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        return ", ".join(p for p in [self.street, f"{self.postal_code} {self.city}".strip()] if p)


class OpeningHours(models.Model):
    """One opening interval on a weekday; a day may have several (e.g. 8–12 and 14–18)."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("Wochentag"), choices=Weekday.choices)
    start = models.TimeField(_("von"))
    end = models.TimeField(_("bis"))

    class Meta:
        verbose_name = _("Öffnungszeit")
        verbose_name_plural = _("Öffnungszeiten")
        ordering = ["location", "weekday", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="appointments_hours_start_before_end"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"


class ClosedDay(models.Model):
    """A day without appointments: a holiday (no location: all locations) or a closure of one location."""

    location = models.ForeignKey(
        Location,
        on_delete=models.CASCADE,
        related_name="closed_days",
        null=True,
        blank=True,
        help_text=_("Leer lassen, wenn alle Standorte geschlossen sind (Feiertag)."),
    )
    date = models.DateField(_("Datum"), db_index=True)
    reason = models.CharField(_("Grund"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Schließtag")
        verbose_name_plural = _("Schließtage")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["location", "date"], name="appointments_closedday_unique"),
            models.UniqueConstraint(
                fields=["date"], condition=Q(location__isnull=True), name="appointments_closedday_global_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.reason}".strip()


class AppointmentService(models.Model):
    """A service bookable at a counter, with its duration. Linked to the egov catalogue by LeiKa key only."""

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=80, unique=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("Dauer (Minuten)"), validators=[MinValueValidator(5), MaxValueValidator(240)]
    )
    leika_key = models.CharField(
        _("LeiKa-Schlüssel"), max_length=20, blank=True, help_text=_("Verknüpft die Leistung mit dem Leistungskatalog.")
    )
    description = models.TextField(_("Hinweise"), blank=True, help_text=_("z. B. mitzubringende Unterlagen"))
    locations = models.ManyToManyField(Location, related_name="services", verbose_name=_("Standorte"), blank=True)
    active = models.BooleanField(_("buchbar"), default=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Terminleistung")
        verbose_name_plural = _("Terminleistungen")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Booking(models.Model):
    """An appointment at one counter of a location. Pending until the e-mail link is clicked."""

    reference = models.CharField(_("Terminnummer"), max_length=20, unique=True)
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="bookings")
    services = models.ManyToManyField(AppointmentService, related_name="bookings", verbose_name=_("Leistungen"))
    start = models.DateTimeField(_("Beginn"))
    end = models.DateTimeField(_("Ende"))
    counter = models.PositiveSmallIntegerField(_("Schalter"))
    status = models.CharField(
        _("Status"), max_length=20, choices=BookingStatus.choices, default=BookingStatus.PENDING, db_index=True
    )
    name = models.CharField(_("Name"), max_length=200)
    email = models.EmailField(_("E-Mail"), blank=True)  # emptied when anonymised
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    created = models.DateTimeField(_("gebucht am"), auto_now_add=True)
    expires_at = models.DateTimeField(_("Bestätigung bis"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("bestätigt am"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("abgesagt am"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("Erinnerung gesendet"), null=True, blank=True)

    class Meta:
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        ordering = ["start", "counter"]
        indexes = [models.Index(fields=["location", "start"], name="appointments_booking_loc_start")]
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="appointments_booking_start_before_end"),
            # Second line of defence behind the row lock in booking_create: one counter never has two
            # blocking bookings beginning at the same moment.
            models.UniqueConstraint(
                fields=["location", "counter", "start"],
                condition=Q(status__in=BLOCKING_STATUSES),
                name="appointments_booking_counter_start_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.start:%d.%m.%Y %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status in (BookingStatus.PENDING, BookingStatus.CONFIRMED)
