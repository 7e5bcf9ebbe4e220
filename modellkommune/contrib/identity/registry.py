"""Which identity providers this installation offers (settings.IDENTITY_PROVIDERS, dotted paths)."""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from .base import IdentityProvider

DEFAULT_PROVIDERS = ["modellkommune.contrib.identity.demo.DemoBundIdProvider"]
_REGISTRY: dict[str, IdentityProvider] = {}


def register(provider: IdentityProvider) -> IdentityProvider:
    _REGISTRY[provider.key] = provider
    return provider


def _load() -> None:
    for path in getattr(settings, "IDENTITY_PROVIDERS", DEFAULT_PROVIDERS):
        cls = import_string(path)
        if cls.key not in _REGISTRY:
            register(cls())


def provider_list() -> list[IdentityProvider]:
    _load()
    return list(_REGISTRY.values())


def provider_get(key: str) -> IdentityProvider:
    """The provider with this key; KeyError for an unknown or disabled one."""
    _load()
    return _REGISTRY[key]
