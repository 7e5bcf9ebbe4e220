"""Only the front-end files the pages use are served; test tools (axe-core, 12 MB) are not (issue 11)."""

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

needs_node_modules = pytest.mark.skipif(
    not (settings.BASE_DIR / "node_modules" / "leaflet").exists(), reason="node_modules missing (npm ci)"
)


@needs_node_modules
def test_pages_libraries_are_served():
    assert finders.find("vendor/leaflet/dist/leaflet.js")
    assert finders.find("vendor/leaflet/dist/images/marker-icon.png")
    assert finders.find("vendor/htmx.org/dist/htmx.min.js")


@needs_node_modules
def test_test_tools_and_package_metadata_are_not_served():
    assert (settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js").exists()
    assert finders.find("vendor/axe-core/axe.min.js") is None
    assert finders.find("vendor/leaflet/package.json") is None
