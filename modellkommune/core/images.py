"""One check for every uploaded image: dimensions are read from the header before any pixel is decoded.

A PNG of 8900×8900 pixels compresses to under 10 KB but needs about 1 GB of memory once decoded
(a decompression bomb). Pillow's own guard only raises at twice `Image.MAX_IMAGE_PIXELS` and merely
warns below that, so we compare the header's size with our own limit and treat Pillow's warning as
an error as well."""

from __future__ import annotations

import io
import struct
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

DEFAULT_MAX_PIXELS = 40_000_000


def image_max_pixels() -> int:
    return int(getattr(settings, "IMAGE_MAX_PIXELS", DEFAULT_MAX_PIXELS))


def image_dimensions_check(*, content: bytes, label: str = "") -> tuple[int, int]:
    """Width and height of an image, read lazily from its header; ValidationError if it is too large
    or unreadable. Call this before anything decodes the image."""
    prefix = f"{label}: " if label else ""
    limit = image_max_pixels()
    too_large = ValidationError(
        prefix
        + _("Das Bild hat zu viele Bildpunkte (höchstens %(mp)s Megapixel). Bitte verkleinern Sie es.")
        % {"mp": f"{limit / 1_000_000:g}".replace(".", ",")}
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Image.open reads only the header; nothing is decoded until load().
            with Image.open(io.BytesIO(content)) as img:
                width, height = img.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise too_large from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, struct.error) as exc:
        raise ValidationError(prefix + _("Das Bild konnte nicht gelesen werden.")) from exc
    if width <= 0 or height <= 0:
        raise ValidationError(prefix + _("Das Bild konnte nicht gelesen werden."))
    if width * height > limit:
        raise too_large
    return width, height
