"""Reads owned by core."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import AuditLogEntry, Department, Municipality, Sector


def municipality_current() -> Municipality | None:
    """The installation's municipality (the first one; an installation serves one town)."""
    return Municipality.objects.order_by("pk").first()


def sector_list() -> QuerySet[Sector]:
    return Sector.objects.order_by("order", "name")


def sector_get(*, code: str) -> Sector:
    return Sector.objects.get(code=code)


def department_list() -> QuerySet[Department]:
    return Department.objects.order_by("name")


def audit_log_for(*, object_type: str, object_id: str) -> QuerySet[AuditLogEntry]:
    return AuditLogEntry.objects.filter(object_type=object_type, object_id=str(object_id))
