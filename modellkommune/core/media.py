"""Who may read an uploaded file under MEDIA_ROOT: a registry of path prefix → access function.

Each app that stores files registers its prefix (the `upload_to` of its FileFields) in `AppConfig.ready()`
with a function `(user, name) -> bool | None`: True may read, False may not (403), None means the app
knows no object stored under that name (404). A name under no registered prefix is denied: new uploads
stay private until their app says otherwise. `core.views_media.media_serve` asks this registry before it
streams a file or hands it to nginx through X-Accel-Redirect.
"""

from __future__ import annotations

from collections.abc import Callable

AccessCheck = Callable[..., bool | None]

_registry: dict[str, AccessCheck] = {}


def register(prefix: str, check: AccessCheck) -> None:
    """Register `check` for every file whose storage name starts with `prefix` (ending in "/")."""
    if not prefix.endswith("/"):
        raise ValueError("A media prefix must end with '/'.")
    _registry[prefix] = check


def access_check_for(name: str) -> AccessCheck | None:
    """The longest registered prefix wins, so an app may register a more specific sub-folder."""
    matches = [prefix for prefix in _registry if name.startswith(prefix)]
    return _registry[max(matches, key=len)] if matches else None


def may_read(*, user, name: str) -> bool | None:
    check = access_check_for(name)
    if check is None:
        return False
    return check(user=user, name=name)
