"""Applications (Anträge), their files, internal notes and status history."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modellkommune.core.models import TimeStampedModel

from ..constants import OPEN_STATUSES, ApplicationStatus


class ReferenceCounter(models.Model):
    """The last reference number handed out per year (row-locked while counting)."""

    year = models.PositiveSmallIntegerField(_("Jahr"), unique=True)
    last = models.PositiveIntegerField(_("letzte Nummer"), default=0)

    class Meta:
        verbose_name = _("Aktenzeichen-Zähler")
        verbose_name_plural = _("Aktenzeichen-Zähler")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Application(TimeStampedModel):
    service = models.ForeignKey(
        "egov.Service", verbose_name=_("Leistung"), on_delete=models.PROTECT, related_name="applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Antragsteller/in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="egov_applications",
    )
    reference = models.CharField(_("Aktenzeichen"), max_length=20, unique=True, null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT, db_index=True
    )
    data = models.JSONField(_("Angaben"), default=dict, blank=True)
    schema_snapshot = models.JSONField(_("Formular bei Einreichung"), default=dict, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zugewiesen an"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="egov_assigned",
    )
    submitted_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True, db_index=True)
    due_date = models.DateField(_("Frist"), null=True, blank=True)
    closed_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymisiert am"), null=True, blank=True)
    identity_level = models.CharField(_("Vertrauensniveau bei Einreichung"), max_length=20, blank=True)
    receipt_pdf = models.BinaryField(_("Eingangsbestätigung (PDF)"), null=True, blank=True, editable=False)
    decision_pdf = models.BinaryField(_("Bescheid (PDF)"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("Antrag")
        verbose_name_plural = _("Anträge")
        indexes = [
            models.Index(fields=["status", "due_date"], name="egov_app_status_due"),
            # the back-office queue: open cases by deadline, read in index order and stopped after one page
            models.Index(
                fields=["due_date", "submitted_at"],
                condition=models.Q(status__in=["received", "in_progress", "info_requested"]),
                name="egov_app_open_queue",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or _("Entwurf %(pk)s") % {"pk": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("egov:application_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == ApplicationStatus.DRAFT

    @property
    def is_overdue(self) -> bool:
        return bool(self.due_date and self.status in OPEN_STATUSES and self.due_date < timezone.localdate())


class ApplicationFile(models.Model):
    """An attachment. Stored in the database so that no web server can hand it out without a permission check."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    field = models.CharField(_("Formularfeld"), max_length=100)
    name = models.CharField(_("Dateiname"), max_length=200)
    mime_type = models.CharField(_("Dateityp"), max_length=100)
    size = models.PositiveIntegerField(_("Größe (Byte)"))
    content = models.BinaryField(_("Inhalt"))
    created = models.DateTimeField(_("hochgeladen"), auto_now_add=True)

    class Meta:
        ordering = ["field", "id"]
        verbose_name = _("Anlage")
        verbose_name_plural = _("Anlagen")

    def __str__(self) -> str:
        return self.name


class ApplicationNote(models.Model):
    """An internal note of the back office; never shown to the applicant."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("Notiz"))
    created = models.DateTimeField(_("angelegt"), auto_now_add=True)

    class Meta:
        ordering = ["created"]
        verbose_name = _("interne Notiz")
        verbose_name_plural = _("interne Notizen")

    def __str__(self) -> str:
        return self.text[:60]


class StatusChange(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="status_changes")
    old_status = models.CharField(_("vorher"), max_length=20, choices=ApplicationStatus.choices, blank=True)
    new_status = models.CharField(_("nachher"), max_length=20, choices=ApplicationStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_repr = models.CharField(_("durch"), max_length=255, blank=True)
    comment = models.TextField(_("Mitteilung"), blank=True)
    created = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("Statusänderung")
        verbose_name_plural = _("Statusänderungen")

    def __str__(self) -> str:
        return f"{self.old_status} → {self.new_status}"
