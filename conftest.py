"""Project-wide fixtures. App fixtures live in each app's tests/ folder."""

import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits live in the cache: every test starts with a clean slate."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def municipality(db):
    from modellkommune.core import demo

    demo.load()
    from modellkommune.core.selectors import municipality_current

    return municipality_current()


@pytest.fixture
def client(client):
    """The Django test client, with a host that ALLOWED_HOSTS accepts."""
    client.defaults["HTTP_HOST"] = "127.0.0.1"
    return client
