from django.db import models
from django.utils.translation import gettext_lazy as _


class SuggestionKind(models.TextChoices):
    """§ 24 GO NRW names both: suggestions (Anregungen) and complaints (Beschwerden)."""

    ANREGUNG = "anregung", _("Anregung")
    BESCHWERDE = "beschwerde", _("Beschwerde")


class SuggestionStatus(models.TextChoices):
    """Where a § 24 submission stands; each step is told to the petitioner."""

    UNCONFIRMED = "unconfirmed", _("E-Mail-Bestätigung ausstehend")
    RECEIVED = "received", _("eingegangen beim Ratsbüro")
    REGISTERED = "registered", _("als Drucksache registriert")
    ASSIGNED = "assigned", _("an den zuständigen Ausschuss überwiesen")
    DECIDED = "decided", _("entschieden")
    DECLINED = "declined", _("nicht zulässig")


OPEN_STATUSES = [SuggestionStatus.RECEIVED, SuggestionStatus.REGISTERED, SuggestionStatus.ASSIGNED]


class MotionStatus(models.TextChoices):
    """Where an Einwohnerantrag (§ 25 GO NRW) stands."""

    REVIEW = "review", _("wird vom Ratsbüro geprüft")
    COLLECTING = "collecting", _("sammelt Unterstützung")
    SUBMITTED = "submitted", _("Quorum erreicht, beim Rat eingegangen")
    REGISTERED = "registered", _("auf dem Weg in den Rat")
    DECIDED = "decided", _("vom Rat entschieden")
    FAILED = "failed", _("Frist ohne Quorum abgelaufen")
    DECLINED = "declined", _("nicht zulässig")


MOTION_OPEN = [MotionStatus.COLLECTING, MotionStatus.SUBMITTED, MotionStatus.REGISTERED]


class ConsultationStatus(models.TextChoices):
    """Where a consultation (Beteiligungsverfahren) stands; "open" and "closed" follow the dates."""

    DRAFT = "draft", _("in Vorbereitung")
    PUBLISHED = "published", _("veröffentlicht")
    SUMMARISED = "summarised", _("Ergebnis an das Ratsbüro übergeben")
    REGISTERED = "registered", _("als Mitteilung beim Rat")


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("wartet auf Freigabe")
    PUBLISHED = "published", _("veröffentlicht")
    REJECTED = "rejected", _("nicht veröffentlicht")


class RejectReason(models.TextChoices):
    """Reasons of the code of conduct (Netiquette); the author is told the one that applies."""

    INSULT = "insult", _("beleidigend, diskriminierend oder herabwürdigend")
    PERSONAL_DATA = "personal", _("enthält personenbezogene Daten Dritter")
    ADVERTISING = "advertising", _("Werbung oder kommerzieller Inhalt")
    OFF_TOPIC = "off_topic", _("hat keinen Bezug zum Verfahren")
    UNLAWFUL = "unlawful", _("rechtswidriger Inhalt")
    DUPLICATE = "duplicate", _("mehrfach eingereichter gleicher Beitrag")


class IdeaStatus(models.TextChoices):
    """Where an idea for the model municipality stands; the page follows the project it became."""

    PENDING = "pending", _("wird geprüft")
    PUBLISHED = "published", _("veröffentlicht, sammelt Unterstützung")
    SELECTED = "selected", _("als Projektentwurf aufgenommen")
    REJECTED = "rejected", _("nicht veröffentlicht")
