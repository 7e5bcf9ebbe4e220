"""Test settings: whatever DATABASE_URL says (SQLite by default), fast hashing, eager tasks."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-key")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")
# Tests walk the demo identity/payment flows; tests of the production default switch it off per test.
os.environ.setdefault("DEMO_PROVIDERS", "true")
# Anonymous page cache off: tests see each change at once (their transactions never commit, so the
# generation bumps of core/page_cache.py would not run); its own tests switch it on.
os.environ.setdefault("PAGE_CACHE_SECONDS", "0")
os.environ.setdefault("PAGE_CACHE_LIVE_SECONDS", "0")
os.environ["CELERY_BROKER_URL"] = os.environ.get("TEST_CELERY_BROKER_URL", "")

from .base import *  # noqa: E402,F403
from .base import BASE_DIR  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MQTT_URL = os.environ.get("TEST_MQTT_URL", "")

# The replica alias of core/db_router.py mirrors the test database; the router is off unless a test turns
# it on (tests/test_db_router.py), so other tests never touch the alias.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
DATABASE_ROUTERS: list[str] = []
