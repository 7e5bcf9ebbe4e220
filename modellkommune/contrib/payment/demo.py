"""A local demo payment provider: a checkout page in this app and a signed confirmation token.

Stands in for ePayBL or a commercial e-payment service; no money moves."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.core import signing
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .base import PaymentProvider, PaymentResult, PaymentStatus

SALT = "modellkommune.payment.demo"
MAX_AGE_SECONDS = 1800


class DemoPaymentProvider(PaymentProvider):
    key = "demo"
    label = _("Demo-Bezahldienst")
    is_demo = True

    def start(self, *, reference: str, amount: Decimal, purpose: str, return_url: str) -> str:
        token = signing.dumps(
            {"ref": reference, "amount": str(amount), "purpose": purpose, "ret": return_url}, salt=SALT
        )
        return f"{reverse('egov:payment_demo')}?{urlencode({'t': token})}"

    def checkout(self, token: str) -> dict:
        """The checkout page reads what it is asked to collect (ValueError if tampered with)."""
        try:
            return signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
        except signing.BadSignature as exc:
            raise ValueError("invalid checkout token") from exc

    def confirm(self, token: str, *, success: bool) -> str:
        data = self.checkout(token)
        receipt = {"ref": data["ref"], "amount": data["amount"], "ok": success, "tx": "DEMO-" + secrets.token_hex(6)}
        return data["ret"] + ("&" if "?" in data["ret"] else "?") + urlencode({"r": signing.dumps(receipt, salt=SALT)})

    def complete(self, *, reference: str, params: dict) -> PaymentResult:
        try:
            data = signing.loads(params.get("r", ""), salt=SALT, max_age=MAX_AGE_SECONDS)
        except signing.BadSignature:
            return PaymentResult(status=PaymentStatus.FAILED, message="invalid signature")
        if data["ref"] != reference:
            return PaymentResult(status=PaymentStatus.FAILED, message="reference mismatch")
        status = PaymentStatus.PAID if data["ok"] else PaymentStatus.FAILED
        return PaymentResult(status=status, transaction_id=data["tx"], amount=Decimal(data["amount"]))
