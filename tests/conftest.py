"""Fixtures for the cross-cutting suites: browser journeys, accessibility, security and faults.

These tests look at the site the way a visitor, a council member, a member of staff or an attacker does.
"""

from __future__ import annotations

import threading
import time

import pytest
from qa_support import CHROMEDRIVER, CHROMIUM, load_demo


class _SharedDemo:
    """All demo data in one outer transaction, shared by consecutive tests in tests/ and rolled back after them.

    Loading every app's demo takes many seconds, too slow per test. The first test that asks for `demo`
    opens a transaction and loads it; each test still runs in its own savepoint (the `db` fixture), so
    tests do not see each other's writes. It is rolled back before any test outside tests/ or any test
    that needs committed data (live server, transactional tests), so no other test ever sees it."""

    def __init__(self):
        self.atomic = None
        self.loaded: list[str] = []
        self.blocker = None

    def open(self, blocker) -> list[str] | None:
        from django.db import connection, transaction

        self.blocker = blocker
        if self.atomic is not None:
            return self.loaded
        with blocker.unblock():
            if connection.in_atomic_block:
                return None  # a test transaction is already open: load inside it instead
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            self.loaded = load_demo()
        return self.loaded

    def close(self) -> None:
        from django.db import transaction

        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None


_SHARED_DEMO = _SharedDemo()
_NEEDS_COMMITTED_DATA = {"transactional_db", "live_server", "browser", "django_db_reset_sequences"}


def _can_share_demo(item) -> bool:
    if item is None or "tests" not in item.path.relative_to(item.config.rootpath).parts[:1]:
        return False
    if _NEEDS_COMMITTED_DATA & set(getattr(item, "fixturenames", ())):
        return False
    marker = item.get_closest_marker("django_db")
    return not (marker and marker.kwargs.get("transaction"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    if not _can_share_demo(nextitem):
        _SHARED_DEMO.close()
    return result


@pytest.fixture
def _shared_demo_outer(django_db_setup, django_db_blocker):
    return _SHARED_DEMO.open(django_db_blocker)


@pytest.fixture
def demo(_shared_demo_outer, db):
    """All demo data; returns the apps whose demo loaded.

    `db` comes after the shared outer transaction, and is named here so pytest-django sets up the test
    database even when no test of the run asks for `db` itself."""
    return _shared_demo_outer if _shared_demo_outer is not None else load_demo()


@pytest.fixture
def council_demo(db):
    return load_demo(apps=["core", "accounts", "council"])


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


class _InFlight:
    """The live server's WSGI app, counting the requests it is answering.

    On SQLite the live server's threads share the test's in-memory connection. A page the browser left
    half-loaded at the end of one test (a dashboard under load) can still be running its query when the next
    test writes: the server thread holds SQLite's connection mutex and waits for the GIL inside one of
    Django's Python SQL functions, the test thread holds the GIL and waits for the mutex, and both wait for
    ever (seen once in CI). Each browser test therefore ends only when no request is in flight."""

    def __init__(self, app):
        self.app = app
        self.count = 0
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            self.count += 1
        try:
            result = self.app(environ, start_response)
            try:
                body = b"".join(result)  # the whole response, database work included, inside the count
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
            return [body]
        finally:
            with self.lock:
                self.count -= 1

    def wait_idle(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while self.count and time.monotonic() < deadline:
            time.sleep(0.05)


@pytest.fixture
def browser(_driver_session, live_server):
    """One Chromium for the whole session; every test starts logged out with a desktop window and ends with
    no request of its pages still running on the live server (_InFlight)."""
    httpd = live_server.thread.httpd
    app = httpd.get_app()
    if not isinstance(app, _InFlight):
        app = _InFlight(app)
        httpd.set_app(app)
    _driver_session.delete_all_cookies()
    _driver_session.set_window_size(1280, 900)
    yield _driver_session
    try:
        _driver_session.get("about:blank")  # stops the page's own loads and scripts
    finally:
        app.wait_idle()
    _driver_session.delete_all_cookies()
