"""Fill a draft application with what an identity provider confirmed ("Daten übermitteln").

Which form field takes which confirmed value is written down explicitly: a property may name its
source with `x-identity` (given_name, family_name, birth_date, address); otherwise the usual field
names of our forms are matched (table below)."""

from __future__ import annotations

from django.db import transaction

from modellkommune.contrib.identity import IdentityResult

from ..constants import ApplicationStatus
from ..formschema import schema_errors
from ..models import Application
from .applications import _require_owner

IDENTITY_FIELD_NAMES = {
    "given_name": ("vorname", "given_name", "first_name"),
    "family_name": ("nachname", "family_name", "last_name"),
    "birth_date": ("geburtsdatum", "birth_date"),
    "address": ("anschrift", "address"),
}


def _identity_values(result: IdentityResult) -> dict[str, str]:
    return {
        "given_name": (result.given_name or "").strip(),
        "family_name": (result.family_name or "").strip(),
        "birth_date": result.birth_date.isoformat() if result.birth_date else "",
        "address": (result.address or "").strip(),
    }


def _target_fields(schema: dict) -> dict[str, str]:
    """form property → identity attribute it takes, in the form's order."""
    props = schema.get("properties", {})
    targets = {key: prop["x-identity"] for key, prop in props.items() if prop.get("x-identity") in IDENTITY_FIELD_NAMES}
    for source, names in IDENTITY_FIELD_NAMES.items():
        if source in targets.values():
            continue
        for name in names:
            if name in props and name not in targets and not props[name].get("x-file"):
                targets[name] = source
                break
    return {key: targets[key] for key in props if key in targets}


@transaction.atomic
def application_fill_from_identity(*, user, application: Application, result: IdentityResult) -> list[str]:
    """Copy the confirmed name, birth date and address into the draft's matching fields.

    Returns the titles of the fields filled. A value the form's schema would refuse (too long, wrong
    format) is left out rather than stored wrong."""
    _require_owner(user, application)
    if application.status != ApplicationStatus.DRAFT:
        return []
    schema = application.service.form_schema or {}
    values = _identity_values(result)
    data = dict(application.data or {})
    filled = []
    for key, source in _target_fields(schema).items():
        value = values[source]
        if not value:
            continue
        trial = {**data, key: value}
        if key in schema_errors(schema, trial, draft=True):
            continue
        data[key] = value
        filled.append(schema["properties"][key].get("title", key))
    if filled:
        application.data = data
        application.save(update_fields=["data", "modified"])
    return filled
