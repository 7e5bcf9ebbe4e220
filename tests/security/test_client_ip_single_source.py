"""Every limit, allauth and the audit log use core.ratelimit.client_ip: nothing else reads REMOTE_ADDR or
the forwarded headers, so a proxy setting (TRUSTED_PROXIES) applies everywhere at once (issue 11.4)."""

import re
from pathlib import Path

from django.test import RequestFactory

import modellkommune
from modellkommune.accounts.adapter import AccountAdapter

ROOT = Path(modellkommune.__file__).parent
ALLOWED = {ROOT / "core" / "ratelimit.py"}
READS_ADDRESS = re.compile(
    r"""META(\.get\(|\[)\s*["']REMOTE_ADDR|HTTP_X_FORWARDED_FOR|HTTP_X_REAL_IP|headers(\.get\(|\[)\s*["']x-(forwarded-for|real-ip)""",
    re.I,
)


def test_no_module_reads_the_client_address_itself():
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if "tests" not in path.parts and path not in ALLOWED and READS_ADDRESS.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_allauth_uses_the_same_client_ip(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.3")
    assert AccountAdapter(request).get_client_ip(request) == "198.51.100.3"
    settings.TRUSTED_PROXIES = []
    assert AccountAdapter(request).get_client_ip(request) == "10.0.0.1"
