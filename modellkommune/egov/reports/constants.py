"""Choices of the Mängelmelder and their mapping onto Open311's two public states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    """Where the town hall is with a report (the work, not its publication)."""

    RECEIVED = "received", _("Eingegangen")
    IN_PROGRESS = "in_progress", _("In Bearbeitung")
    SOLVED = "solved", _("Erledigt")
    REJECTED = "rejected", _("Nicht zuständig / abgelehnt")


class Moderation(models.TextChoices):
    """Whether the report may be shown to the public."""

    UNCONFIRMED = "unconfirmed", _("E-Mail-Bestätigung ausstehend")
    PENDING = "pending", _("Wartet auf Prüfung")
    PUBLISHED = "published", _("Veröffentlicht")
    HIDDEN = "hidden", _("Nicht veröffentlicht")


class AttributeDatatype(models.TextChoices):
    """The datatypes a GeoReport v2 service definition allows, spelled as the specification spells them."""

    STRING = "string", _("Kurzer Text")
    NUMBER = "number", _("Zahl")
    DATETIME = "datetime", _("Datum und Uhrzeit")
    TEXT = "text", _("Langer Text")
    SINGLEVALUELIST = "singlevaluelist", _("Auswahl (ein Wert)")
    MULTIVALUELIST = "multivaluelist", _("Auswahl (mehrere Werte)")


class Source(models.TextChoices):
    WEB = "web", _("Webformular")
    OPEN311 = "open311", _("Open311-Schnittstelle")
    DEMO = "demo", _("Demodaten")


# Open311 knows only "open" and "closed"; the detailed state goes into the extensions.
OPEN311_STATUS = {
    ReportStatus.RECEIVED: "open",
    ReportStatus.IN_PROGRESS: "open",
    ReportStatus.SOLVED: "closed",
    ReportStatus.REJECTED: "closed",
}
CLOSED_STATUSES = (ReportStatus.SOLVED, ReportStatus.REJECTED)
OPEN_STATUSES = (ReportStatus.RECEIVED, ReportStatus.IN_PROGRESS)

PHOTO_MAX_BYTES = 8 * 1024 * 1024
PHOTO_MAX_COUNT = 3
PHOTO_MAX_EDGE = 2048
DUPLICATE_RADIUS_M = 50
CONFIRM_MAX_AGE_S = 7 * 24 * 3600
