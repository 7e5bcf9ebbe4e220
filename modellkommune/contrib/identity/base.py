"""The interface every identity provider implements."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class AssuranceLevel(models.TextChoices):
    """Vertrauensniveau after eIDAS / TR-03107 (ordered from weakest to strongest)."""

    NONE = "", _("keines")
    LOW = "low", _("niedrig (Benutzername und Passwort)")
    SUBSTANTIAL = "substantial", _("substanziell (z. B. ELSTER-Zertifikat)")
    HIGH = "high", _("hoch (Online-Ausweis)")

    @classmethod
    def rank(cls, value: str) -> int:
        return [c.value for c in cls].index(value or "")


@dataclass(frozen=True)
class IdentityResult:
    """What a provider confirms about a person after a successful login."""

    provider: str
    subject: str  # the provider's stable pseudonymous id (bPK2 for BundID)
    assurance_level: str
    given_name: str = ""
    family_name: str = ""
    birth_date: date | None = None
    address: str = ""
    extra: dict = field(default_factory=dict)


class IdentityProvider:
    """Start a login at the provider and turn its answer into an IdentityResult.

    `start` returns the URL to send the browser to; `complete` reads the provider's callback
    parameters (a SAML response, an OIDC code) and returns the result or raises ValueError.

    `complete` must take the subject and the assurance level only from the provider's verified, signed
    assertion (never from anything the browser typed) and bind the answer to the session that started the
    login, so an assertion cannot be replayed in another browser."""

    key: str = ""
    label: str = ""
    is_demo: bool = False  # demo stand-ins: offered only with settings.DEMO_PROVIDERS, an error in check --deploy
    max_assurance_level: str = AssuranceLevel.LOW

    def start(self, *, request, return_url: str, assurance_level: str) -> str:
        raise NotImplementedError

    def complete(self, *, request, params: dict) -> IdentityResult:
        raise NotImplementedError
