from django.db import models
from django.utils.translation import gettext_lazy as _

REFERENCE_PREFIX = "A"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_FILES_PER_APPLICATION = 10
DEFAULT_ALLOWED_MIME_TYPES = ("application/pdf", "image/jpeg", "image/png")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    RECEIVED = "received", _("eingegangen")
    IN_PROGRESS = "in_progress", _("in Bearbeitung")
    INFO_REQUESTED = "info_requested", _("Rückfrage")
    APPROVED = "approved", _("bewilligt")
    REJECTED = "rejected", _("abgelehnt")
    CLOSED = "closed", _("abgeschlossen")


# Which status may follow which; the back office offers only these.
STATUS_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ApplicationStatus.RECEIVED: (
        ApplicationStatus.IN_PROGRESS,
        ApplicationStatus.INFO_REQUESTED,
        ApplicationStatus.APPROVED,
        ApplicationStatus.REJECTED,
    ),
    ApplicationStatus.IN_PROGRESS: (
        ApplicationStatus.INFO_REQUESTED,
        ApplicationStatus.APPROVED,
        ApplicationStatus.REJECTED,
    ),
    ApplicationStatus.INFO_REQUESTED: (
        ApplicationStatus.IN_PROGRESS,
        ApplicationStatus.APPROVED,
        ApplicationStatus.REJECTED,
    ),
    ApplicationStatus.APPROVED: (ApplicationStatus.CLOSED,),
    ApplicationStatus.REJECTED: (ApplicationStatus.CLOSED,),
    ApplicationStatus.CLOSED: (),
}
OPEN_STATUSES = (ApplicationStatus.RECEIVED, ApplicationStatus.IN_PROGRESS, ApplicationStatus.INFO_REQUESTED)


class MessageDirection(models.TextChoices):
    TO_CITIZEN = "out", _("von der Verwaltung")
    FROM_CITIZEN = "in", _("von der Antragstellerin / dem Antragsteller")
