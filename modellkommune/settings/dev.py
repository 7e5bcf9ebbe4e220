"""Defaults for a newcomer's machine: SQLite, console e-mail, eager tasks, no TLS."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-insecure-key-change-me")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("LOG_FORMAT", "console")
# The local demo shows the demo BundID and the demo payment provider (marked "Demo" on their pages).
os.environ.setdefault("DEMO_PROVIDERS", "true")

from .base import *  # noqa: E402,F403

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - whitenoise expects it to exist
