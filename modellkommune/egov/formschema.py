"""Forms defined as data: a JSON Schema per service, rendered as an accessible Django form and
validated server-side with `jsonschema` (the same schema is the single source of truth).

Supported in a property: type string/integer/number/boolean, array of enum (checkboxes), `enum` or
`oneOf` with const/title (select), `format` email/date, `minLength`/`maxLength`/`pattern`,
`minimum`/`maximum`, `x-widget: textarea`, `x-formatHint` (the expected format in words, shown as
help and in the error message of a `pattern`), `x-group` (fieldset legend) and file attachments
(`"type": "string", "x-file": {"accept": [MIME types], "maxBytes": n}`; the data holds the file name).
Conditional fields: top-level `allOf` of `if`/`then` blocks, or `dependentRequired`/`dependentSchemas`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import SchemaError

from .constants import DEFAULT_ALLOWED_MIME_TYPES, MAX_UPLOAD_BYTES

SUPPORTED_TYPES = {"string", "integer", "number", "boolean", "array"}


def schema_check(schema: dict) -> None:
    """Raise ValidationError (German, naming the property) if staff saved an unusable form schema."""
    if not schema:
        return
    if not isinstance(schema, dict):
        raise ValidationError(_("Das Formular muss ein JSON-Objekt sein."))
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        raise ValidationError(_("Das JSON Schema ist ungültig: %(m)s") % {"m": exc.message}) from exc
    if schema.get("type") != "object" or not isinstance(schema.get("properties"), dict):
        raise ValidationError(_("Das Formular braucht „type“: „object“ und „properties“."))
    for key, prop in schema["properties"].items():
        if not key.replace("_", "").isalnum():
            raise ValidationError(_("Feldname „%(k)s“: nur Buchstaben, Ziffern und Unterstrich.") % {"k": key})
        if prop.get("type") not in SUPPORTED_TYPES:
            raise ValidationError(
                _("Feld „%(k)s“: Typ „%(t)s“ wird nicht unterstützt.") % {"k": key, "t": prop.get("type")}
            )
        if prop.get("type") == "array" and not _choices(prop.get("items", {})):
            raise ValidationError(_("Feld „%(k)s“: Listen brauchen „items“ mit „enum“.") % {"k": key})
    for name in schema.get("required", []):
        if name not in schema["properties"]:
            raise ValidationError(_("Pflichtfeld „%(k)s“ ist nicht definiert.") % {"k": name})


def _choices(prop: dict) -> list[tuple[Any, str]]:
    if "enum" in prop:
        names = prop.get("x-enumNames") or [str(v) for v in prop["enum"]]
        return list(zip(prop["enum"], names, strict=False))
    if "oneOf" in prop and all("const" in o for o in prop["oneOf"]):
        return [(o["const"], o.get("title", str(o["const"]))) for o in prop["oneOf"]]
    return []


def file_fields(schema: dict) -> dict[str, dict]:
    """Properties that are file attachments, with their accept list and size limit."""
    out = {}
    for key, prop in schema.get("properties", {}).items():
        spec = prop.get("x-file")
        if spec:
            spec = spec if isinstance(spec, dict) else {}
            out[key] = {
                "accept": list(spec.get("accept") or DEFAULT_ALLOWED_MIME_TYPES),
                "max_bytes": min(int(spec.get("maxBytes") or MAX_UPLOAD_BYTES), MAX_UPLOAD_BYTES),
            }
    return out


def conditional_notes(schema: dict) -> dict[str, str]:
    """A human sentence for each field that becomes required only under a condition."""
    props = schema.get("properties", {})

    def label(key: str) -> str:
        return props.get(key, {}).get("title", key)

    notes: dict[str, str] = {}
    for block in schema.get("allOf", []):
        cond = block.get("if", {}).get("properties", {})
        then_required = block.get("then", {}).get("required", [])
        parts = []
        for key, rule in cond.items():
            if "const" in rule:
                value = rule["const"]
                shown = dict(_choices(props.get(key, {}))).get(value, value)
                if value is True:
                    shown = _("ja")
                parts.append(_("„%(f)s“ ist „%(v)s“") % {"f": label(key), "v": shown})
            elif "enum" in rule:
                names = dict(_choices(props.get(key, {})))
                shown = _(" oder ").join(f"„{names.get(v, v)}“" for v in rule["enum"])
                parts.append(_("„%(f)s“ ist %(v)s") % {"f": label(key), "v": shown})
        for name in then_required:
            if parts:
                notes[name] = _("Pflichtangabe, wenn %(c)s.") % {"c": _(" und ").join(parts)}
    for trigger, names in schema.get("dependentRequired", {}).items():
        for name in names:
            notes[name] = _("Pflichtangabe, wenn „%(f)s“ ausgefüllt ist.") % {"f": label(trigger)}
    for trigger, sub in schema.get("dependentSchemas", {}).items():
        for name in sub.get("required", []):
            notes[name] = _("Pflichtangabe, wenn „%(f)s“ ausgefüllt ist.") % {"f": label(trigger)}
    return notes


def conditional_triggers(schema: dict) -> dict[str, tuple[str, str]]:
    """For progressive enhancement: field → (trigger field, value) when a simple `const` condition shows it.
    An empty value means "shown once the trigger is filled in" (dependentRequired / dependentSchemas)."""
    triggers: dict[str, tuple[str, str]] = {}
    for block in schema.get("allOf", []):
        cond = block.get("if", {}).get("properties", {})
        if len(cond) == 1:
            ((key, rule),) = cond.items()
            if "const" in rule and not isinstance(rule["const"], bool):
                for name in block.get("then", {}).get("required", []):
                    triggers[name] = (key, str(rule["const"]))
    for trigger, names in schema.get("dependentRequired", {}).items():
        for name in names:
            triggers.setdefault(name, (trigger, ""))
    return triggers


def format_hint(prop: dict) -> str:
    """The expected format in words, from the schema's `x-formatHint` (or, failing that, an `examples` entry)."""
    hint = prop.get("x-formatHint") or ""
    if not hint and prop.get("pattern") and prop.get("examples"):
        hint = _("Zum Beispiel: %(e)s") % {"e": prop["examples"][0]}
    return str(hint)


def _field_for(prop: dict, *, required: bool, help_text: str) -> forms.Field:
    kwargs = {"label": prop.get("title") or "", "required": required, "help_text": help_text}
    choices = _choices(prop)
    ptype = prop.get("type")
    if prop.get("x-file"):
        return forms.FileField(**kwargs)
    if ptype == "array":
        return forms.MultipleChoiceField(
            choices=[(str(v), n) for v, n in _choices(prop.get("items", {}))],
            widget=forms.CheckboxSelectMultiple,
            **kwargs,
        )
    if choices:
        return forms.TypedChoiceField(
            choices=[("", _("Bitte wählen"))] + [(str(v), n) for v, n in choices],
            coerce=lambda s, _c=choices: next((v for v, _n in _c if str(v) == s), s),
            **kwargs,
        )
    if ptype == "boolean":
        return forms.BooleanField(**kwargs)
    if ptype == "integer":
        return forms.IntegerField(min_value=prop.get("minimum"), max_value=prop.get("maximum"), **kwargs)
    if ptype == "number":
        return forms.DecimalField(min_value=prop.get("minimum"), max_value=prop.get("maximum"), **kwargs)
    if prop.get("format") == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **kwargs)
    if prop.get("format") == "email":
        return forms.EmailField(max_length=prop.get("maxLength"), **kwargs)
    widget = forms.Textarea(attrs={"rows": 4}) if prop.get("x-widget") == "textarea" else None
    return forms.CharField(max_length=prop.get("maxLength"), widget=widget, **kwargs)


class SchemaForm(forms.Form):
    """A Django form built from a service's JSON Schema. `draft=True` makes every field optional."""

    def __init__(self, *args, schema: dict, draft: bool = False, existing_files: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.schema = schema
        self.existing_files = existing_files or {}
        self.groups: list[tuple[str, list[str]]] = []
        self._base_help: dict[str, str] = {}
        required = set(schema.get("required", []))
        notes = conditional_notes(schema)
        triggers = conditional_triggers(schema)
        for key, prop in schema.get("properties", {}).items():
            help_parts = [prop.get("description", ""), notes.get(key, ""), format_hint(prop)]
            if prop.get("x-file"):
                help_parts.append(self._file_help(key, prop))
            self._base_help[key] = " ".join(p for p in help_parts if p)
            is_required = key in required and not draft and key not in self.existing_files
            field = _field_for(prop, required=is_required, help_text=self._help_text(key))
            field.widget.attrs["aria-describedby"] = f"{self.auto_id % key}_helptext"
            if key in triggers and not draft:
                field.widget.attrs["data-egov-if-field"] = triggers[key][0]
                field.widget.attrs["data-egov-if-value"] = triggers[key][1]
            self.fields[key] = field
            group = prop.get("x-group", "")
            if not self.groups or self.groups[-1][0] != group:
                self.groups.append((group, []))
            self.groups[-1][1].append(key)
        self.draft = draft

    def _help_text(self, key: str) -> str:
        if key not in self.existing_files:
            return self._base_help[key]
        kept = _("Bereits hochgeladen: %(n)s. Wählen Sie nur dann eine Datei, wenn Sie sie ersetzen möchten.") % {
            "n": self.existing_files[key]
        }
        return f"{self._base_help[key]} {kept}".strip()

    def files_kept(self, kept: dict[str, str]) -> None:
        """After a failed validation the uploads were stored for the draft: say so, and ask for no new file."""
        for key, name in kept.items():
            if key in self.fields:
                self.existing_files[key] = name
                self.fields[key].required = False
                self.fields[key].help_text = self._help_text(key)
                self._bound_fields_cache.pop(key, None)  # BoundField copies help_text when created

    def _file_help(self, key: str, prop: dict) -> str:
        spec = file_fields({"properties": {key: prop}})[key]
        kinds = ", ".join(m.split("/")[-1].upper() for m in spec["accept"])
        return _("Erlaubt: %(k)s, höchstens %(mb)s MB.") % {
            "k": kinds,
            "mb": number_format(round(spec["max_bytes"] / 2**20, 1), decimal_pos=1, use_l10n=True),
        }

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:  # link the error text to the field for screen readers
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self.auto_id % name}_helptext {self.auto_id % name}_error"

    def grouped_fields(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.groups]

    def to_data(self) -> dict:
        """cleaned_data as JSON (ISO dates, numbers); empty values are left out so `required` works."""
        data: dict[str, Any] = {}
        for key, value in self.cleaned_data.items():
            if hasattr(value, "read"):  # an uploaded file: its name stands in the data
                data[key] = value.name[:200]
            elif value in (None, "", []) and not isinstance(value, bool):
                if key in self.existing_files:
                    data[key] = self.existing_files[key]
            elif isinstance(value, dt.date):
                data[key] = value.isoformat()
            elif isinstance(value, Decimal):
                data[key] = float(value)
            else:
                data[key] = value
        return data

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        for field, message in schema_errors(self.schema, self.to_data(), draft=self.draft).items():
            self.add_error(field if field in self.fields else None, message)
        return cleaned


def _pattern_message(prop: dict) -> str:
    hint = format_hint(prop)
    if hint:
        return _("Die Angabe hat nicht das erwartete Format. %(h)s") % {"h": hint}
    if prop.get("description"):
        return _("Die Angabe hat nicht das erwartete Format. %(h)s") % {"h": prop["description"]}
    return _("Die Angabe hat nicht das erwartete Format (Muster: %(p)s).") % {"p": prop.get("pattern", "")}


_MESSAGES = {
    "required": lambda e: _("Bitte füllen Sie dieses Feld aus."),
    "maxLength": lambda e: _("Bitte geben Sie höchstens %(n)s Zeichen ein.") % {"n": e.validator_value},
    "minLength": lambda e: _("Bitte geben Sie mindestens %(n)s Zeichen ein.") % {"n": e.validator_value},
    "pattern": lambda e: _pattern_message(e.schema),
    "enum": lambda e: _("Bitte wählen Sie einen der angebotenen Werte."),
    "const": lambda e: _("Bitte bestätigen Sie diese Angabe."),
    "minimum": lambda e: _("Der Wert muss mindestens %(n)s sein.") % {"n": e.validator_value},
    "maximum": lambda e: _("Der Wert darf höchstens %(n)s sein.") % {"n": e.validator_value},
    "format": lambda e: _("Die Angabe hat nicht das erwartete Format."),
    "type": lambda e: _("Die Angabe hat den falschen Typ."),
}


def schema_errors(schema: dict, data: dict, *, draft: bool = False) -> dict[str, str]:
    """Validate data against the schema; one German message per field (None key: form-wide)."""
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    errors: dict[str, str] = {}
    for error in validator.iter_errors(data):
        if error.validator in ("required", "dependentRequired"):
            if draft:
                continue
            wanted = error.validator_value
            if isinstance(wanted, dict):  # dependentRequired: {trigger: [names]}
                wanted = [n for names in wanted.values() for n in names]
            missing = [n for n in wanted if n not in (error.instance or {})]
            for name in missing:
                errors.setdefault(name, _MESSAGES["required"](error))
            continue
        path = list(error.absolute_path)
        field = str(path[0]) if path else None
        message = _MESSAGES.get(error.validator, lambda e: _("Die Angabe ist ungültig."))(error)
        errors.setdefault(field, message)
    return errors


def display_rows(schema: dict, data: dict) -> list[tuple[str, str]]:
    """(label, shown value) per filled field, in form order; choice values shown by their names."""
    rows = []
    for key, prop in schema.get("properties", {}).items():
        if key not in data:
            continue
        value = data[key]
        names = dict(_choices(prop.get("items", {}) if prop.get("type") == "array" else prop))
        if isinstance(value, bool):
            shown = _("ja") if value else _("nein")
        elif isinstance(value, list):
            shown = ", ".join(str(names.get(v, v)) for v in value)
        else:
            shown = str(names.get(value, value))
        rows.append((prop.get("title", key), shown))
    return rows
