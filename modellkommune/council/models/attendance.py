"""Sitzungsdienst records that OParl does not model in full: attendance per member and votes.

OParl shows only the result of it: `Meeting.participant` lists the persons present, deputies included
(kept in step by services_meetings.meeting_attendance_record); vote counts and per-faction votes are shown on the public
meeting page. Plain models (not OParlObject): they are never served as OParl objects themselves."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("anwesend")
    EXCUSED = "excused", _("entschuldigt")
    ABSENT = "absent", _("unentschuldigt abwesend")


class Attendance(models.Model):
    meeting = models.ForeignKey("council.Meeting", on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey("council.Person", on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("Anwesenheit"), max_length=10, choices=AttendanceStatus.choices)
    # A deputy (Vertretung) attends in place of an excused member: their own row is "present" and
    # names the member; OParl `participant` and the Sitzungsgeld export count them.
    deputy_for = models.ForeignKey(
        "council.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="represented_by",
        verbose_name=_("Vertretung für"),
    )
    recorded = models.DateTimeField(_("erfasst"), auto_now=True)

    class Meta:
        ordering = ["meeting", "person__family_name", "person__given_name"]
        verbose_name = _("Anwesenheit")
        verbose_name_plural = _("Anwesenheiten")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="council_attendance_unique_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.meeting}: {self.get_status_display()}"


class FactionVote(models.Model):
    """How one faction voted on one agenda item (counts of its members)."""

    agenda_item = models.ForeignKey("council.AgendaItem", on_delete=models.CASCADE, related_name="faction_votes")
    faction = models.ForeignKey("council.Organization", on_delete=models.CASCADE, related_name="+")
    yes = models.PositiveIntegerField(_("Ja"), default=0)
    no = models.PositiveIntegerField(_("Nein"), default=0)
    abstain = models.PositiveIntegerField(_("Enthaltung"), default=0)

    class Meta:
        ordering = ["agenda_item", "faction__name"]
        verbose_name = _("Abstimmung einer Fraktion")
        verbose_name_plural = _("Abstimmungen der Fraktionen")
        constraints = [
            models.UniqueConstraint(fields=["agenda_item", "faction"], name="council_factionvote_unique_faction"),
        ]

    def __str__(self) -> str:
        return f"{self.faction}: {self.yes}/{self.no}/{self.abstain}"
