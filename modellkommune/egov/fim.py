"""Import of FIM data schemas (Stammdatenschema, JSON Schema export of the FIM schema repository).

FIM nests data field groups (G…) and data fields (F…) through `$defs` and `$ref`. Our form renderer
wants a flat object, so groups are flattened: a field's key is its path of FIM ids (`g60000086_f60000227`)
and its group's title becomes the fieldset legend (`x-group`). Repeating groups keep their first item."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .formschema import schema_check

_KEPT = (
    "type",
    "title",
    "description",
    "enum",
    "x-enumNames",
    "oneOf",
    "format",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "const",
    "items",
)
MAX_DEPTH = 6


def _resolve(node: dict, defs: dict, seen: tuple = ()) -> dict:
    ref = node.get("$ref")
    if not ref:
        return node
    if not ref.startswith("#/$defs/") and not ref.startswith("#/definitions/"):
        raise ValidationError(_("Externe Verweise werden nicht unterstützt: %(r)s") % {"r": ref})
    name = ref.rsplit("/", 1)[1]
    if name in seen or name not in defs:
        raise ValidationError(_("Verweis nicht auflösbar: %(r)s") % {"r": ref})
    merged = {**_resolve(defs[name], defs, (*seen, name)), **{k: v for k, v in node.items() if k != "$ref"}}
    return merged


def _key(part: str) -> str:
    return re.sub(r"[^a-z0-9_]", "_", part.lower()).strip("_") or "feld"


def fim_to_form_schema(fim: dict) -> dict:
    """Turn a FIM JSON schema into this app's flat form schema; ValidationError on anything unusable."""
    if not isinstance(fim, dict) or fim.get("type") != "object":
        raise ValidationError(_("Das ist kein FIM-Datenschema (es fehlt „type“: „object“)."))
    defs = {**fim.get("definitions", {}), **fim.get("$defs", {})}
    properties: dict[str, dict] = {}
    required: list[str] = []

    def walk(node: dict, prefix: str, group: str, parent_required: bool, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise ValidationError(_("Das Datenschema ist zu tief verschachtelt."))
        node = _resolve(node, defs)
        req = set(node.get("required", []))
        for name, child in node.get("properties", {}).items():
            child = _resolve(child, defs)
            if child.get("type") == "array" and child.get("items", {}).get("type") == "object":
                child = _resolve(child["items"], defs) | {"title": child.get("title", "")}
            key = f"{prefix}_{_key(name)}" if prefix else _key(name)
            if child.get("type") == "object":
                walk(child, key, child.get("title") or group, parent_required and name in req, depth + 1)
                continue
            prop = {k: child[k] for k in _KEPT if k in child}
            if prop.get("type") == "array":
                prop["items"] = _resolve(prop.get("items", {}), defs)
            prop.setdefault("title", name)
            if group:
                prop["x-group"] = group
            if "$comment" in child or "x-fim-id" in child:
                prop["x-fim-id"] = name
            properties[key] = prop
            if parent_required and name in req:
                required.append(key)

    walk(fim, "", "", True, 0)
    if not properties:
        raise ValidationError(_("Das Datenschema enthält keine Datenfelder."))
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "title": fim.get("title", ""),
        "x-source": fim.get("$id", "FIM"),
        "properties": properties,
        "required": required,
    }
    schema_check(schema)
    return schema
