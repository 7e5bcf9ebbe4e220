"""Reports the programme published to the council (quarterly reports, gap reports)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import ReportKind


class PublishedReport(models.Model):
    kind = models.CharField(_("Art"), max_length=30, choices=ReportKind.choices)
    project = models.ForeignKey(
        "programme.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    period = models.CharField(_("Zeitraum"), max_length=20, blank=True, help_text=_("z. B. 2026-Q4"))
    title = models.CharField(_("Titel"), max_length=300)
    paper_id = models.PositiveIntegerField(_("Drucksache (ID)"), null=True, blank=True)
    paper_reference = models.CharField(_("Drucksachennummer"), max_length=50, blank=True)
    published_at = models.DateTimeField(_("veröffentlicht am"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("veröffentlichter Bericht")
        verbose_name_plural = _("veröffentlichte Berichte")

    def __str__(self) -> str:
        return self.title
