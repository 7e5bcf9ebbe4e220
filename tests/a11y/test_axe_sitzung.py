"""The Sitzungsdienst's pages in the browser: axe (WCAG 2.1 AA) and reflow at 320 CSS pixels.

The public crawl (test_axe.py) reaches one page of each type; this test makes sure the pages of issue 13
are checked in the state that matters: the month view with meetings, a meeting page with minutes,
attendance with a deputy and resolution files, and the council office's forms (series with its preview,
attendance with deputies, minutes draft, resolution file)."""

from __future__ import annotations

import pytest
from qa_support import AXE_JS, council_office_user, load_demo
from test_axe import RUN_AXE, WIDEST_ELEMENTS, axe_available, axe_violations, format_violations, split_known  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _overflow(browser, url: str) -> tuple[int, list]:
    browser.get(url)
    width = browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    return width, browser.execute_script(WIDEST_ELEMENTS) if width > 1 else []


def test_sitzungsdienst_pages_are_accessible_and_reflow(browser, live_server, axe_available):  # noqa: F811
    import datetime as dt

    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from modellkommune.council.models import Meeting, Organization
    from modellkommune.council.services_minutes import minutes_draft

    load_demo(apps=["core", "accounts", "council"])
    hfa_nov = Meeting.objects.get(attendances__deputy_for__isnull=False)
    public = ["/rat/kalender/?monat=2026-11", f"/rat/sitzungen/{hfa_nov.pk}/"]

    office = council_office_user()
    ads = Organization.objects.get(short_name="ADS")
    running = Meeting.objects.create(name="Sitzung ADS", start=timezone.now() - dt.timedelta(hours=1), public=True)
    running.organizations.set([ads])
    minutes_draft(actor=office, meeting=running)
    item = hfa_nov.agenda_items.order_by("order").first()
    series_form = (
        f"organization={ads.pk}&first={timezone.localdate():%Y-%m-%d}&pattern=monthly&interval=1&nth=2&weekday=1"
        "&start_time=17:00&count=3&public=on&action=preview"
    )
    back_office = [
        f"/verwaltung/rat/sitzungen/{running.pk}/anwesenheit/",
        f"/verwaltung/rat/sitzungen/{running.pk}/niederschrift/",
        f"/verwaltung/rat/sitzungen/{hfa_nov.pk}/niederschrift/",
        f"/verwaltung/rat/top/{item.pk}/beschluss/",
        "/verwaltung/rat/sitzungen/serie/",
    ]
    found = {}
    for path in public:
        _old, new = split_known(axe_violations(browser, live_server.url + path))
        if new:
            found[path] = new
    client = Client()
    client.force_login(office)
    browser.get(live_server.url + "/gibt-es-nicht/")
    browser.add_cookie(
        {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value}
    )
    for path in back_office:
        _old, new = split_known(axe_violations(browser, live_server.url + path))
        if new:
            found[path] = new
    # The series preview is the answer to a POST: render it through the form in the browser.
    browser.get(live_server.url + "/verwaltung/rat/sitzungen/serie/")
    browser.execute_script(
        "const f = document.querySelector('form.form'); const p = new URLSearchParams(arguments[0]);"
        "for (const [k, v] of p) { let el = f.querySelector(`[name=${k}]`);"
        " if (el && el.type === 'radio') { f.querySelector(`[name=${k}][value=${v}]`).checked = true; }"
        " else if (el && el.type === 'checkbox') { el.checked = true; } else if (el) { el.value = v; } }"
        "f.submit();",
        series_form,
    )
    assert "Vorschau" in browser.page_source
    browser.execute_script(AXE_JS.read_text(encoding="utf-8"))
    _old, new = split_known(browser.execute_async_script(RUN_AXE))
    if new:
        found["series preview"] = new
    assert not found, "WCAG 2.1 A/AA violations:\n" + format_violations(found)

    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 320, "height": 640, "deviceScaleFactor": 1, "mobile": True}
    )
    try:
        wide = {p: o for p in public + back_office if (o := _overflow(browser, live_server.url + p))[0] > 1}
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert not wide, f"horizontal scrolling needed at 320 CSS px: {wide}"
