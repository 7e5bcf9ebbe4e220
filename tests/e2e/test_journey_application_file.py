"""Journeys of issue 17 in the browser: the start page leads to the top tasks; a file chosen for an
online application survives a validation error; the Bescheid of an approved application downloads."""

import pytest
from qa_support import browser_login, load_demo, wait_until, wait_url
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _main_text(driver) -> str:
    try:
        return driver.find_element(By.TAG_NAME, "main").text
    except (NoSuchElementException, StaleElementReferenceException):  # between two pages
        return ""


def test_start_page_top_task_leads_to_booking(browser, live_server):
    load_demo(apps=["core", "egov.appointments"])
    browser.get(live_server.url + "/")
    browser.find_element(By.XPATH, "//a[contains(@class, 'task')][contains(., 'Termin buchen')]").click()
    wait_url(browser, "/termine/")
    assert "Termin" in browser.find_element(By.TAG_NAME, "h1").text


def test_file_chosen_for_an_application_survives_a_validation_error(browser, live_server, tmp_path):
    from modellkommune.accounts.tests.factories import UserFactory
    from modellkommune.egov import services
    from modellkommune.egov.tests.factories import ServiceFactory

    load_demo(apps=["core"])
    citizen = UserFactory(email="erika.browser@example.org")
    citizen.set_password("Geheim-Passwort-123")
    citizen.save()
    service = ServiceFactory(name="Anwohnerparkausweis", slug="anwohnerparkausweis-browser")
    application = services.application_draft_start(user=citizen, service=service)
    browser_login(browser, live_server.url, email=citizen.email, password="Geheim-Passwort-123")
    browser.get(f"{live_server.url}/buergerservice/antraege/{application.pk}/bearbeiten/")
    upload = tmp_path / "nachweis.pdf"
    upload.write_bytes(PDF)
    browser.find_element(By.NAME, "name").send_keys("Erika")
    art = browser.find_element(By.NAME, "art")  # "Art B" needs a reason
    if art.tag_name == "select":
        Select(art).select_by_value("b")
    else:
        browser.find_element(By.CSS_SELECTOR, "input[name=art][value=b]").click()
    browser.find_element(By.CSS_SELECTOR, "input[type=file][name=nachweis]").send_keys(str(upload))
    browser.find_element(By.CSS_SELECTOR, "button[value=next]").click()
    # The form answers on the same URL (/bearbeiten/): waiting for the URL returned before the new page was
    # there (CI: no <main> while the browser was between the two pages). Wait for what the new page says.
    wait_until(browser, lambda d: "Bereits hochgeladen: nachweis.pdf" in _main_text(d))
    browser.find_element(By.NAME, "grund").send_keys("Umzug")
    browser.find_element(By.CSS_SELECTOR, "button[value=next]").click()
    wait_url(browser, "/pruefen/")
    application.refresh_from_db()
    assert application.data["nachweis"] == "nachweis.pdf"


def test_citizen_downloads_the_bescheid_of_an_approved_application(browser, live_server):
    import httpx
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile

    from modellkommune.accounts.tests.factories import StaffFactory, UserFactory
    from modellkommune.egov import services
    from modellkommune.egov.constants import ApplicationStatus
    from modellkommune.egov.tests.factories import ServiceFactory

    load_demo(apps=["core"])
    citizen = UserFactory(email="erika.bescheid@example.org")
    citizen.set_password("Geheim-Passwort-123")
    citizen.save()
    service = ServiceFactory(name="Anwohnerparkausweis", slug="anwohnerparkausweis-bescheid")
    clerk = StaffFactory(department=service.department)
    application = services.application_draft_start(user=citizen, service=service)
    services.application_draft_save(
        user=citizen,
        application=application,
        data={"name": "Erika Mustermann", "art": "a"},
        files={"nachweis": SimpleUploadedFile("nachweis.pdf", PDF)},
    )
    services.application_submit(user=citizen, application=application)
    services.application_status_change(actor=clerk, application=application, new_status=ApplicationStatus.APPROVED)

    browser_login(browser, live_server.url, email=citizen.email, password="Geheim-Passwort-123")
    browser.get(live_server.url + application.get_absolute_url())
    link = browser.find_element(By.XPATH, "//main//a[contains(., 'Bescheid herunterladen')]")
    session = browser.get_cookie(settings.SESSION_COOKIE_NAME)["value"]
    response = httpx.get(link.get_attribute("href"), cookies={settings.SESSION_COOKIE_NAME: session}, timeout=30)
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    assert response.content[:5] == b"%PDF-"
