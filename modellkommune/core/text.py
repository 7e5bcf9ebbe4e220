"""Plain text from a form or an API: control characters removed, length and HTML checked, German errors."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_text(value: str, *, field: str, max_length: int, required: bool = False, label: str = "") -> str:
    """The cleaned text, or ValidationError({field: …}) naming what is wrong."""
    value = CONTROL.sub("", value or "").strip()
    if required and not value:
        raise ValidationError({field: _("Bitte füllen Sie das Feld „%(f)s“ aus.") % {"f": label or field}})
    if len(value) > max_length:
        raise ValidationError({field: _("Höchstens %(n)d Zeichen.") % {"n": max_length}})
    if HTML_TAG.search(value):
        raise ValidationError({field: _("Bitte geben Sie reinen Text ohne HTML-Auszeichnungen ein.")})
    return value
