"""Other people's interest in a published report: "me too" and e-mail updates."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .report import Report


class ReportSupport(models.Model):
    """One "me too" per person: the key is a hash of the account or the browser session, never a name."""

    report = models.ForeignKey(Report, verbose_name=_("Meldung"), on_delete=models.CASCADE, related_name="supports")
    supporter_key = models.CharField(_("Schlüssel (Hash)"), max_length=64)
    created = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "supporter_key"], name="reports_support_once")]
        verbose_name = _("Unterstützung")
        verbose_name_plural = _("Unterstützungen")

    def __str__(self) -> str:
        return f"+1 #{self.report_id}"


class ReportFollower(models.Model):
    """Somebody who wants to hear about the report's progress; removed once the report is closed."""

    report = models.ForeignKey(Report, verbose_name=_("Meldung"), on_delete=models.CASCADE, related_name="followers")
    email = models.EmailField(_("E-Mail"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Konto"), null=True, blank=True, on_delete=models.CASCADE
    )
    confirmed = models.BooleanField(_("bestätigt"), default=False)
    created = models.DateTimeField(_("angelegt"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "email"], name="reports_follower_once")]
        verbose_name = _("Abonnent")
        verbose_name_plural = _("Abonnenten")

    def __str__(self) -> str:
        return f"#{self.report_id} → {self.email}"
