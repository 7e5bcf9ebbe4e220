"""Security headers on every response, strict production settings, secrets only from the environment."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("url", ["/", "/rat/", "/konto/login/", "/oparl/v1.1/", "/gibt-es-nicht/"])
def test_security_headers(client, council_demo, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src", 1)[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_session_and_csrf_cookies_are_http_only_and_lax(client, council_demo):
    from modellkommune.accounts.tests.factories import UserFactory

    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": "Geheim-Passwort-123"})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def _production_settings(extra_env: dict | None = None) -> subprocess.CompletedProcess:
    """Import the base (production) settings in a clean interpreter, with only what an operator sets."""
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    env.update(extra_env or {})
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        "print(json.dumps({k: getattr(settings, k) for k in ('DEBUG', 'SECURE_HSTS_SECONDS',"
        " 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'X_FRAME_OPTIONS',"
        " 'SECURE_CONTENT_TYPE_NOSNIFF', 'SESSION_COOKIE_HTTPONLY')}))"
    )
    env["DJANGO_SETTINGS_MODULE"] = "modellkommune.settings.base"
    return subprocess.run(  # noqa: S603 - fixed interpreter and code
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )


def test_production_settings_are_strict():
    result = _production_settings({"SECRET_KEY": "x" * 50, "DATABASE_URL": "sqlite:////tmp/qa-prod-check.sqlite3"})
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["X_FRAME_OPTIONS"] == "DENY"


def test_hsts_header_is_sent_over_https(client, council_demo, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_production_refuses_to_start_without_secret_key(tmp_path):
    if (REPO / ".env").exists() and "SECRET_KEY" in (REPO / ".env").read_text():
        pytest.skip(".env on this machine sets SECRET_KEY")
    result = _production_settings({"DATABASE_URL": "sqlite:////tmp/qa-prod-check.sqlite3"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


SECRET_PATTERNS = {
    "private key": re.compile(r"-----BEGIN (RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----"),
    "AWS key": re.compile(r"AKIA[0-9A-Z]{16}"),
    "GitHub token": re.compile(r"gh[pousr]_[A-Za-z0-9]{36}"),
    "Slack token": re.compile(r"xox[baprs]-[A-Za-z0-9-]{10,}"),
    "Django secret in settings": re.compile(r"^SECRET_KEY\s*=\s*['\"]", re.MULTILINE),
    "password in a URL": re.compile(
        r"(postgres|postgresql|redis|amqp|mqtt)s?://[A-Za-z0-9._-]+:[A-Za-z0-9._~%!-]{6,}@(?!localhost|127)"
    ),
}


# Documentation shows the form of a URL with words like these instead of a real password.
PLACEHOLDER = re.compile(r":(password|passwort|secret|geheim|changeme|example|pass|pw)@", re.IGNORECASE)


def test_no_secrets_committed():
    files = subprocess.run(  # noqa: S603
        ["git", "ls-files"],  # noqa: S607
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,  # noqa: S607
    ).stdout.split()
    assert ".env" not in files, ".env must never be committed"
    found = []
    for name in files:
        path = REPO / name
        if (
            not path.is_file()
            or path.suffix in (".png", ".jpg", ".pdf", ".woff2", ".ico", ".gz", ".mo")
            or "/tests/" in name
            or name.startswith("tests/")
        ):
            continue
        try:
            text = path.read_text(errors="ignore")
        except OSError:
            continue
        for label, pattern in SECRET_PATTERNS.items():
            for match in pattern.finditer(text):
                if not PLACEHOLDER.search(match.group(0)):
                    found.append((name, label))
    assert not found, found
