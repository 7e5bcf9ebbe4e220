"""URL helpers shared by the OParl tests: find our URLs in a response, turn them into test-client paths."""

from urllib.parse import urlsplit

from django.conf import settings


def urls_in(value):
    """Every URL under SITE_URL anywhere in a decoded JSON value."""
    if isinstance(value, str) and value.startswith(settings.SITE_URL):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from urls_in(v)
    elif isinstance(value, list):
        for v in value:
            yield from urls_in(v)


def local(url: str) -> str:
    """The path and query of an absolute URL, as the Django test client wants it."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
