"""The interface every payment provider implements."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentStatus(models.TextChoices):
    OPEN = "open", _("offen")
    PAID = "paid", _("bezahlt")
    FAILED = "failed", _("fehlgeschlagen")


@dataclass(frozen=True)
class PaymentResult:
    status: str
    transaction_id: str = ""
    amount: Decimal | None = None
    message: str = ""


class PaymentProvider:
    """`start` returns the URL of the provider's checkout page; the provider sends the browser back
    to `return_url` with parameters that `complete` verifies (never trust the browser's word)."""

    key: str = ""
    label: str = ""
    is_demo: bool = False  # demo stand-ins: offered only with settings.DEMO_PROVIDERS, an error in check --deploy

    def start(self, *, reference: str, amount: Decimal, purpose: str, return_url: str) -> str:
        raise NotImplementedError

    def complete(self, *, reference: str, params: dict) -> PaymentResult:
        raise NotImplementedError
