"""The service catalogue (Leistungen) grouped by life situation (Lebenslage)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from modellkommune.contrib.identity.base import AssuranceLevel
from modellkommune.core.models import TimeStampedModel


class LifeSituation(models.Model):
    name = models.CharField(_("Name"), max_length=120, unique=True)
    slug = models.SlugField(_("Kürzel"), max_length=120, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("Lebenslage")
        verbose_name_plural = _("Lebenslagen")

    def __str__(self) -> str:
        return self.name


class Service(TimeStampedModel):
    """One administrative service; `form_schema` (JSON Schema) makes it applicable online."""

    name = models.CharField(_("Bezeichnung"), max_length=200)
    slug = models.SlugField(_("Kürzel"), max_length=120, unique=True)
    leika_key = models.CharField(
        _("LeiKa-Schlüssel"),
        max_length=14,
        blank=True,
        db_index=True,
        help_text=_("14-stelliger Schlüssel des Leistungskatalogs (LeiKa), z. B. 99102013000000."),
    )
    summary = models.CharField(_("Kurzbeschreibung"), max_length=300, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    department = models.ForeignKey(
        "core.Department", verbose_name=_("zuständiger Fachbereich"), on_delete=models.PROTECT, related_name="services"
    )
    life_situations = models.ManyToManyField(
        LifeSituation, verbose_name=_("Lebenslagen"), related_name="services", blank=True
    )
    fee = models.DecimalField(_("Gebühr (Euro)"), max_digits=8, decimal_places=2, default=0)
    fee_note = models.CharField(_("Hinweis zur Gebühr"), max_length=300, blank=True)
    required_documents = models.TextField(
        _("erforderliche Unterlagen"), blank=True, help_text=_("Eine Unterlage je Zeile.")
    )
    processing_days = models.PositiveSmallIntegerField(
        _("Bearbeitungsdauer (Arbeitstage)"), default=10, help_text=_("Grundlage der Bearbeitungsfrist.")
    )
    legal_basis = models.CharField(_("Rechtsgrundlage"), max_length=300, blank=True)
    online = models.BooleanField(_("online beantragbar"), default=False)
    form_schema = models.JSONField(
        _("Formular (JSON Schema)"),
        default=dict,
        blank=True,
        help_text=_("Felder des Online-Antrags als JSON Schema; leer bedeutet: kein Online-Antrag."),
    )
    assurance_level = models.CharField(
        _("erforderliches Vertrauensniveau"),
        max_length=20,
        choices=AssuranceLevel.choices,
        default=AssuranceLevel.NONE,
        blank=True,
    )
    retention_days = models.PositiveIntegerField(
        _("Aufbewahrungsfrist (Tage)"),
        default=365,
        help_text=_("Nach Abschluss des Antrags und Ablauf dieser Frist werden personenbezogene Daten gelöscht."),
    )
    published = models.BooleanField(_("veröffentlicht"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Leistung")
        verbose_name_plural = _("Leistungen")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("egov:service_detail", args=[self.slug])

    @property
    def can_apply_online(self) -> bool:
        return self.online and bool(self.form_schema.get("properties"))

    @property
    def required_documents_list(self) -> list[str]:
        return [line.strip() for line in self.required_documents.splitlines() if line.strip()]
