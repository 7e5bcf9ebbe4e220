"""URL converters shared by the apps."""

from django.urls import register_converter
from django.urls.converters import IntConverter


class DbIdConverter(IntConverter):
    """A database id in a URL: 1–18 ASCII digits (core.parsing.parse_id's rule). Longer numbers do not match,
    so they reach the API's own 404 instead of overflowing the database driver (SQLite: a 500)."""

    regex = "[0-9]{1,18}"


register_converter(DbIdConverter, "dbid")
