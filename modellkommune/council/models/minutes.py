"""The minutes (Niederschrift) of a meeting while the council office drafts and approves them.

Not an OParl object itself: on approval the public part becomes a File published as OParl
`Meeting.resultsProtocol` (through Meeting.save, so `modified` moves); the full text, non-public
part included, is kept as a non-public File for the council office and the members."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    APPROVED = "approved", _("genehmigt")


class Minutes(models.Model):
    meeting = models.OneToOneField("council.Meeting", on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(_("Stand"), max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT)
    text_public = models.TextField(_("Niederschrift, öffentlicher Teil"), blank=True)
    text_internal = models.TextField(_("Niederschrift, nicht öffentlicher Teil"), blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(_("zuletzt bearbeitet"), auto_now=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("genehmigt am"), null=True, blank=True)
    # The complete minutes (both parts): never public.
    full_file = models.ForeignKey("council.File", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("Niederschrift")
        verbose_name_plural = _("Niederschriften")

    def __str__(self) -> str:
        return f"{_('Niederschrift')} {self.meeting}"
