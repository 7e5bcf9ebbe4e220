"""Checks and text extraction for uploaded council files. Content decides, not the file name."""

from __future__ import annotations

import hashlib
import io
import logging

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .constants import MAX_UPLOAD_BYTES

log = logging.getLogger(__name__)

ALLOWED_MIME_TYPES = {"application/pdf"}


def file_check(*, name: str, content: bytes) -> str:
    """Return the detected MIME type or raise ValidationError with a clear message."""
    if not content:
        raise ValidationError(_("Die Datei „%(name)s“ ist leer.") % {"name": name})
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Die Datei „%(name)s“ ist zu groß (höchstens %(mb)s MB).")
            % {"name": name, "mb": MAX_UPLOAD_BYTES // 2**20}
        )
    kind = filetype.guess(content)
    mime = kind.mime if kind else "application/octet-stream"
    if mime not in ALLOWED_MIME_TYPES:
        raise ValidationError(
            _("Die Datei „%(name)s“ ist kein PDF-Dokument. Bitte laden Sie nur PDF-Dateien hoch.") % {"name": name}
        )
    return mime


def sha512_hex(content: bytes) -> str:
    return hashlib.sha512(content).hexdigest()


def pdf_extract_text(content: bytes, *, max_chars: int = 200_000) -> str:
    """Text of a PDF for full-text search; an unreadable PDF gives empty text, not an error."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(content))
        parts = []
        for page in reader.pages:
            parts.append(page.extract_text() or "")
            if sum(map(len, parts)) > max_chars:
                break
        return "\n".join(parts)[:max_chars].replace("\x00", "")
    except Exception as exc:  # pypdf raises many types on broken files
        log.warning("council.pdf_text_failed: %s", exc)
        return ""
