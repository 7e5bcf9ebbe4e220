"""Digital-maturity self-assessment (areas of the Bitkom Smart City Index) and its history."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import MaturityArea
from .measured import MeasuredValue


class Indicator(MeasuredValue):
    code = models.SlugField(_("Kürzel"), max_length=80, unique=True)
    area = models.CharField(_("Bereich"), max_length=30, choices=MaturityArea.choices)
    name = models.CharField(_("Indikator"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    sci_key = models.CharField(
        _("Indikator des Smart City Index"),
        max_length=40,
        blank=True,
        db_index=True,
        help_text=_("Kürzel des Indikators in der Struktur des Bitkom Smart City Index (smart_city_index.py)."),
    )
    threshold_note = models.TextField(
        _("Begründung des Zielwerts"),
        blank=True,
        help_text=_("Warum diese absolute Schwelle; leer: die Begründung aus der Struktur des Smart City Index."),
    )
    weight = models.PositiveSmallIntegerField(_("Gewicht"), default=1)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    measures = models.ManyToManyField(
        "programme.Project",
        verbose_name=_("Maßnahmen (Projekte)"),
        blank=True,
        related_name="indicators",
        help_text=_("Projekte, die diesen Indikator verbessern sollen."),
    )
    best_practices = models.ManyToManyField(
        "programme.BestPractice",
        verbose_name=_("passende gute Beispiele (Best Practices)"),
        blank=True,
        related_name="indicators",
        help_text=_(
            "Gute Beispiele anderer Kommunen, die diesen Indikator verbessern; der Lückenbericht schlägt sie vor."
        ),
    )

    class Meta:
        ordering = ["area", "order", "name"]
        verbose_name = _("Reifegrad-Indikator")
        verbose_name_plural = _("Reifegrad-Indikatoren")

    def __str__(self) -> str:
        return self.name

    @property
    def threshold_basis(self) -> str:
        """Why the target value is what it is: the office's note, else the Smart City Index structure's."""
        if self.threshold_note:
            return self.threshold_note
        from ..smart_city_index import BY_KEY

        entry = BY_KEY.get(self.sci_key)
        return str(entry.basis) if entry else ""

    @property
    def evidence(self) -> str:
        """„automatisch“ where the platform computes the value, „manuell“ where it cannot know it."""
        return "manual" if self.source == "manual" else "platform"


class IndicatorSnapshot(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="snapshots")
    date = models.DateField(_("Stichtag"))
    value = models.DecimalField(_("Wert"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_value = models.DecimalField(_("Zielwert"), max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["indicator", "date"]
        constraints = [models.UniqueConstraint(fields=["indicator", "date"], name="programme_indicator_snapshot_day")]
        verbose_name = _("Indikator-Stand")
        verbose_name_plural = _("Indikator-Stände")

    def __str__(self) -> str:
        return f"{self.indicator} {self.date}: {self.value}"


class AreaScoreSnapshot(models.Model):
    area = models.CharField(_("Bereich"), max_length=30, choices=MaturityArea.choices)
    date = models.DateField(_("Stichtag"))
    score = models.DecimalField(_("Punktzahl (0–100)"), max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["date", "area"]
        constraints = [models.UniqueConstraint(fields=["area", "date"], name="programme_area_score_day")]
        verbose_name = _("Bereichs-Punktzahl")
        verbose_name_plural = _("Bereichs-Punktzahlen")

    def __str__(self) -> str:
        return f"{self.get_area_display()} {self.date}: {self.score}"
