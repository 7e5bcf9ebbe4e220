"""Residents' participation. § 24 GO NRW: everyone may address suggestions and complaints to the council."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import MotionStatus, SuggestionKind, SuggestionStatus


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
