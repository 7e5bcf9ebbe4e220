"""Photo uploads: checked by content, size-limited, re-encoded so no EXIF/GPS metadata survives."""

import io

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from modellkommune.core.images import image_dimensions_check

from .constants import PHOTO_MAX_BYTES, PHOTO_MAX_EDGE

ALLOWED_MIME = {"image/jpeg", "image/png", "image/webp"}


def photo_clean(*, content: bytes, field: str = "photos") -> bytes:
    """Return a JPEG re-encoded from the upload's pixels only, or raise ValidationError naming the field."""
    if len(content) > PHOTO_MAX_BYTES:
        raise ValidationError(
            {field: _("Ein Foto darf höchstens %(mb)d MB groß sein.") % {"mb": PHOTO_MAX_BYTES // (1024 * 1024)}}
        )
    kind = filetype.guess(content)
    if kind is None or kind.mime not in ALLOWED_MIME:
        raise ValidationError({field: _("Bitte laden Sie nur Fotos im Format JPEG, PNG oder WebP hoch.")})
    try:
        # Dimensions from the header first: a decompression bomb is refused before it is decoded.
        image_dimensions_check(content=content)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    try:
        with Image.open(io.BytesIO(content)) as img:
            img.load()
            # Apply the camera's rotation before the EXIF block (which holds it) is dropped.
            img = ImageOps.exif_transpose(img)
            img = img.convert("RGB")
            img.thumbnail((PHOTO_MAX_EDGE, PHOTO_MAX_EDGE))
            # A fresh image built from the pixel data carries no info dict at all (no EXIF, GPS, XMP, ICC comment).
            clean = Image.new("RGB", img.size)
            clean.paste(img)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError) as exc:
        raise ValidationError({field: _("Das Foto konnte nicht gelesen werden.")}) from exc
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()
