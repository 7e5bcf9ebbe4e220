"""Writes owned by core: the audit trail and the municipality record."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import models

from .constants import AuditAction
from .models import AuditLogEntry, Municipality, Sector


def _plain(value: Any) -> Any:
    """A JSON-safe rendering of a field value for the audit trail."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def audit_snapshot(obj: models.Model) -> dict[str, Any]:
    """Concrete field values of a model instance, for diffing before and after a change."""
    return {f.attname: _plain(getattr(obj, f.attname)) for f in obj._meta.concrete_fields}


def audit_diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    message: str = "",
    changes: dict | None = None,
    ip_address: str | None = None,
) -> AuditLogEntry:
    """Append one entry to the audit trail. `actor` may be None for system jobs."""
    if action not in AuditAction.values:
        raise ValueError(f"unknown audit action {action!r}")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
    actor_repr = "System"
    if actor is not None and getattr(actor, "is_authenticated", False):
        actor_repr = actor.get_username()
    else:
        actor = None
    return AuditLogEntry.objects.create(
        actor=actor,
        actor_repr=actor_repr[:255],
        action=action,
        object_type=object_type[:100],
        object_id=object_id[:64],
        object_repr=object_repr[:255],
        message=message[:500],
        changes=_plain(changes or {}),
        ip_address=ip_address,
    )


def municipality_upsert(*, ags: str, **fields: Any) -> Municipality:
    municipality, _created = Municipality.objects.update_or_create(ags=ags, defaults=fields)
    site_sync()
    return municipality


def site_domain() -> str:
    """The host (and port) of settings.SITE_URL: what the Sites record must say."""
    from urllib.parse import urlsplit

    from django.conf import settings

    return urlsplit(settings.SITE_URL).netloc or "localhost"


def site_sync(*, using: str = "default", **_signal_kwargs: Any):
    """Make the Sites record (SITE_ID) say what the settings and the municipality say.

    allauth greets from it and builds links with it in every e-mail; Django's own default is
    "example.com". Runs after every migrate (post_migrate) and whenever the municipality changes."""
    from django.conf import settings
    from django.contrib.sites.models import Site
    from django.db import connections

    tables = connections[using].introspection.table_names()
    if Site._meta.db_table not in tables or Municipality._meta.db_table not in tables:
        return None  # a partial migrate: the next full one syncs
    first = Municipality.objects.using(using).order_by("pk").first()
    name = settings.SITE_NAME or (first.official_name or first.name if first else "") or site_domain()
    site, _created = Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": site_domain()[:100], "name": name[:50]}
    )
    return site


def sector_upsert(*, code: str, name: str, description: str = "", order: int = 0) -> Sector:
    sector, _created = Sector.objects.update_or_create(
        code=code, defaults={"name": name, "description": description, "order": order}
    )
    return sector
