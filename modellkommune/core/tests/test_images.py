"""Decompression bombs are refused from the header, before anything is decoded."""

import tracemalloc

import pytest
from django.core.exceptions import ValidationError

from modellkommune.core.images import image_dimensions_check

from .images import bomb_png, small_png


def test_bomb_is_refused_without_decoding():
    bomb = bomb_png()
    assert len(bomb) < 20_000  # 79 megapixels in under 20 KB
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as exc:
            image_dimensions_check(content=bomb, label="Foto")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "zu viele Bildpunkte (höchstens 40 Megapixel)" in exc.value.messages[0]
    assert exc.value.messages[0].startswith("Foto: ")
    assert peak < 5 * 2**20  # decoding would need ~10 MB even at 1 bit per pixel, ~240 MB as RGB


def test_limit_comes_from_settings(settings):
    settings.IMAGE_MAX_PIXELS = 1000
    with pytest.raises(ValidationError):
        image_dimensions_check(content=small_png(40, 30))  # 1,200 pixels
    settings.IMAGE_MAX_PIXELS = 1200
    assert image_dimensions_check(content=small_png(40, 30)) == (40, 30)


def test_pillows_own_bomb_guard_is_a_validation_error_too(settings, monkeypatch):
    from PIL import Image

    settings.IMAGE_MAX_PIXELS = 10**12
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(ValidationError, match="zu viele Bildpunkte"):
        image_dimensions_check(content=small_png(40, 30))  # Pillow warns (1,200 > 1,000)


def test_garbage_is_unreadable_not_a_crash():
    with pytest.raises(ValidationError, match="nicht gelesen"):
        image_dimensions_check(content=b"\x89PNG\r\n\x1a\n" + b"\x00" * 30)
