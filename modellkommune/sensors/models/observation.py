"""Observations: the big table. Kept narrow; indexed for "latest value" and "time range of one datastream"."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Observation(models.Model):
    id = models.BigAutoField(primary_key=True)
    datastream = models.ForeignKey(
        "sensors.Datastream",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("Datenstrom"),
    )
    multi_datastream = models.ForeignKey(
        "sensors.MultiDatastream",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("Multi-Datenstrom"),
    )
    feature_of_interest = models.ForeignKey(
        "sensors.FeatureOfInterest",
        on_delete=models.CASCADE,
        related_name="observations",
        verbose_name=_("Untersuchungsgegenstand"),
        db_index=False,  # covered by the composite index below
    )
    phenomenon_time_start = models.DateTimeField(_("Phänomenzeit"))
    phenomenon_time_end = models.DateTimeField(_("Ende Phänomenzeit"), null=True, blank=True)
    result_time = models.DateTimeField(_("Ergebniszeit"), null=True, blank=True)
    result = models.JSONField(_("Ergebnis"), null=True)
    # Numeric copy of `result` (NULL when not a number) so aggregates and $filter on result use a plain column.
    result_number = models.FloatField(_("Ergebnis als Zahl"), null=True, blank=True)
    result_quality = models.JSONField(_("Ergebnisqualität"), null=True, blank=True)
    valid_time_start = models.DateTimeField(_("Gültig ab"), null=True, blank=True)
    valid_time_end = models.DateTimeField(_("Gültig bis"), null=True, blank=True)
    parameters = models.JSONField(_("Parameter"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("Beobachtung")
        verbose_name_plural = _("Beobachtungen")
        indexes = [
            models.Index(fields=["datastream", "-phenomenon_time_start", "-id"], name="sensors_obs_ds_time"),
            models.Index(fields=["multi_datastream", "-phenomenon_time_start", "-id"], name="sensors_obs_mds_time"),
            models.Index(fields=["feature_of_interest", "id"], name="sensors_obs_foi"),
            # $filter=phenomenonTime eq t also finds intervals around t (api/filters.py); few observations are
            # intervals, so this partial index stays small
            models.Index(
                fields=["phenomenon_time_end"],
                condition=models.Q(phenomenon_time_end__isnull=False),
                name="sensors_obs_interval_end",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(datastream__isnull=False, multi_datastream__isnull=True)
                | models.Q(datastream__isnull=True, multi_datastream__isnull=False),
                name="sensors_obs_one_stream",
            )
        ]

    def __str__(self) -> str:
        return f"{self.phenomenon_time_start:%Y-%m-%d %H:%M}: {self.result}"

    @property
    def phenomenon_time(self):
        """When the observation was made (the start of an interval), as other apps read it."""
        return self.phenomenon_time_start
