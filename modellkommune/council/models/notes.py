"""A council member's personal notes on papers: private to the member, never in OParl, never shown to
anyone else; part of the member's data export and erased with the account (council/privacy.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PaperNote(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Benutzer"), on_delete=models.CASCADE, related_name="council_notes"
    )
    paper = models.ForeignKey("council.Paper", verbose_name=_("Drucksache"), on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("Notiz"), max_length=10_000)
    created = models.DateTimeField(_("angelegt"), auto_now_add=True)
    modified = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        ordering = ["-modified"]
        constraints = [models.UniqueConstraint(fields=["user", "paper"], name="council_papernote_one_per_paper")]
        verbose_name = _("persönliche Notiz")
        verbose_name_plural = _("persönliche Notizen")

    def __str__(self) -> str:
        return f"{self.paper_id}: {self.text[:40]}"
