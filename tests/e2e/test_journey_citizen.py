"""Browser journeys of citizens and visitors: apply for a service, report a defect, open a sector dashboard.

Each journey is skipped while its app does not exist yet. Forms are filled the way a person would: every
visible field gets a plausible value for its type."""

import re

import pytest
from django.urls import NoReverseMatch, reverse
from qa_support import browser_login, load_demo, minimal_pdf, wait_until, wait_url
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _require(name, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        pytest.skip(f"{name} does not exist yet")


def fill_form(driver, form, tmp_path) -> None:
    """Give every visible, empty field of `form` a plausible value for its type."""
    pdf = tmp_path / "nachweis.pdf"
    pdf.write_bytes(minimal_pdf("Nachweis"))
    radios_done = set()
    for field in form.find_elements(By.CSS_SELECTOR, "input, textarea, select"):
        kind = (field.get_attribute("type") or "text").lower()
        name = field.get_attribute("name") or ""
        if kind in ("hidden", "submit", "button") or not name or name in ("website", "csrfmiddlewaretoken"):
            continue
        if not field.is_displayed() and kind != "file":
            continue
        if field.tag_name == "select":
            options = [o for o in Select(field).options if o.get_attribute("value")]
            if options and not field.get_attribute("multiple"):
                Select(field).select_by_value(options[0].get_attribute("value"))
            continue
        if kind == "radio":
            if name not in radios_done:
                field.click()
                radios_done.add(name)
            continue
        if kind == "checkbox":
            if not field.is_selected() and (field.get_attribute("required") or "zustimm" in name or "consent" in name):
                field.click()
            continue
        if kind == "file":
            field.send_keys(str(pdf))
            continue
        if field.get_attribute("value"):
            continue
        value = {
            "email": "erika.mustermann@example.org",
            "tel": "02371 217-0",
            "number": "1",
            "date": "1990-05-17",
            "datetime-local": "2026-11-20T10:30",
        }.get(kind)
        if kind in ("date", "datetime-local"):
            driver.execute_script("arguments[0].value = arguments[1]", field, value)
            continue
        if value is None:
            by_name = {
                "telefon": "02371 2170",
                "phone": "02371 2170",
                "mail": "erika.mustermann@example.org",
                "plz": "58636",
                "kennzeichen": "MK-AB 123",
                "name": "Erika Mustermann",
            }
            value = next((v for k, v in by_name.items() if k in name.lower()), "Umzug innerhalb von Iserlohn")
        field.send_keys(value)


def test_citizen_applies_for_a_service_and_follows_its_status(browser, live_server, tmp_path):
    index = _require("egov:index")
    load_demo(apps=["core", "accounts", "egov"])
    from modellkommune.accounts.demo import DEMO_PASSWORD
    from modellkommune.egov.models import Application

    browser_login(browser, live_server.url, email="erika.mustermann@example.org", password=DEMO_PASSWORD)
    browser.get(live_server.url + index)
    services = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "a[href*='/leistungen/']")]
    assert services, "no services listed"
    # The first service a citizen can submit straight away (others first ask for an eID login or a payment).
    for href in dict.fromkeys(services[:20]):
        browser.get(href)
        starts = browser.find_elements(By.CSS_SELECTOR, "form[action$='/antrag/'] button")
        if not starts:
            continue
        starts[0].click()
        wait_url(browser, "/bearbeiten/")
        form = browser.find_element(By.CSS_SELECTOR, "main form[method=post]")
        fill_form(browser, form, tmp_path)
        form.find_element(By.CSS_SELECTOR, "button[value=next]").click()
        try:
            wait_url(browser, "/pruefen/", timeout=5)
        except AssertionError:
            continue  # a field format our simple filler does not know: try the next service
        submit = browser.find_elements(By.XPATH, "//main//form[@method='post']//button[contains(., 'einreichen')]")
        if submit:
            break
    else:
        pytest.skip("no demo service can be submitted online without eID or payment")
    submit[0].click()
    wait_until(browser, lambda d: re.search(r"A-\d{4}-\d{6}", d.page_source))
    reference = re.search(r"A-\d{4}-\d{6}", browser.page_source).group(0)
    application = Application.objects.get(reference=reference)
    assert application.applicant.email == "erika.mustermann@example.org"

    # Following the status: the list of my applications shows it with its state.
    browser.get(live_server.url + reverse("egov:application_list"))
    row = browser.find_element(By.XPATH, f"//*[contains(text(), '{reference}')]/ancestor::tr")
    assert application.get_status_display() in row.text
    browser.get(live_server.url + reverse("egov:mailbox"))
    assert reference in browser.page_source


def test_citizen_reports_a_defect_on_the_map(browser, live_server, tmp_path):
    choose = _require("reports:choose")
    load_demo(apps=["core", "accounts", "egov.reports"])
    from modellkommune.egov.reports.models import Report

    before = Report.objects.count()
    browser.get(live_server.url + choose)
    links = browser.find_elements(By.CSS_SELECTOR, "main a[href*='/maengelmelder/melden/']")
    assert links, "no categories to choose from"
    links[0].click()
    wait_url(browser, "/maengelmelder/melden/")
    form = browser.find_element(By.CSS_SELECTOR, "main form[method=post]")
    map_element = browser.find_elements(By.CSS_SELECTOR, ".leaflet-container")
    if map_element:
        # Click into the middle of the map: the page fills the coordinates from it.
        map_element[0].click()
        wait_until(browser, lambda d: d.find_element(By.NAME, "lat").get_attribute("value"))
    else:
        browser.find_element(By.NAME, "lat").send_keys("51.3755")
        browser.find_element(By.NAME, "lon").send_keys("7.6949")
    fill_form(browser, form, tmp_path)
    for photo in form.find_elements(By.CSS_SELECTOR, "input[type=file]"):
        browser.execute_script("arguments[0].value = ''", photo)  # photos are optional; a PDF is no photo
    form.find_element(By.CSS_SELECTOR, "button[type=submit], [type=submit]").click()
    wait_until(browser, lambda d: Report.objects.count() > before or d.find_elements(By.CSS_SELECTOR, ".error"))
    assert Report.objects.count() == before + 1, [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".error")]
    report = Report.objects.order_by("-pk").first()
    assert 51.2 < float(report.lat if hasattr(report, "lat") else report.location.y) < 51.5
    # The reporter lands on the private follow page; reloading it sends nothing again (post/redirect/get).
    wait_url(browser, "/maengelmelder/meine-meldung/")
    assert "Vielen Dank" in browser.find_element(By.TAG_NAME, "h1").text
    browser.refresh()
    assert "Vielen Dank" in browser.find_element(By.TAG_NAME, "h1").text
    assert Report.objects.count() == before + 1


def test_visitor_opens_a_sector_dashboard(browser, live_server):
    _require("sensors:sector", code="verkehr")
    load_demo(apps=["core", "sensors"])
    browser.get(live_server.url + "/")
    links = browser.find_elements(By.CSS_SELECTOR, "a[href^='/stadtdaten/']")
    assert links, "the home page links no sector dashboard"
    target = links[0].get_attribute("href")
    links[0].click()
    wait_url(browser, target.replace(live_server.url, ""))
    heading = browser.find_element(By.TAG_NAME, "h1").text
    assert heading
    # A dashboard shows figures as text too (not only in a chart): a table or a list of values.
    assert browser.find_elements(By.CSS_SELECTOR, "main table, main dl, main figure, main .value, main li")


def test_reporter_uses_their_location_or_an_address_suggestion(browser, live_server):
    """ "Use my location" (geolocation stubbed to a street in town) and address search with suggestions."""
    _require("reports:create", code="schlagloch")
    load_demo(apps=["core", "accounts", "egov.reports"])
    browser.execute_cdp_cmd("Browser.grantPermissions", {"origin": live_server.url, "permissions": ["geolocation"]})
    browser.execute_cdp_cmd(
        "Emulation.setGeolocationOverride", {"latitude": 51.37285, "longitude": 7.69835, "accuracy": 10}
    )
    try:
        browser.get(live_server.url + "/maengelmelder/melden/schlagloch/")
        wait_until(browser, lambda d: d.find_element(By.ID, "locate-me").is_displayed())
        browser.find_element(By.ID, "locate-me").click()
        wait_until(browser, lambda d: d.find_element(By.NAME, "address").get_attribute("value"))
        assert browser.find_element(By.NAME, "address").get_attribute("value") == "Wermingser Straße, Iserlohn"
        assert browser.find_element(By.NAME, "lat").get_attribute("value").startswith("51.372")
        assert "Wermingser Straße" in browser.find_element(By.ID, "place-status").text
    finally:
        browser.execute_cdp_cmd("Emulation.clearGeolocationOverride", {})

    browser.get(live_server.url + "/maengelmelder/melden/schlagloch/")
    address = browser.find_element(By.NAME, "address")
    address.send_keys("Poth")
    wait_until(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#address-suggestions option"))
    label = browser.find_element(By.CSS_SELECTOR, "#address-suggestions option").get_attribute("value")
    assert label == "Poth, Iserlohn"
    address.clear()
    address.send_keys(label)  # what picking the suggestion does: the field holds the suggestion's text
    wait_until(browser, lambda d: d.find_element(By.NAME, "lat").get_attribute("value"))
    assert browser.find_element(By.NAME, "lon").get_attribute("value") == "7.697500"
