"""Fields shared by project KPIs and maturity indicators: where the current value comes from."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import SOURCE_MANUAL


class MeasuredValue(models.Model):
    source = models.CharField(
        _("Quelle"),
        max_length=60,
        default=SOURCE_MANUAL,
        help_text=_("Woher der aktuelle Wert stammt: manuelle Eingabe oder eine Datenquelle der Plattform."),
    )
    source_param = models.CharField(
        _("Parameter der Quelle"),
        max_length=200,
        blank=True,
        help_text=_("Zum Beispiel die ID des SensorThings-Datenstroms oder der Sektor-Kürzel."),
    )
    manual_value = models.DecimalField(_("manueller Wert"), max_digits=14, decimal_places=2, null=True, blank=True)
    manual_value_date = models.DateField(_("Stand des manuellen Werts"), null=True, blank=True)
    target_value = models.DecimalField(_("Zielwert"), max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("Einheit"), max_length=30, blank=True)
    higher_is_better = models.BooleanField(
        _("höher ist besser"), default=True, help_text=_("Abwählen, wenn das Ziel unterschritten werden soll.")
    )

    class Meta:
        abstract = True
