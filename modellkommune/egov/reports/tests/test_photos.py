"""Uploaded photos lose their EXIF/GPS metadata and are checked by content, not by name."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from ..constants import PHOTO_MAX_BYTES
from ..photos import photo_clean


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), "blue")
    exif = Image.Exif()
    exif[0x010F] = "Testkamera GmbH"  # Make
    exif[0x0131] = "Firmware 1.0"  # Software
    gps = {1: "N", 2: (51.0, 22.0, 33.0), 3: "E", 4: (7.0, 41.0, 42.0)}
    exif[0x8825] = gps  # GPSInfo
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_exif_and_gps_are_removed():
    original = jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as img:
        assert img.getexif().get_ifd(0x8825), "test image must carry GPS data"
        assert b"Testkamera" in original
    cleaned = photo_clean(content=original)
    with Image.open(io.BytesIO(cleaned)) as img:
        assert img.format == "JPEG"
        assert len(img.getexif()) == 0
        assert "exif" not in img.info
        assert img.size == (64, 48)
    assert b"Testkamera" not in cleaned


def test_content_decides_not_the_name():
    with pytest.raises(ValidationError) as exc:
        photo_clean(content=b"%PDF-1.4 this is not a photo")
    assert "photos" in exc.value.message_dict
    with pytest.raises(ValidationError):
        photo_clean(content=b"<svg xmlns='http://www.w3.org/2000/svg'></svg>")


def test_size_limit():
    with pytest.raises(ValidationError) as exc:
        photo_clean(content=b"\xff\xd8\xff" + b"0" * PHOTO_MAX_BYTES)
    assert "MB" in exc.value.messages[0]


def test_large_photos_are_scaled_down():
    out = io.BytesIO()
    Image.new("RGB", (4000, 1000), "white").save(out, format="PNG")
    with Image.open(io.BytesIO(photo_clean(content=out.getvalue()))) as img:
        assert max(img.size) == 2048
