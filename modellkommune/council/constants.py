from django.db import models
from django.utils.translation import gettext_lazy as _

OPARL_VERSION = "https://schema.oparl.org/1.1/"


class OrganizationType(models.TextChoices):
    # The values follow the OParl recommendation for organizationType.
    GREMIUM = "Gremium", _("Gremium")
    FRAKTION = "Fraktion", _("Fraktion")
    PARTEI = "Partei", _("Partei")
    VERWALTUNG = "Verwaltungsbereich", _("Verwaltungsbereich")
    SONSTIGES = "Sonstiges", _("Sonstiges")


class PaperType(models.TextChoices):
    ANTRAG = "Antrag", _("Antrag")
    ANFRAGE = "Anfrage", _("Anfrage")
    BESCHLUSSVORLAGE = "Beschlussvorlage", _("Beschlussvorlage")
    MITTEILUNG = "Mitteilung", _("Mitteilung")
    STELLUNGNAHME = "Stellungnahme", _("Stellungnahme")
    # Residents' own papers (participation app): § 24 and § 25 GO NRW.
    ANREGUNG = "Anregung oder Beschwerde", _("Anregung oder Beschwerde (§ 24 GO NRW)")
    EINWOHNERANTRAG = "Einwohnerantrag", _("Einwohnerantrag (§ 25 GO NRW)")


# Prefix of the reference number per paper type ("A/2026/0001").
REFERENCE_PREFIX = {
    PaperType.ANTRAG: "A",
    PaperType.ANFRAGE: "AF",
    PaperType.BESCHLUSSVORLAGE: "V",
    PaperType.MITTEILUNG: "M",
    PaperType.STELLUNGNAHME: "ST",
    PaperType.ANREGUNG: "AB",
    PaperType.EINWOHNERANTRAG: "EA",
}


class PaperStatus(models.TextChoices):
    """Where a motion stands in the council's process: submitted -> registered -> answered ->
    scheduled -> decided, referred or withdrawn (see services.paper_status_after_result)."""

    SUBMITTED = "submitted", _("eingereicht")
    REGISTERED = "registered", _("registriert")
    SCHEDULED = "scheduled", _("auf der Tagesordnung")
    DECIDED = "decided", _("beschlossen/beraten")
    ANSWERED = "answered", _("beantwortet")
    REFERRED = "referred", _("verwiesen")
    WITHDRAWN = "withdrawn", _("zurückgezogen")


class MeetingState(models.TextChoices):
    PLANNED = "terminiert", _("terminiert")
    INVITED = "eingeladen", _("eingeladen")
    HELD = "durchgeführt", _("durchgeführt")


# Membership.role values (case-insensitive) that make a membership of a body a deputy membership
# (stellvertretendes Mitglied): such a person is not a member of the meeting but may stand in for one.
DEPUTY_ROLES = (
    "Stellvertretendes Mitglied",
    "Stellv. Mitglied",
    "Stellvertreter",
    "Stellvertreterin",
    "Vertreter",
    "Vertreterin",
)


class ConsultationRole(models.TextChoices):
    ANHOERUNG = "Anhörung", _("Anhörung")
    VORBERATUNG = "Vorberatung", _("Vorberatung")
    ENTSCHEIDUNG = "Entscheidung", _("Entscheidung")
    KENNTNISNAHME = "Kenntnisnahme", _("Kenntnisnahme")


class AgendaResult(models.TextChoices):
    ACCEPTED = "Beschlossen", _("Beschlossen")
    ACCEPTED_AMENDED = "Geändert beschlossen", _("Geändert beschlossen")
    REJECTED = "Abgelehnt", _("Abgelehnt")
    DEFERRED = "Vertagt", _("Vertagt")
    NOTED = "Zur Kenntnis genommen", _("Zur Kenntnis genommen")
    REFERRED = "Verwiesen", _("Verwiesen")
    WITHDRAWN = "Zurückgezogen", _("Zurückgezogen")


# A paper's status after a result in a meeting. None: not settled (back to where it stood before
# it was scheduled). A result not in this table (free text) counts as a decision.
RESULT_STATUS = {
    AgendaResult.ACCEPTED: PaperStatus.DECIDED,
    AgendaResult.ACCEPTED_AMENDED: PaperStatus.DECIDED,
    AgendaResult.REJECTED: PaperStatus.DECIDED,
    AgendaResult.NOTED: PaperStatus.DECIDED,
    AgendaResult.REFERRED: PaperStatus.REFERRED,
    AgendaResult.WITHDRAWN: PaperStatus.WITHDRAWN,
    AgendaResult.DEFERRED: None,
}


MAX_UPLOAD_BYTES = 20 * 1024 * 1024


# What the administration answers a motion with (services_reports): the kinds of paper a department writes.
REPORT_PAPER_TYPES = (PaperType.STELLUNGNAHME, PaperType.MITTEILUNG, PaperType.BESCHLUSSVORLAGE)


class ReportState(models.TextChoices):
    """A department's report to the council before it becomes a paper (four-eyes release)."""

    DRAFT = "draft", _("Entwurf")
    RELEASE_REQUESTED = "release_requested", _("Freigabe erbeten")
    RELEASED = "released", _("freigegeben und veröffentlicht")
