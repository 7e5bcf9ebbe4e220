"""The payment providers of this installation.

`settings.PAYMENT_PROVIDERS` lists the real providers (dotted paths; the first is the default); the demo
provider is added only when `settings.DEMO_PROVIDERS` is on. With neither, online payment is unavailable
and `provider_get()` raises KeyError, which the egov services turn into a clear message."""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from .base import PaymentProvider

DEMO_PROVIDER = "modellkommune.contrib.payment.demo.DemoPaymentProvider"
_INSTANCES: dict[str, PaymentProvider] = {}


def register(provider: PaymentProvider) -> PaymentProvider:
    _INSTANCES[f"{type(provider).__module__}.{type(provider).__qualname__}"] = provider
    return provider


def provider_paths() -> list[str]:
    paths = list(getattr(settings, "PAYMENT_PROVIDERS", []) or [])
    if getattr(settings, "DEMO_PROVIDERS", False) and DEMO_PROVIDER not in paths:
        paths.append(DEMO_PROVIDER)
    return paths


def provider_list() -> list[PaymentProvider]:
    result = []
    for path in provider_paths():
        if path not in _INSTANCES:
            _INSTANCES[path] = import_string(path)()
        result.append(_INSTANCES[path])
    return result


def provider_get(key: str | None = None) -> PaymentProvider:
    """The enabled provider with this key, or the default one; KeyError for an unknown or disabled key."""
    providers = provider_list()
    if key is None:
        if not providers:
            raise KeyError("no payment provider enabled")
        return providers[0]
    for provider in providers:
        if provider.key == key:
            return provider
    raise KeyError(key)
