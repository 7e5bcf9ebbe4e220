from django.db import models
from django.utils.translation import gettext_lazy as _


class SectorCode(models.TextChoices):
    """The eight sectors of urban development named by the state programme."""

    ENERGIE = "energie", _("Energie")
    GESUNDHEIT = "gesundheit", _("Gesundheit")
    VERKEHR = "verkehr", _("Verkehr")
    BILDUNG = "bildung", _("Bildung")
    HANDEL = "handel", _("Handel")
    SICHERHEIT = "sicherheit", _("Sicherheit")
    TOURISMUS = "tourismus", _("Tourismus")
    LEBENSQUALITAET = "lebensqualitaet", _("Lebensqualität")


class AuditAction(models.TextChoices):
    CREATE = "create", _("angelegt")
    UPDATE = "update", _("geändert")
    DELETE = "delete", _("gelöscht")
    ACTION = "action", _("Aktion")
