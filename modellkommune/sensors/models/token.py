"""API tokens for write access to the SensorThings API. Only a SHA-256 hash is stored."""

import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    name = models.CharField(_("Name"), max_length=100, unique=True)
    token_hash = models.CharField(_("Token-Hash (SHA-256)"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("Anfang des Tokens"), max_length=8, editable=False, default="")
    scope_things = models.JSONField(
        _("Things"), default=list, blank=True, help_text=_("IDs der Things, die dieses Token schreiben darf.")
    )
    scope_sectors = models.JSONField(
        _("Sektoren"),
        default=list,
        blank=True,
        help_text=_("Kürzel der Sektoren (z. B. verkehr), deren Datenströme dieses Token schreiben darf."),
    )
    scope_all = models.BooleanField(
        _("alle Sektoren und Things"),
        default=False,
        help_text=_(
            "Globales Token (z. B. für den Betrieb): darf alles schreiben, auch geteilte Objekte anderer Sektoren."
        ),
    )
    active = models.BooleanField(_("aktiv"), default=True)
    created = models.DateTimeField(_("angelegt"), auto_now_add=True)
    last_used = models.DateTimeField(_("zuletzt benutzt"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("API-Token")
        verbose_name_plural = _("API-Tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
