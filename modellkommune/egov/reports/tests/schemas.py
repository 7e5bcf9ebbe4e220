"""Validate responses against the Open311 schemas in testdata/open311/ (no network)."""

import datetime as dt
import json
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SCHEMA_DIR = Path(settings.BASE_DIR) / "testdata" / "open311"

# jsonschema checks "date-time" and "uri" only with optional packages; check them here so the formats count.
FORMATS = FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value) -> bool:
    if not isinstance(value, str):
        return True
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed.tzinfo is not None and "T" in value


@FORMATS.checks("uri")
def _uri(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlparse(value)
    return bool(parts.scheme and parts.netloc)


def _load(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


REGISTRY = Registry().with_resources(
    (name, Resource.from_contents(_load(name), default_specification=DRAFT4))
    for name in ("request.json", "service.json")
)


def validate(data, schema_name: str) -> None:
    Draft4Validator(_load(schema_name), registry=REGISTRY, format_checker=FORMATS).validate(data)
