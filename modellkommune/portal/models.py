from django.db import models
from django.utils.translation import gettext_lazy as _

from modellkommune.core.models import TimeStampedModel


class ContactMessage(TimeStampedModel):
    """A message from the public contact form, including the feedback mechanism BITV 2.0 § 7 asks for."""

    class Topic(models.TextChoices):
        GENERAL = "general", _("Allgemeine Anfrage")
        ACCESSIBILITY = "accessibility", _("Barriere melden")
        DATA = "data", _("Offene Daten und Schnittstellen")

    topic = models.CharField(_("Thema"), max_length=20, choices=Topic.choices, default=Topic.GENERAL)
    name = models.CharField(_("Name"), max_length=200)
    email = models.EmailField(_("E-Mail-Adresse"))
    subject = models.CharField(_("Betreff"), max_length=200)
    message = models.TextField(_("Nachricht"), max_length=5000)
    page_url = models.CharField(_("betroffene Seite"), max_length=500, blank=True)
    handled = models.BooleanField(_("erledigt"), default=False)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("Kontaktanfrage")
        verbose_name_plural = _("Kontaktanfragen")

    def __str__(self) -> str:
        return f"{self.subject} ({self.email})"
