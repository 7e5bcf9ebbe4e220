from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import MeetingState
from .base import OParlObject


class Meeting(OParlObject):
    name = models.CharField(_("Name"), max_length=300)
    meeting_state = models.CharField(
        _("Status"), max_length=30, choices=MeetingState.choices, default=MeetingState.PLANNED
    )
    cancelled = models.BooleanField(_("abgesagt"), default=False)
    start = models.DateTimeField(_("Beginn"), db_index=True)
    end = models.DateTimeField(_("Ende"), null=True, blank=True)
    location = models.ForeignKey(
        "council.Location", null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    organizations = models.ManyToManyField("council.Organization", related_name="meetings", blank=True)
    participants = models.ManyToManyField("council.Person", related_name="meetings", blank=True)
    invitation = models.ForeignKey("council.File", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    results_protocol = models.ForeignKey(
        "council.File", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verbatim_protocol = models.ForeignKey(
        "council.File", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    auxiliary_files = models.ManyToManyField("council.File", related_name="meetings_auxiliary", blank=True)

    class Meta:
        ordering = ["-start"]
        verbose_name = _("Sitzung")
        verbose_name_plural = _("Sitzungen")

    def __str__(self) -> str:
        return f"{self.name} ({self.start:%d.%m.%Y})"


class AgendaItem(OParlObject):
    """A point on a meeting's agenda; embedded in its Meeting in OParl."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.CharField(_("Nummer"), max_length=20, blank=True)
    order = models.PositiveIntegerField(_("Reihenfolge"))
    name = models.CharField(_("Gegenstand"), max_length=500)
    result = models.CharField(_("Ergebnis"), max_length=100, blank=True)
    resolution_text = models.TextField(_("Beschlusstext"), blank=True)
    resolution_file = models.ForeignKey(
        "council.File", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    auxiliary_files = models.ManyToManyField("council.File", related_name="agenda_items_auxiliary", blank=True)
    start = models.DateTimeField(_("Beginn"), null=True, blank=True)
    end = models.DateTimeField(_("Ende"), null=True, blank=True)
    # Vote counts of the whole body (empty: no vote taken or not recorded).
    votes_yes = models.PositiveIntegerField(_("Ja-Stimmen"), null=True, blank=True)
    votes_no = models.PositiveIntegerField(_("Nein-Stimmen"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("Enthaltungen"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnungspunkte")
        constraints = [models.UniqueConstraint(fields=["meeting", "order"], name="council_agendaitem_unique_order")]

    def __str__(self) -> str:
        return f"TOP {self.number} {self.name}"
