"""Fixtures for the cross-cutting suites: browser journeys, accessibility, security and faults.

These tests look at the site the way a visitor, a council member, a member of staff or an attacker does.
"""

from __future__ import annotations

import pytest
from qa_support import CHROMEDRIVER, CHROMIUM, load_demo


@pytest.fixture(scope="module")
def _module_demo(django_db_setup, django_db_blocker):
    """All demo data, loaded once per test module inside a transaction that is rolled back afterwards.

    Loading everything (the sensor demo writes many observations) takes seconds, too slow per test.
    Each test still runs in its own savepoint (the `db` fixture), so tests do not see each other's writes."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        loaded = load_demo()
    yield loaded
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def demo(_module_demo, db):
    """All demo data (shared by the module, rolled back after it); returns the apps whose demo loaded."""
    return _module_demo


@pytest.fixture
def council_demo(db):
    return load_demo(apps=["core", "accounts", "council"])


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits live in the cache; every test starts with a clean slate."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# --- browser -------------------------------------------------------------------------------------


def _chrome_options():
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,900",
        "--lang=de-DE",
        "--disable-extensions",
    ):
        options.add_argument(argument)
    return options


@pytest.fixture(scope="session")
def _driver_session():
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.skip(
            f"headless Chromium not installed ({CHROMIUM}, {CHROMEDRIVER}): apt-get install chromium chromium-driver"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=_chrome_options())
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture
def browser(_driver_session, live_server):
    """One Chromium for the whole session; every test starts logged out with a desktop window."""
    _driver_session.delete_all_cookies()
    _driver_session.set_window_size(1280, 900)
    yield _driver_session
    _driver_session.delete_all_cookies()
