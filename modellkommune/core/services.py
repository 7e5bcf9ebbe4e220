"""Writes owned by core: the audit trail and the municipality record."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.conf import settings
from django.db import models

from .constants import AuditAction
from .models import AuditActor, AuditLogEntry, Municipality, Sector

ACCOUNT_SCOPE = "account"


def _is_staff(user) -> bool:
    return bool(getattr(user, "is_back_office", False) or user.is_staff or user.is_superuser)


def audit_pseudonym(*, user, scope: str = "") -> str:
    """The pseudonym under which `user` appears in the audit trail for `scope` (created on first use).

    Staff always use scope "" (their work stays attributable); citizens one pseudonym per scope."""
    if _is_staff(user):
        scope = ""
    label = user.get_username()[:255]
    mapping, created = AuditActor.objects.get_or_create(user=user, scope=scope[:170], defaults={"label": label})
    if not created and mapping.label != label:
        AuditActor.objects.filter(pk=mapping.pk).update(label=label)
    return mapping.pseudonym


def audit_pseudonyms_forget(*, user=None, scopes: list[str] | None = None) -> int:
    """Delete mappings, so that the audit entries carrying them name nobody any more.

    With `scopes`: the citizens' mappings of those objects (staff mappings stay). With `user`: all
    of that person's mappings (account deletion). Returns how many mappings were deleted."""
    mappings = AuditActor.objects.none()
    if user is not None:
        mappings = AuditActor.objects.filter(user=user)
    elif scopes:
        mappings = AuditActor.objects.filter(scope__in=[s for s in scopes if s])
    deleted, _detail = mappings.delete()
    return deleted


def _user_label() -> str:
    return settings.AUTH_USER_MODEL.lower()


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
    """Append one entry to the audit trail. `actor` may be None for system jobs.

    No personal data goes in directly: the actor is stored as a pseudonym, and an entry about a
    user account names it by that account's pseudonym, with field values of the change masked."""
    if action not in AuditAction.values:
        raise ValueError(f"unknown audit action {action!r}")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
    if object_type == _user_label():
        from django.contrib.auth import get_user_model

        subject = (
            obj
            if obj is not None
            else get_user_model().objects.filter(pk=int(object_id)).first()
            if object_id.isdecimal()
            else None
        )
        object_id = audit_pseudonym(user=subject, scope=ACCOUNT_SCOPE) if subject is not None else ""
        object_repr = "Benutzerkonto"
        changes = {key: ["…", "…"] for key in (changes or {})}
    pseudonym = ""
    if actor is not None and getattr(actor, "is_authenticated", False):
        scope = ACCOUNT_SCOPE if object_type == _user_label() else f"{object_type}:{object_id}"
        pseudonym = audit_pseudonym(user=actor, scope=scope)
    return AuditLogEntry.objects.create(
        actor_pseudonym=pseudonym,
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
