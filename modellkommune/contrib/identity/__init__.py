"""Identity providers (BundID, a Land's Servicekonto, a demo) behind one small interface.

A town picks providers in settings (`IDENTITY_PROVIDERS`, a list of dotted paths; the demo only with
`DEMO_PROVIDERS`); nothing else in the code names a concrete provider, so swapping one needs no `if` chain."""

from .base import AssuranceLevel, IdentityProvider, IdentityResult
from .registry import provider_get, provider_list, register

__all__ = ["AssuranceLevel", "IdentityProvider", "IdentityResult", "provider_get", "provider_list", "register"]
