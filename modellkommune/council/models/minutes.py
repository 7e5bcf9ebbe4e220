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


class MinutesCorrection(models.Model):
    """A correction (Berichtigung) of approved minutes, e.g. after an objection in the next meeting.

    Append-only: the approved Minutes row and every earlier correction stay as they are (audit). Each
    correction holds the complete corrected texts, the reason, and the files rendered from them: a new
    public file (then OParl `Meeting.resultsProtocol`; None when only the non-public part changed, so the
    public never learns of that correction) and a new complete, non-public file."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="corrections")
    reason = models.TextField(_("Grund der Berichtigung"))
    text_public = models.TextField(_("Niederschrift, öffentlicher Teil (berichtigt)"))
    text_internal = models.TextField(_("Niederschrift, nicht öffentlicher Teil (berichtigt)"), blank=True)
    public_file = models.ForeignKey("council.File", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    replaced_public_file = models.ForeignKey(
        "council.File", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    full_file = models.ForeignKey("council.File", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrected_at = models.DateTimeField(_("berichtigt am"))

    class Meta:
        ordering = ["corrected_at", "pk"]
        verbose_name = _("Berichtigung der Niederschrift")
        verbose_name_plural = _("Berichtigungen der Niederschrift")

    def __str__(self) -> str:
        return f"{_('Berichtigung')} {self.minutes}"

    @property
    def public(self) -> bool:
        """Shown on the public meeting page: the public part was corrected."""
        return self.public_file_id is not None
