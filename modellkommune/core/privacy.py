"""Which apps hold personal data, for "Meine Daten" and for account deletion.

Each module listed here offers `personal_data_export(*, user) -> dict[str, list]` (categories named
in German, as the export shows them) and `personal_data_erase(*, user) -> dict[str, int]` (what it
deleted or anonymised, run inside the deletion's transaction), and may offer
`personal_data_erase_blockers(*, user) -> list[str]` (reasons, in German, why the account cannot be
deleted yet). An app that is not installed is skipped."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import import_module
from types import ModuleType

from django.db.models import Q

PRIVACY_MODULES = (
    "modellkommune.egov.privacy",
    "modellkommune.egov.reports.privacy",
    "modellkommune.egov.appointments.privacy",
    "modellkommune.council.privacy",
    "modellkommune.portal.privacy",
    "modellkommune.participation.privacy",
)


def privacy_modules() -> Iterator[ModuleType]:
    for path in PRIVACY_MODULES:
        try:
            yield import_module(path)
        except ImportError:
            continue


def belongs_to(user) -> Q:
    """Rows of this person: linked to the account, or sent without logging in from its address
    (allauth makes the address verified, so it identifies the person)."""
    match = Q(user=user)
    if user.email:
        match |= Q(email__iexact=user.email)
    return match
