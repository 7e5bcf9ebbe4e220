"""Open311 API keys. Only a SHA-256 hash is stored; the key itself is shown once when made."""

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def api_key_hash(raw: str) -> str:
    # The keys are 256-bit random tokens, so a fast hash is enough (no dictionary to guess from).
    return hashlib.sha256(raw.encode()).hexdigest()


def api_key_generate() -> str:
    return "o311_" + secrets.token_urlsafe(32)


class ApiKey(models.Model):
    name = models.CharField(_("Name"), max_length=100, unique=True, help_text=_("Wer die Schnittstelle nutzt."))
    prefix = models.CharField(_("Anfang des Schlüssels"), max_length=12, editable=False)
    key_hash = models.CharField(_("Prüfsumme"), max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("aktiv"), default=True)
    created = models.DateTimeField(_("angelegt"), auto_now_add=True)
    last_used = models.DateTimeField(_("zuletzt benutzt"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Open311-API-Schlüssel")
        verbose_name_plural = _("Open311-API-Schlüssel")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
