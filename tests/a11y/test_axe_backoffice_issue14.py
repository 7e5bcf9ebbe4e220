"""Accessibility of the back-office pages of issue 14 (open-data office, partner register, Smart City Index):
axe finds no WCAG 2.1 A/AA violation and nothing needs sideways scrolling at 320 CSS pixels."""

import pytest
from qa_support import load_demo
from test_axe import WIDEST_ELEMENTS, _login_cookie, axe_available, axe_violations, format_violations  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pages():
    from django.urls import reverse

    from modellkommune.opendata.models import Dataset

    manual = Dataset.objects.exclude(source__startswith="generated:").order_by("pk").first()
    generated = Dataset.objects.filter(source__startswith="generated:").order_by("pk").first()
    dist = manual.distributions.first()
    return [
        reverse("opendata:backoffice"),
        reverse("opendata:backoffice_potential"),
        reverse("opendata:backoffice_dataset_create"),
        reverse("opendata:backoffice_dataset", args=[manual.slug]),
        reverse("opendata:backoffice_dataset", args=[generated.slug]),
        reverse("opendata:backoffice_distribution", args=[manual.slug, dist.pk]),
        reverse("opendata:backoffice_distribution_delete", args=[manual.slug, dist.pk]),
        reverse("programme:backoffice"),
        reverse("programme:backoffice_partner_create"),
        reverse("programme:maturity"),
    ]


@pytest.mark.usefixtures("axe_available")
def test_issue_14_back_office_pages_are_accessible_and_reflow(browser, live_server):
    from modellkommune.accounts.models import User
    from modellkommune.accounts.services import user_mfa_setup
    from modellkommune.accounts.tests.utils import TEST_TOTP_SECRET

    load_demo(apps=["core", "accounts", "council", "egov", "sensors", "programme", "opendata"])
    office = User.objects.get(email="digital.team@iserlohn.example")  # programme office and open-data office
    user_mfa_setup(user=office, totp_secret=TEST_TOTP_SECRET)  # staff pages need the second factor
    _login_cookie(browser, live_server, office)
    found, wide = {}, {}
    for path in _pages():
        violations = axe_violations(browser, live_server.url + path)
        if violations:
            found[path] = violations
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 320, "height": 640, "deviceScaleFactor": 1, "mobile": True}
    )
    try:
        for path in _pages():
            browser.get(live_server.url + path)
            overflow = browser.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 1:
                wide[path] = (overflow, browser.execute_script(WIDEST_ELEMENTS))
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert not found, "WCAG 2.1 A/AA violations:\n" + format_violations(found)
    assert not wide, f"horizontal scrolling needed at 320 CSS px: {wide}"
