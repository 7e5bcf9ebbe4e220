"""Checks for uploaded attachments: the content decides the type, not the file name."""

from __future__ import annotations

import re

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from modellkommune.core.images import image_dimensions_check

LABELS = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


def upload_check(*, field_label: str, name: str, content: bytes, accept: list[str], max_bytes: int) -> str:
    """Return the detected MIME type, or raise ValidationError naming the field."""
    if not content:
        raise ValidationError(_("%(f)s: Die Datei „%(n)s“ ist leer.") % {"f": field_label, "n": name})
    if len(content) > max_bytes:
        raise ValidationError(
            _("%(f)s: Die Datei „%(n)s“ ist zu groß (höchstens %(mb)s MB).")
            % {"f": field_label, "n": name, "mb": round(max_bytes / 2**20, 1)}
        )
    kind = filetype.guess(content)
    mime = kind.mime if kind else "application/octet-stream"
    if mime not in accept:
        allowed = ", ".join(LABELS.get(m, m) for m in accept)
        raise ValidationError(
            _("%(f)s: Die Datei „%(n)s“ hat nicht das erlaubte Format (%(a)s).")
            % {"f": field_label, "n": name, "a": allowed}
        )
    if mime.startswith("image/"):
        # Staff open attachments in their browsers: no decompression bombs there either.
        image_dimensions_check(content=content, label=f"{field_label}: „{name}“")
    return mime


def safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9äöüÄÖÜß._-]+", "_", name)[:150] or "anlage"
