"""Residents' participation. § 24 GO NRW: everyone may address suggestions and complaints to the council."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import (
    CommentStatus,
    ConsultationStatus,
    IdeaStatus,
    MotionStatus,
    RejectReason,
    SuggestionKind,
    SuggestionStatus,
)


class Suggestion(models.Model):
    """An Anregung or Beschwerde (§ 24 GO NRW). The petitioner's name and address are personal data:
    shown only to the council office, published only with consent, removed after the retention period."""

    kind = models.CharField(_("Art"), max_length=20, choices=SuggestionKind.choices, default=SuggestionKind.ANREGUNG)
    title = models.CharField(_("Betreff"), max_length=200)
    text = models.TextField(_("Ihr Anliegen"), max_length=8000)
    name = models.CharField(_("Name"), max_length=150, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Konto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="council_suggestions",
    )
    publish = models.BooleanField(_("öffentlich behandeln"), default=True)
    show_name = models.BooleanField(_("Namen veröffentlichen"), default=False)
    status = models.CharField(
        _("Stand"), max_length=20, choices=SuggestionStatus.choices, default=SuggestionStatus.UNCONFIRMED
    )
    token = models.UUIDField(_("Token"), default=uuid.uuid4, unique=True, editable=False)
    paper = models.ForeignKey(
        "council.Paper",
        verbose_name=_("Drucksache"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    committee = models.ForeignKey(
        "council.Organization",
        verbose_name=_("zuständiger Ausschuss"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision = models.TextField(_("Entscheidung"), blank=True)
    created = models.DateTimeField(_("eingereicht am"), auto_now_add=True, db_index=True)
    confirmed_at = models.DateTimeField(_("bestätigt am"), null=True, blank=True)
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True, db_index=True)
    anonymised_at = models.DateTimeField(_("anonymisiert am"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("Anregung oder Beschwerde")
        verbose_name_plural = _("Anregungen und Beschwerden")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def public_author(self) -> str:
        """How the petitioner appears in public: by name only with consent (pseudonymous by default)."""
        return self.name if self.show_name and self.name else str(_("eine Einwohnerin oder ein Einwohner"))


class SuggestionEvent(models.Model):
    """One step in a submission's history, as the petitioner sees it on their private page."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("Stand"), max_length=20, choices=SuggestionStatus.choices)
    note = models.TextField(_("Hinweis"), blank=True)
    created = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("Schritt")
        verbose_name_plural = _("Schritte")

    def __str__(self) -> str:
        return f"{self.suggestion_id}: {self.status}"


class ResidentsMotion(models.Model):
    """Einwohnerantrag (§ 25 GO NRW): residents oblige the council to deliberate and decide a matter.
    It needs a specific request, a reason and up to three representatives (Abs. 2) and the support of
    a share of the residents set by Abs. 3, counted here from verified identities."""

    title = models.CharField(_("Titel"), max_length=200)
    request = models.TextField(_("Begehren"), max_length=4000, help_text=_("Was soll der Rat beschließen?"))
    reasoning = models.TextField(_("Begründung"), max_length=8000)
    representatives = models.CharField(
        _("Vertretungsberechtigte (bis zu drei Personen)"), max_length=400, help_text=_("Namen, durch Komma getrennt")
    )
    initiator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Initiator"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("Stand"), max_length=20, choices=MotionStatus.choices, default=MotionStatus.REVIEW)
    threshold = models.PositiveIntegerField(_("erforderliche Unterstützungen"), default=0)
    support_count = models.PositiveIntegerField(_("Unterstützungen"), default=0)
    deadline = models.DateField(_("Sammelfrist bis"), null=True, blank=True)
    token = models.UUIDField(_("Token"), default=uuid.uuid4, unique=True, editable=False)
    paper = models.ForeignKey(
        "council.Paper",
        verbose_name=_("Drucksache"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision = models.TextField(_("Entscheidung oder Begründung"), blank=True)
    created = models.DateTimeField(_("angelegt"), auto_now_add=True)
    opened_at = models.DateTimeField(_("Sammlung begonnen"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("Quorum erreicht"), null=True, blank=True)
    decided_at = models.DateTimeField(_("abgeschlossen"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("Einwohnerantrag")
        verbose_name_plural = _("Einwohneranträge")

    def __str__(self) -> str:
        return self.title

    @property
    def progress_percent(self) -> int:
        return min(100, round(100 * self.support_count / self.threshold)) if self.threshold else 0


class ResidentsMotionSupport(models.Model):
    """One verified person's support. § 25 Abs. 4 asks for name, first name, date of birth and address,
    which the municipality checks; the identity key (a hash of provider and subject) makes it one per person."""

    motion = models.ForeignKey(ResidentsMotion, on_delete=models.CASCADE, related_name="supports")
    identity_key = models.CharField(_("Identitätsschlüssel (Hash)"), max_length=64)
    given_name = models.CharField(_("Vorname"), max_length=150)
    family_name = models.CharField(_("Familienname"), max_length=150)
    birth_date = models.DateField(_("Geburtsdatum"), null=True)
    address = models.CharField(_("Anschrift"), max_length=300)
    assurance_level = models.CharField(_("Vertrauensniveau"), max_length=20)
    valid = models.BooleanField(_("gültig"), default=True)
    created = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["motion", "identity_key"], name="participation_support_once")]
        verbose_name = _("Unterstützung")
        verbose_name_plural = _("Unterstützungen")

    def __str__(self) -> str:
        return f"{self.motion_id}: {self.family_name}"


class Consultation(models.Model):
    """Beteiligungsverfahren: a time-limited public comment phase on a council paper, a plan or a pilot
    project. The administration moderates the comments and writes a summary, which the council office
    registers as a Mitteilung to the deciding body (an OParl paper)."""

    title = models.CharField(_("Titel"), max_length=200)
    summary = models.TextField(_("Worum es geht"), max_length=4000)
    text = models.TextField(_("Beschreibung"), max_length=20000, blank=True)
    paper = models.ForeignKey(
        "council.Paper",
        verbose_name=_("Drucksache"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    project = models.ForeignKey(
        "programme.Project",
        verbose_name=_("Modellprojekt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
    )
    deciding_body = models.ForeignKey(
        "council.Organization",
        verbose_name=_("entscheidendes Gremium"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    with_map = models.BooleanField(_("Beiträge mit Ort auf der Karte"), default=True)
    status = models.CharField(
        _("Stand"), max_length=20, choices=ConsultationStatus.choices, default=ConsultationStatus.DRAFT
    )
    result = models.TextField(_("Zusammenfassung der Ergebnisse"), max_length=20000, blank=True)
    result_paper = models.ForeignKey(
        "council.Paper",
        verbose_name=_("Mitteilung an den Rat"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("angelegt von"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("angelegt"), auto_now_add=True)
    summarised_at = models.DateTimeField(_("Ergebnis übergeben"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("Beteiligungsverfahren")
        verbose_name_plural = _("Beteiligungsverfahren")
        permissions = [("manage_consultations", _("Beteiligungsverfahren durchführen und moderieren"))]

    def __str__(self) -> str:
        return self.title

    def phase(self, now=None) -> str:
        """ "draft", "upcoming", "open" or "closed" – what the public and the form follow."""
        from django.utils import timezone

        if self.status == ConsultationStatus.DRAFT:
            return "draft"
        now = now or timezone.now()
        if now < self.starts_at:
            return "upcoming"
        return "open" if now < self.ends_at else "closed"


class ConsultationDocument(models.Model):
    """A document under consultation (plan, draft, report): PDF, checked like other uploads."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("Titel"), max_length=200)
    file = models.FileField(_("Datei (PDF)"), upload_to="participation/consultations/%Y/")
    size = models.PositiveIntegerField(_("Größe in Byte"), default=0)
    created = models.DateTimeField(_("hochgeladen"), auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")

    def __str__(self) -> str:
        return self.title


class ConsultationComment(models.Model):
    """A resident's comment, optionally with a place. Shown under a pseudonym unless the author agrees to
    their name; pre-moderated when PARTICIPATION_PREMODERATION is on (the default)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Konto"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    number = models.PositiveIntegerField(_("Nummer im Verfahren"))
    text = models.TextField(_("Ihr Beitrag"), max_length=4000)
    show_name = models.BooleanField(_("Namen anzeigen"), default=False)
    author_name = models.CharField(_("angezeigter Name"), max_length=150, blank=True)
    lat = models.FloatField(_("Breite"), null=True, blank=True)
    lon = models.FloatField(_("Länge"), null=True, blank=True)
    status = models.CharField(_("Stand"), max_length=20, choices=CommentStatus.choices, default=CommentStatus.PENDING)
    reject_reason = models.CharField(_("Grund"), max_length=20, choices=RejectReason.choices, blank=True)
    answer = models.TextField(_("Antwort der Verwaltung"), max_length=4000, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderiert von"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderiert am"), null=True, blank=True)
    created = models.DateTimeField(_("eingereicht am"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "number"], name="participation_comment_number_once")
        ]
        verbose_name = _("Beitrag")
        verbose_name_plural = _("Beiträge")

    def __str__(self) -> str:
        return f"{self.consultation_id}#{self.number}"

    @property
    def public_author(self) -> str:
        if self.show_name and self.author_name:
            return self.author_name
        return str(_("Beitrag %(n)s")) % {"n": self.number}

    @property
    def has_place(self) -> bool:
        return self.lat is not None and self.lon is not None


class Idea(models.Model):
    """A resident's idea for the model municipality in one of the eight sectors (or eGovernment). Others
    support it; the programme office may turn it into a draft pilot project, and the idea's page then
    follows that project's progress (accountability)."""

    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), max_length=4000)
    sector = models.ForeignKey(
        "core.Sector", verbose_name=_("Bereich"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Konto"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    show_name = models.BooleanField(_("Namen anzeigen"), default=False)
    author_name = models.CharField(_("angezeigter Name"), max_length=150, blank=True)
    status = models.CharField(_("Stand"), max_length=20, choices=IdeaStatus.choices, default=IdeaStatus.PENDING)
    reject_reason = models.CharField(_("Grund"), max_length=20, choices=RejectReason.choices, blank=True)
    answer = models.TextField(_("Antwort des Programmbüros"), max_length=4000, blank=True)
    support_count = models.PositiveIntegerField(_("Unterstützungen"), default=0)
    project = models.ForeignKey(
        "programme.Project",
        verbose_name=_("Projektentwurf"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    created = models.DateTimeField(_("eingereicht am"), auto_now_add=True, db_index=True)
    moderated_at = models.DateTimeField(_("geprüft am"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("Idee")
        verbose_name_plural = _("Ideen")

    def __str__(self) -> str:
        return self.title

    @property
    def public_author(self) -> str:
        if self.show_name and self.author_name:
            return self.author_name
        return str(_("eine Einwohnerin oder ein Einwohner"))


class IdeaSupport(models.Model):
    """One account supports an idea once (ideas bind nobody legally, so an account is enough)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="participation_idea_support_once")]
        verbose_name = _("Unterstützung einer Idee")
        verbose_name_plural = _("Unterstützungen von Ideen")

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.user_id}"


class Survey(models.Model):
    """A simple questionnaire: the questions are a JSON Schema, the same engine as online applications
    (egov.formschema). Answers are stored without the person; an account takes part once (Participation)."""

    title = models.CharField(_("Titel"), max_length=200)
    intro = models.TextField(_("Einleitung"), max_length=4000)
    schema = models.JSONField(_("Fragen (JSON Schema)"), default=dict)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    published = models.BooleanField(_("veröffentlicht"), default=False)
    response_count = models.PositiveIntegerField(_("Antworten"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("angelegt von"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("angelegt"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("Umfrage")
        verbose_name_plural = _("Umfragen")

    def __str__(self) -> str:
        return self.title

    def phase(self, now=None) -> str:
        from django.utils import timezone

        if not self.published:
            return "draft"
        now = now or timezone.now()
        if now < self.starts_at:
            return "upcoming"
        return "open" if now < self.ends_at else "closed"


class SurveyResponse(models.Model):
    """One set of answers, deliberately without account or time of day (only the date): results are
    counted, never traced back to a person."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    answers = models.JSONField(_("Antworten"), default=dict)
    day = models.DateField(_("Tag"))

    class Meta:
        verbose_name = _("Antwort")
        verbose_name_plural = _("Antworten")

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.pk}"


class SurveyParticipation(models.Model):
    """That an account took part (once per survey), kept apart from the answers."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="participation_survey_once")]
        verbose_name = _("Teilnahme")
        verbose_name_plural = _("Teilnahmen")

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.user_id}"
