"""Payment providers (ePayBL, pmPayment, a demo) behind one small interface.

settings.PAYMENT_PROVIDER names the dotted path of the provider class; the egov app only calls
`provider_get()` and the interface below."""

from .base import PaymentProvider, PaymentResult, PaymentStatus
from .registry import provider_get, register

__all__ = ["PaymentProvider", "PaymentResult", "PaymentStatus", "provider_get", "register"]
