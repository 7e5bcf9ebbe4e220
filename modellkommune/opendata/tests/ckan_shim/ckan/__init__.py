"""Test-only stand-in for CKAN (see ../README.md)."""
