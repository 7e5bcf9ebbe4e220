"""The administration's answer to a motion while it is being written (issue 13).

A department drafts its report here; only the release (by a second person of the department where the
town wants four-eyes, setting COUNCIL_REPORT_FOUR_EYES) turns it into a registered, public Paper. Drafts
are not OParl objects: nothing here is ever published before the release."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import REPORT_PAPER_TYPES, ReportState


class Report(models.Model):
    motion = models.ForeignKey(
        "council.Paper", verbose_name=_("Antrag"), on_delete=models.CASCADE, related_name="report_drafts"
    )
    department = models.ForeignKey(
        "core.Department", verbose_name=_("Fachbereich"), on_delete=models.PROTECT, related_name="+"
    )
    paper_type = models.CharField(_("Art"), max_length=30, choices=[(t.value, t.label) for t in REPORT_PAPER_TYPES])
    title = models.CharField(_("Titel"), max_length=500)
    text = models.TextField(_("Text"), blank=True)
    keywords = models.JSONField(_("Schlagworte"), default=list, blank=True)
    files = models.ManyToManyField("council.File", verbose_name=_("Dateien"), blank=True, related_name="+")
    state = models.CharField(_("Stand"), max_length=20, choices=ReportState.choices, default=ReportState.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("verfasst von"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Four-eyes: whoever wrote the text last may not release it either (not only the first author).
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zuletzt bearbeitet von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("freigegeben von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    released_at = models.DateTimeField(_("freigegeben am"), null=True, blank=True)
    return_note = models.TextField(_("Hinweis zur Überarbeitung"), blank=True)
    paper = models.OneToOneField(
        "council.Paper",
        verbose_name=_("veröffentlichte Drucksache"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="report_source",
    )
    created = models.DateTimeField(_("angelegt"), auto_now_add=True)
    modified = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        ordering = ["-modified"]
        permissions = [("write_reports", _("Berichte an den Rat verfassen und freigeben (Fachbereich)"))]
        verbose_name = _("Bericht der Verwaltung (Entwurf)")
        verbose_name_plural = _("Berichte der Verwaltung (Entwürfe)")

    def __str__(self) -> str:
        return self.title
