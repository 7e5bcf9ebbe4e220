"""Report categories (Open311 services) and their extra questions (service definition attributes)."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modellkommune.core.models import Department

from ..constants import AttributeDatatype


class Category(models.Model):
    code = models.SlugField(_("Kürzel (service_code)"), max_length=50, unique=True)
    name = models.CharField(_("Name"), max_length=150)
    description = models.TextField(_("Beschreibung"), blank=True)
    group = models.CharField(_("Gruppe"), max_length=100, blank=True)
    keywords = models.CharField(_("Stichwörter"), max_length=300, blank=True, help_text=_("Durch Kommas getrennt."))
    department = models.ForeignKey(
        Department,
        verbose_name=_("zuständiger Fachbereich"),
        on_delete=models.PROTECT,
        related_name="report_categories",
    )
    service_notice = models.CharField(
        _("Hinweis nach dem Melden"),
        max_length=300,
        blank=True,
        help_text=_("Zum Beispiel die übliche Bearbeitungszeit."),
    )
    expected_days = models.PositiveSmallIntegerField(_("übliche Bearbeitungszeit (Tage)"), null=True, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("Kategorie")
        verbose_name_plural = _("Kategorien")

    def __str__(self) -> str:
        return self.name


class CategoryAttribute(models.Model):
    category = models.ForeignKey(
        Category, verbose_name=_("Kategorie"), on_delete=models.CASCADE, related_name="attributes"
    )
    code = models.CharField(
        _("Kürzel"),
        max_length=50,
        validators=[
            RegexValidator(r"^[a-z][a-z0-9_]*$", _("Kleinbuchstaben, Ziffern und _, beginnend mit einem Buchstaben."))
        ],
    )
    description = models.CharField(_("Frage"), max_length=300)
    datatype = models.CharField(_("Datentyp"), max_length=20, choices=AttributeDatatype.choices)
    datatype_description = models.CharField(_("Hinweis zum Format"), max_length=300, blank=True)
    required = models.BooleanField(_("Pflichtangabe"), default=False)
    variable = models.BooleanField(
        _("Eingabe erwartet"), default=True, help_text=_("Aus: reiner Hinweistext ohne Eingabe.")
    )
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=1)
    values = models.JSONField(
        _("Auswahlwerte"), default=list, blank=True, help_text=_('Liste von {"key": …, "name": …} für Auswahllisten.')
    )

    class Meta:
        ordering = ["order", "code"]
        constraints = [models.UniqueConstraint(fields=["category", "code"], name="reports_attribute_code_unique")]
        verbose_name = _("Zusatzfrage")
        verbose_name_plural = _("Zusatzfragen")

    def __str__(self) -> str:
        return f"{self.category.code}/{self.code}"

    @property
    def value_keys(self) -> list[str]:
        return [str(v.get("key")) for v in self.values or []]
