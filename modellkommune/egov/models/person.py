"""What identity and payment providers confirmed (the providers themselves live in contrib/)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from modellkommune.contrib.identity.base import AssuranceLevel
from modellkommune.contrib.payment.base import PaymentStatus


class IdentityVerification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="egov_identities")
    provider = models.CharField(_("Identitätsdienst"), max_length=50)
    subject = models.CharField(_("Kennung beim Dienst"), max_length=200)
    assurance_level = models.CharField(_("Vertrauensniveau"), max_length=20, choices=AssuranceLevel.choices)
    given_name = models.CharField(_("Vorname"), max_length=150, blank=True)
    family_name = models.CharField(_("Familienname"), max_length=150, blank=True)
    birth_date = models.DateField(_("Geburtsdatum"), null=True, blank=True)
    verified_at = models.DateTimeField(_("bestätigt am"), auto_now_add=True)

    class Meta:
        ordering = ["-verified_at"]
        verbose_name = _("Identitätsnachweis")
        verbose_name_plural = _("Identitätsnachweise")

    def __str__(self) -> str:
        return f"{self.provider} ({self.assurance_level})"


class Payment(models.Model):
    application = models.ForeignKey("egov.Application", on_delete=models.CASCADE, related_name="payments")
    provider = models.CharField(_("Bezahldienst"), max_length=50)
    amount = models.DecimalField(_("Betrag (Euro)"), max_digits=8, decimal_places=2, default=Decimal("0"))
    status = models.CharField(_("Status"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.OPEN)
    transaction_id = models.CharField(_("Transaktionsnummer"), max_length=100, blank=True)
    created = models.DateTimeField(_("angelegt"), auto_now_add=True)
    paid_at = models.DateTimeField(_("bezahlt am"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("Zahlung")
        verbose_name_plural = _("Zahlungen")

    def __str__(self) -> str:
        return f"{self.amount} € ({self.status})"
