"""Browser journeys through the council information system (headless Chromium)."""

import pytest
from qa_support import (
    browser_login,
    council_members_of_two_factions,
    council_office_user,
    load_demo,
    wait_for,
    wait_until,
    wait_url,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from modellkommune.accounts.tests.utils import TEST_TOTP_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_searches_council_documents(browser, live_server):
    load_demo(apps=["core", "accounts", "council"])
    from modellkommune.council.selectors import paper_list_public

    paper = paper_list_public().first()
    word = max(paper.name.split(), key=len).strip('„“"(),.:')
    browser.get(live_server.url + "/rat/")
    field = browser.find_element(By.ID, "council-q")  # the search box on the council start page
    field.send_keys(word)
    field.submit()
    wait_for(browser, By.CSS_SELECTOR, "main")
    link = browser.find_element(By.PARTIAL_LINK_TEXT, paper.name[:30])
    link.click()
    heading = wait_for(browser, By.TAG_NAME, "h1")
    assert paper.name[:30] in heading.text
    assert f"/rat/vorlagen/{paper.pk}/" in browser.current_url


def test_member_submits_motion_and_council_office_schedules_it(browser, live_server):
    load_demo(apps=["core", "accounts", "council"])
    from modellkommune.accounts.demo import DEMO_PASSWORD
    from modellkommune.council.models import Paper

    member, _other = council_members_of_two_factions()
    title = "Antrag auf mehr Fahrradbügel am Bahnhof"

    browser_login(browser, live_server.url, email=member.email, password=DEMO_PASSWORD)
    browser.get(live_server.url + "/rat/antrag/neu/")
    Select(browser.find_element(By.NAME, "paper_type")).select_by_value("Antrag")
    browser.find_element(By.NAME, "title").send_keys(title)
    browser.find_element(By.NAME, "text").send_keys("Der Rat möge beschließen, zwanzig Fahrradbügel aufzustellen.")
    browser.find_element(By.CSS_SELECTOR, "main form[method=post] button[type=submit]").click()
    wait_url(browser, "/rat/meine-antraege/")
    assert title in browser.page_source
    assert "beim Ratsbüro eingegangen" in browser.page_source
    paper = Paper.objects.get(name=title)
    assert paper.public is False

    browser.delete_all_cookies()
    office = council_office_user()
    browser_login(
        browser, live_server.url, email=office.email, password="Geheim-Passwort-123", totp_secret=TEST_TOTP_SECRET
    )
    browser.get(live_server.url + "/verwaltung/rat/")
    browser.find_element(By.PARTIAL_LINK_TEXT, title[:25]).click()
    wait_url(browser, "/verwaltung/rat/vorlagen/")
    browser.find_element(By.CSS_SELECTOR, "form input[value=register] ~ button").click()
    wait_until(browser, lambda d: "Registriert als" in d.page_source)
    Select(browser.find_element(By.NAME, "meeting")).select_by_index(1)
    browser.find_element(By.CSS_SELECTOR, "form input[value=schedule] ~ button").click()
    wait_until(browser, lambda d: "steht auf der Tagesordnung" in d.page_source)
    paper.refresh_from_db()
    assert paper.status == "scheduled"
    assert paper.public is True

    # The public sees it now, with its reference number.
    browser.delete_all_cookies()
    browser.get(f"{live_server.url}/rat/vorlagen/{paper.pk}/")
    assert title in browser.find_element(By.TAG_NAME, "h1").text
    assert paper.reference in browser.page_source
