"""Which identity providers this installation offers.

`settings.IDENTITY_PROVIDERS` lists the real providers (dotted paths); the demo BundID is added only when
`settings.DEMO_PROVIDERS` is on (dev settings and `make run`). Production therefore offers nothing the
operator did not name, and `manage.py check --deploy` reports a demo provider as an error."""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from .base import IdentityProvider

DEMO_PROVIDER = "modellkommune.contrib.identity.demo.DemoBundIdProvider"
_INSTANCES: dict[str, IdentityProvider] = {}


def register(provider: IdentityProvider) -> IdentityProvider:
    """Keep one instance per class path (providers are stateless; settings decide which are offered)."""
    _INSTANCES[f"{type(provider).__module__}.{type(provider).__qualname__}"] = provider
    return provider


def provider_paths() -> list[str]:
    paths = list(getattr(settings, "IDENTITY_PROVIDERS", []) or [])
    if getattr(settings, "DEMO_PROVIDERS", False) and DEMO_PROVIDER not in paths:
        paths.append(DEMO_PROVIDER)
    return paths


def _instance(path: str) -> IdentityProvider:
    if path not in _INSTANCES:
        _INSTANCES[path] = import_string(path)()
    return _INSTANCES[path]


def provider_list() -> list[IdentityProvider]:
    """The providers enabled by the current settings, in their configured order."""
    return [_instance(path) for path in provider_paths()]


def provider_get(key: str) -> IdentityProvider:
    """The enabled provider with this key; KeyError for an unknown or disabled one."""
    for provider in provider_list():
        if provider.key == key:
            return provider
    raise KeyError(key)
