"""The payment provider of this installation (settings.PAYMENT_PROVIDERS, dotted paths; first is default)."""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from .base import PaymentProvider

DEFAULT_PROVIDERS = ["modellkommune.contrib.payment.demo.DemoPaymentProvider"]
_REGISTRY: dict[str, PaymentProvider] = {}


def register(provider: PaymentProvider) -> PaymentProvider:
    _REGISTRY[provider.key] = provider
    return provider


def _paths() -> list[str]:
    return list(getattr(settings, "PAYMENT_PROVIDERS", DEFAULT_PROVIDERS))


def provider_get(key: str | None = None) -> PaymentProvider:
    """The provider with this key, or the default one; KeyError for an unknown key."""
    for path in _paths():
        cls = import_string(path)
        if cls.key not in _REGISTRY:
            register(cls())
    if key is None:
        key = import_string(_paths()[0]).key
    return _REGISTRY[key]
