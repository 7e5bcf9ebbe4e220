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


def test_department_writes_the_report_and_a_colleague_releases_it(browser, live_server, tmp_path):
    """Issue 13 in a real browser: the IT department answers a motion (radio buttons, PDF upload, comma list of
    keywords), asks for release; the author is refused, a colleague releases; the public sees the paper."""
    load_demo(apps=["core", "accounts", "council"])
    from modellkommune.accounts.demo import DEMO_PASSWORD
    from modellkommune.core.models import Department
    from modellkommune.council import services, services_reports
    from modellkommune.council.models import Paper
    from modellkommune.council.pdf import simple_pdf

    member, _other = council_members_of_two_factions()
    office = council_office_user()
    motion = services.paper_submit(
        actor=member, title="Digitale Bürgersprechstunde", text="Der Rat möge …", paper_type="Antrag"
    )
    services.paper_register(actor=office, paper=motion)
    services_reports.paper_assign_department(
        actor=office, paper=motion, department=Department.objects.get(name="Digitalisierung und IT")
    )
    pdf = tmp_path / "stellungnahme.pdf"
    pdf.write_bytes(simple_pdf("Stellungnahme", ["Die Sprechstunde ist machbar."]))

    browser_login(
        browser,
        live_server.url,
        email="digital.team@iserlohn.example",
        password=DEMO_PASSWORD,
        totp_secret=TEST_TOTP_SECRET,
    )
    browser.get(live_server.url + "/verwaltung/rat/berichte/")
    browser.find_element(By.PARTIAL_LINK_TEXT, "Bericht schreiben").click()
    wait_url(browser, "/verwaltung/rat/berichte/neu/")
    browser.find_element(By.CSS_SELECTOR, "input[name=paper_type][value=Stellungnahme]").click()
    browser.find_element(By.NAME, "title").send_keys("Stellungnahme: Digitale Bürgersprechstunde")
    browser.find_element(By.NAME, "text").send_keys("Die Verwaltung richtet die Sprechstunde ab März ein.")
    browser.find_element(By.NAME, "keywords").send_keys("Bürgerservice, Video")
    browser.find_element(By.NAME, "files").send_keys(str(pdf))
    browser.find_element(By.CSS_SELECTOR, "main form[method=post] button[type=submit]").click()
    wait_until(browser, lambda d: "Der Entwurf ist gespeichert" in d.page_source)
    browser.find_element(By.CSS_SELECTOR, "form input[value=request_release] ~ button").click()
    wait_until(browser, lambda d: "Die Freigabe ist erbeten" in d.page_source)
    assert not browser.find_elements(By.CSS_SELECTOR, "form input[value=release]"), "no release button for the author"
    report_url = browser.current_url

    browser.delete_all_cookies()
    browser_login(
        browser,
        live_server.url,
        email="digital.leitung@iserlohn.example",
        password=DEMO_PASSWORD,
        totp_secret=TEST_TOTP_SECRET,
    )
    browser.get(report_url)
    browser.find_element(By.CSS_SELECTOR, "form input[value=release] ~ button").click()
    wait_until(browser, lambda d: "Freigegeben und veröffentlicht als ST/" in d.page_source)
    paper = Paper.objects.get(name="Stellungnahme: Digitale Bürgersprechstunde")
    motion.refresh_from_db()
    assert paper.public and paper.keyword == ["Bürgerservice", "Video"] and paper.main_file.public
    assert motion.status == "answered"

    browser.delete_all_cookies()
    browser.get(f"{live_server.url}/rat/vorlagen/{motion.pk}/")
    assert paper.reference in browser.page_source
