"""Helpers shared by tests/: demo data, the page crawl, paths of the browser and axe-core.

Imported as `qa_support` (tests/ is on sys.path through tests/conftest.py). The crawl finds pages by
following links, so pages that other apps add later are covered without editing this file.
"""

from __future__ import annotations

import os
import re
import time
import warnings
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from modellkommune.core.management.commands.demo import DEMO_APPS  # the order `manage.py demo` uses

CHROMIUM = Path(os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
REPO_ROOT = Path(__file__).resolve().parent.parent
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"


# Paths a crawl never follows: the back office, the admin, actions that change state, machine formats.
CRAWL_EXCLUDE = re.compile(
    r"^/(admin|verwaltung|i18n|media|static|konto/(abmelden|logout))"
    r"|/(abmelden|logout)/"
    r"|\.(ics|json|xml|csv|pdf|geojson|rdf|ttl|jsonld)$"
    r"|/feed/"
)
# Machine-readable APIs: covered by the API and fuzz tests, not by the page crawl.
API_PREFIXES = ("/oparl/", "/sta/", "/open311/", "/api/", "/georeport/", "/FROST", "/dcat")

# The entry pages each app promises (see the navigation); missing ones are reported as skipped.
EXPECTED_PAGES = [
    ("portal:home", {}),
    ("portal:search", {}),
    ("portal:contact", {}),
    ("portal:accessibility", {}),
    ("portal:imprint", {}),
    ("portal:privacy", {}),
    ("council:index", {}),
    ("council:paper_list", {}),
    ("council:meeting_list", {}),
    ("council:meeting_calendar", {}),
    ("council:organization_list", {}),
    ("council:search", {}),
    ("egov:index", {}),
    ("reports:index", {}),
    ("appointments:index", {}),
    ("sensors:index", {}),
    ("sensors:sector", {"code": "verkehr"}),
    ("opendata:index", {}),
    ("programme:index", {}),
    ("participation:index", {}),
    ("participation:motion_list", {}),
    ("participation:consultation_list", {}),
    ("participation:idea_list", {}),
    ("participation:survey_list", {}),
    ("account_login", {}),
    ("account_signup", {}),
]


def load_demo(*, apps: list[str] | None = None) -> list[str]:
    """Load the demo data of every app that has one; returns the apps whose demo loaded.

    An app whose demo is missing or broken is skipped with a warning, so one half-built app does not
    hide the results for all the others."""
    import importlib

    from django.db import transaction

    loaded = []
    for app in apps or DEMO_APPS:
        try:
            module = importlib.import_module(f"modellkommune.{app}.demo")
        except ImportError:
            continue
        if not hasattr(module, "load"):
            continue
        try:
            with transaction.atomic():
                module.load()
        except Exception as exc:  # noqa: BLE001 - another app's demo must not stop this suite
            warnings.warn(f"demo of {app} failed: {exc!r}", stacklevel=2)
            continue
        loaded.append(app)
    return loaded


class _LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self.forms.append(
                {"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action"), "inputs": []}
            )
        elif tag in ("input", "textarea", "select") and self.forms:
            self.forms[-1]["inputs"].append(
                {"tag": tag, "name": attrs.get("name"), "type": (attrs.get("type") or "text").lower()}
            )


def parse_html(html: str) -> _LinkParser:
    parser = _LinkParser()
    parser.feed(html)
    return parser


def page_type(path: str) -> str:
    """The URL pattern a path belongs to: one entry per kind of page, not per object."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path)
    except Resolver404:
        return ""
    return match.route or match.view_name


def crawl_public_pages(client, *, seeds: list[str] | None = None, per_type: int = 1, limit: int = 250) -> dict:
    """Follow links from the home page and the expected entry pages as an anonymous visitor.

    Returns {page_type: [(path, status), ...]} with up to `per_type` pages of each kind. Pages with
    query strings count as the page type of their path (pagination, filters)."""
    from django.urls import NoReverseMatch, reverse

    queue = list(seeds or [])
    for name, kwargs in EXPECTED_PAGES:
        try:
            queue.append(reverse(name, kwargs=kwargs))
        except NoReverseMatch:
            continue
    seen: set[str] = set()
    found: dict[str, list] = {}
    fetched = 0
    while queue and fetched < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        kind = page_type(urlsplit(path).path)
        if not kind or len(found.get(kind, [])) >= per_type:
            continue
        response = client.get(path)
        fetched += 1
        is_html = "text/html" in response.get("Content-Type", "")
        if response.status_code == 200 and not is_html:
            continue  # a download (PDF, Markdown, CSV): not a page
        found.setdefault(kind, []).append((path, response.status_code))
        if response.status_code != 200:
            continue
        for href in parse_html(response.content.decode()).links:
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if CRAWL_EXCLUDE.search(parts.path) or parts.path.startswith(API_PREFIXES):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen:
                queue.append(target)
    return found


def minimal_pdf(text: str = "Anlage") -> bytes:
    """A small valid one-page PDF, so upload checks see a real PDF (the council's own generator)."""
    from modellkommune.council.pdf import simple_pdf

    return simple_pdf(text, [text])


def council_members_of_two_factions():
    """Two council-member users sitting in different factions (from the council demo)."""
    from modellkommune.accounts.models import User
    from modellkommune.council.selectors import faction_for_user

    by_faction = {}
    for user in User.objects.filter(email__startswith="ratsmitglied.").order_by("email"):
        faction = faction_for_user(user=user)
        if faction is not None:
            by_faction.setdefault(faction.pk, user)
    first, second = list(by_faction.values())[:2]
    return first, second


def council_office_user():
    """A staff member of the council office (Ratsbüro) with a second factor set up."""
    from django.contrib.auth.models import Group

    from modellkommune.accounts.services import user_mfa_setup
    from modellkommune.accounts.tests.factories import StaffFactory
    from modellkommune.accounts.tests.utils import TEST_TOTP_SECRET

    user = StaffFactory(email="qa.ratsbuero@iserlohn.example")
    user.groups.add(Group.objects.get(name="Ratsbüro"))
    user_mfa_setup(user=user, totp_secret=TEST_TOTP_SECRET)
    return user


def totp_now(secret: str, *, at: float | None = None) -> str:
    """The current six-digit code of an authenticator app (RFC 6238, SHA-1, 30 s), as a user types it."""
    import base64
    import hashlib
    import hmac
    import struct
    import time

    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((at if at is not None else time.time()) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def browser_login(driver, base_url: str, *, email: str, password: str, totp_secret: str | None = None) -> None:
    """Log in through the real login form (and the second-factor form for staff)."""
    from selenium.webdriver.common.by import By

    driver.get(base_url + "/konto/login/")
    driver.find_element(By.NAME, "login").send_keys(email)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(
        By.CSS_SELECTOR, "form[method=post] button[type=submit], form[method=post] [type=submit]"
    ).click()
    if totp_secret:
        field = wait_for(driver, By.NAME, "code")
        if 30 - time.time() % 30 < 6:  # only the current 30-second code counts: never type one about to expire
            time.sleep(30 - time.time() % 30 + 0.5)
        field.send_keys(totp_now(totp_secret))
        field.submit()
    wait_until(driver, lambda d: "/konto/login" not in d.current_url and "/2fa/" not in d.current_url)


def wait_for(driver, by, value, timeout: float = 10):
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(expected_conditions.presence_of_element_located((by, value)))


def wait_until(driver, condition, timeout: float = 10):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def wait_url(driver, fragment: str, timeout: float = 10) -> None:
    """Wait until the browser is on a URL containing `fragment`; on failure show the page's error messages."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.common.by import By

    try:
        wait_until(driver, lambda d: fragment in d.current_url, timeout)
    except TimeoutException as exc:
        errors = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".error, .errorlist, [role=alert], .messages")]
        raise AssertionError(f"still on {driver.current_url}, expected {fragment}; page says: {errors}") from exc
