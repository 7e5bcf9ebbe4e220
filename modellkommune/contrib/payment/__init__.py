"""Payment providers (ePayBL, pmPayment, a demo) behind one small interface.

settings.PAYMENT_PROVIDERS names the dotted paths of the provider classes (the demo only with
settings.DEMO_PROVIDERS); the egov app only calls `provider_get()` and the interface below."""

from .base import PaymentProvider, PaymentResult, PaymentStatus
from .registry import provider_get, provider_list, register

__all__ = ["PaymentProvider", "PaymentResult", "PaymentStatus", "provider_get", "provider_list", "register"]
