"""Browser journeys through citizen participation (issue 16): a § 24 suggestion to the council's decision,
an Einwohnerantrag supported up to its quorum, a consultation comment placed on the map, ideas and surveys.

Each journey runs as the people involved do: citizens in the public pages, the council office and the
moderators in the back office (password and second factor). Every new page state is checked with axe-core
(WCAG 2.1 A/AA) where that is cheap: forms with errors, confirmation pages, pages after a step."""

import datetime as dt
import json
import re
import urllib.request

import pytest
from django.core import mail
from qa_support import AXE_JS, browser_login, council_office_user, load_demo, wait_for, wait_until, wait_url
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from modellkommune.accounts.tests.utils import TEST_TOTP_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF_PASSWORD = "Geheim-Passwort-123"  # StaffFactory / UserFactory
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: __TAGS__}, resultTypes: ["violations"]})
  .then(result => done(result.violations.map(v => ({
      rule: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + ": " + n.html.slice(0, 160))}))))
  .catch(error => done([{rule: "axe-error", help: String(error), nodes: []}]));
""".replace("__TAGS__", json.dumps(WCAG_TAGS))


def assert_accessible(driver) -> None:
    """axe-core on the page as it is now (after a post, with errors shown), without reloading it."""
    if not AXE_JS.exists():
        return  # node_modules missing: the a11y suite reports that; the journey itself still runs
    driver.execute_script(AXE_JS.read_text(encoding="utf-8"))
    violations = driver.execute_async_script(RUN_AXE)
    assert not violations, f"WCAG violations on {driver.current_url}: {violations}"


_STAFF_COOKIES: dict[str, list[dict]] = {}


def staff_login(driver, base_url, user) -> None:
    """Log in with password and second factor once; later switches back reuse the session (a second
    factor code is accepted only once, so a new login within the same 30 seconds would be refused)."""
    driver.delete_all_cookies()
    key = f"{base_url}|{user.email}|{user.password}"  # the salted hash differs per test database
    if key in _STAFF_COOKIES:
        driver.get(base_url + "/gibt-es-nicht/")
        for cookie in _STAFF_COOKIES[key]:
            driver.add_cookie({"name": cookie["name"], "value": cookie["value"]})
        return
    # browser_login waits for a fresh second-factor step itself (MFA_TOTP_TOLERANCE 0)
    browser_login(driver, base_url, email=user.email, password=STAFF_PASSWORD, totp_secret=TEST_TOTP_SECRET)
    _STAFF_COOKIES[key] = driver.get_cookies()


def citizen_login(driver, base_url, email, password) -> None:
    driver.delete_all_cookies()
    browser_login(driver, base_url, email=email, password=password)


def staff_in_group(email: str, group: str):
    """A staff member of `group` with a second factor set up (as council_office_user for the Ratsbüro)."""
    from django.contrib.auth.models import Group

    from modellkommune.accounts.services import user_mfa_setup
    from modellkommune.accounts.tests.factories import StaffFactory

    user = StaffFactory(email=email)
    user.groups.add(Group.objects.get(name=group))
    user_mfa_setup(user=user, totp_secret=TEST_TOTP_SECRET)
    return user


def action_form(driver, action: str):
    """The back-office form that posts `action` (each step of a case has its own form)."""
    return driver.find_element(By.XPATH, f"//main//form[.//input[@name='action' and @value='{action}']]")


def submit(form) -> None:
    """Click the form's button and wait until the browser has left the page: a following wait_url whose
    fragment the old URL already contains would not wait, and a following get() could cancel the POST."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    def left(_driver) -> bool:
        try:
            form.is_enabled()
        except WebDriverException:  # stale, or Chrome's "node does not belong to the document" mid-navigation
            return True
        return False

    form.find_element(By.CSS_SELECTOR, "button[type=submit], button:not([type])").click()
    WebDriverWait(form.parent, 10).until(left)


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - the live test server
        return json.loads(response.read().decode())


# --- 1. § 24 GO NRW: a suggestion from the form to the council's decision ----------------------------


def test_suggestion_without_account_is_confirmed_registered_assigned_and_decided(browser, live_server):
    load_demo(apps=["core", "accounts", "council"])
    from modellkommune.council.constants import OrganizationType
    from modellkommune.council.models import Organization
    from modellkommune.participation.models import Suggestion

    title = "Trinkwasserbrunnen am Schillerplatz"
    email = "petra.petentin@example.org"
    browser.get(live_server.url + "/beteiligung/anregung/")
    # Sent empty first: the error summary names the missing fields, nothing is stored.
    submit(browser.find_element(By.CSS_SELECTOR, "main form[method=post]"))
    wait_for(browser, By.CSS_SELECTOR, ".form-errors")
    assert "Betreff" in browser.find_element(By.CSS_SELECTOR, ".form-errors").text
    assert Suggestion.objects.count() == 0
    assert_accessible(browser)

    browser.find_element(By.CSS_SELECTOR, "input[name=kind][value=anregung]").click()
    browser.find_element(By.NAME, "title").send_keys(title)
    browser.find_element(By.NAME, "text").send_keys(
        "Im Sommer fehlt in der Innenstadt Trinkwasser. Bitte stellen Sie am Schillerplatz einen Brunnen auf."
    )
    browser.find_element(By.NAME, "name").send_keys("Petra Petentin")
    browser.find_element(By.NAME, "email").send_keys(email)
    publish = browser.find_element(By.NAME, "publish")
    if not publish.is_selected():
        publish.click()
    submit(browser.find_element(By.CSS_SELECTOR, "main form[method=post]"))
    wait_url(browser, "neu=1")
    track_url = browser.current_url.split("?")[0]
    assert "E-Mail-Bestätigung ausstehend" in browser.page_source
    assert_accessible(browser)

    # The confirmation link from the e-mail: the page asks for a click (mail scanners confirm nothing).
    wait_until(browser, lambda d: any(email in m.to for m in mail.outbox))
    body = next(m.body for m in mail.outbox if email in m.to)
    link = re.search(r"/beteiligung/bestaetigen/[^\s/]+/", body).group(0)
    browser.get(live_server.url + link)
    assert Suggestion.objects.get(title=title).status == "unconfirmed"
    browser.find_element(By.CSS_SELECTOR, "main form[method=post] button").click()
    wait_until(browser, lambda d: "eingegangen beim Ratsbüro" in d.page_source)
    assert browser.current_url.split("?")[0] == track_url
    assert_accessible(browser)
    suggestion = Suggestion.objects.get(title=title)

    # The council office registers it as a paper, assigns the committee and records the decision.
    office = council_office_user()
    staff_login(browser, live_server.url, office)
    browser.get(live_server.url + "/verwaltung/beteiligung/")
    browser.find_element(By.PARTIAL_LINK_TEXT, title[:25]).click()
    wait_url(browser, f"/verwaltung/beteiligung/{suggestion.pk}/")
    submit(action_form(browser, "register"))
    wait_until(browser, lambda d: "als Drucksache registriert" in d.page_source)
    assert_accessible(browser)
    suggestion.refresh_from_db()
    paper = suggestion.paper
    assert paper.reference.startswith("AB/") and paper.public

    browser.delete_all_cookies()
    browser.get(track_url)
    assert "als Drucksache registriert" in browser.page_source and paper.reference in browser.page_source

    committee = (
        Organization.objects.filter(organization_type=OrganizationType.GREMIUM).exclude(classification="Rat").first()
    )
    staff_login(browser, live_server.url, office)
    browser.get(live_server.url + f"/verwaltung/beteiligung/{suggestion.pk}/")
    form = action_form(browser, "assign")
    submit(form)  # no committee chosen: a clear error, nothing changes
    wait_for(browser, By.CSS_SELECTOR, ".form-errors")
    assert_accessible(browser)
    Select(action_form(browser, "assign").find_element(By.TAG_NAME, "select")).select_by_value(str(committee.pk))
    submit(action_form(browser, "assign"))
    wait_until(browser, lambda d: "an den zuständigen Ausschuss überwiesen" in d.page_source)

    browser.delete_all_cookies()
    browser.get(track_url)
    assert "an den zuständigen Ausschuss überwiesen" in browser.page_source
    assert committee.name in browser.page_source

    decision = "Der Ausschuss hat beschlossen, im Frühjahr einen Trinkwasserbrunnen aufzustellen."
    staff_login(browser, live_server.url, office)
    browser.get(live_server.url + f"/verwaltung/beteiligung/{suggestion.pk}/")
    form = action_form(browser, "decide")
    form.find_element(By.TAG_NAME, "textarea").send_keys(decision)
    submit(form)
    wait_until(browser, lambda d: "Mitgeteilte Entscheidung" in d.page_source)
    suggestion.refresh_from_db()
    assert suggestion.status == "decided"

    # The petitioner sees every step and the decision; the public sees the paper, OParl lists it.
    browser.delete_all_cookies()
    browser.get(track_url)
    assert "entschieden" in browser.find_element(By.CSS_SELECTOR, ".report-facts").text
    assert decision in browser.page_source
    history = browser.find_element(By.CSS_SELECTOR, ".report-history").text
    for step in ("eingegangen beim Ratsbüro", "als Drucksache registriert", "an den zuständigen Ausschuss"):
        assert step in history
    assert_accessible(browser)
    assert any(email in m.to and paper.reference in m.body for m in mail.outbox)  # told at each step

    browser.get(f"{live_server.url}/rat/vorlagen/{paper.pk}/")
    assert title in browser.find_element(By.TAG_NAME, "h1").text
    assert paper.reference in browser.page_source
    assert "Petra Petentin" not in browser.page_source  # the name only where the petitioner agreed
    oparl = get_json(f"{live_server.url}/oparl/v1.1/paper/{paper.pk}")
    assert oparl["reference"] == paper.reference and oparl["paperType"] == "Anregung oder Beschwerde"
    assert oparl.get("consultation"), "the committee's consultation is part of the OParl paper"


# --- 2. § 25 GO NRW: an Einwohnerantrag supported to its quorum --------------------------------------


def test_einwohnerantrag_is_supported_by_verified_residents_until_the_quorum(browser, live_server, settings):
    settings.PARTICIPATION_MOTION_QUORUM = 3
    load_demo(apps=["core", "accounts", "council"])
    from modellkommune.accounts.tests.factories import UserFactory
    from modellkommune.egov.models import IdentityVerification
    from modellkommune.participation.models import ResidentsMotion
    from modellkommune.participation.services_motion import motion_propose

    initiator = UserFactory(email="ina.initiatorin@example.org", first_name="Ina", last_name="Initiatorin")
    IdentityVerification.objects.create(
        user=initiator, provider="demo-bundid", subject="sub-ina", assurance_level="substantial",
        given_name="Ina", family_name="Initiatorin",
    )  # fmt: skip
    motion = motion_propose(
        actor=initiator,
        title="Trinkbrunnen in allen Stadtteilen",
        request="Der Rat möge beschließen, in jedem Stadtteil einen Trinkbrunnen aufzustellen.",
        reasoning="An heißen Tagen brauchen Menschen unterwegs Wasser.",
        representatives="Ina Initiatorin",
    )

    office = council_office_user()
    staff_login(browser, live_server.url, office)
    browser.get(live_server.url + f"/verwaltung/beteiligung/einwohnerantraege/{motion.pk}/")
    submit(action_form(browser, "open"))
    wait_until(browser, lambda d: "sammelt Unterstützung" in d.page_source)
    assert_accessible(browser)
    motion.refresh_from_db()
    assert motion.threshold == 3

    detail = f"{live_server.url}/beteiligung/einwohnerantraege/{motion.pk}/"
    for index in range(3):
        person = UserFactory(email=f"unterstuetzerin{index}@example.org")
        citizen_login(browser, live_server.url, person.email, STAFF_PASSWORD)
        browser.get(detail)
        if index == 0:
            # Without a verified identity the support does not count: the page says why.
            browser.find_element(By.NAME, "address").send_keys("Poth 1, 58636 Iserlohn")
            browser.find_element(By.NAME, "confirm").click()
            submit(browser.find_element(By.CSS_SELECTOR, "form[action$='/unterstuetzen/']"))
            wait_for(browser, By.ID, "support-error")  # the reason, and the address is kept
            assert "0 von 3" in browser.page_source
            assert browser.find_element(By.NAME, "address").get_attribute("value") == "Poth 1, 58636 Iserlohn"
            assert_accessible(browser)
        # Confirm the identity at the (demo) BundID, then come back and support.
        browser.find_element(By.XPATH, "//form[contains(@action, '/identitaet/')]//button").click()
        wait_url(browser, "/identitaet/demo/")
        browser.find_element(By.CSS_SELECTOR, "input[name=level][value=substantial]").click()
        browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
        wait_url(browser, f"/einwohnerantraege/{motion.pk}/")
        assert "Ihre Identität ist bestätigt" in browser.page_source
        browser.find_element(By.NAME, "address").send_keys(f"Poth {index + 1}, 58636 Iserlohn")
        browser.find_element(By.NAME, "confirm").click()
        submit(browser.find_element(By.CSS_SELECTOR, "form[action$='/unterstuetzen/']"))
        wait_until(browser, lambda d: "Ihre Unterstützung ist gezählt" in d.page_source)
        if index < 2:
            assert f"{index + 1} von 3" in browser.page_source
    assert "Quorum erreicht" in browser.find_element(By.CSS_SELECTOR, ".report-facts").text
    assert_accessible(browser)
    motion.refresh_from_db()
    assert motion.status == "submitted" and motion.support_count == 3

    staff_login(browser, live_server.url, office)
    browser.get(live_server.url + f"/verwaltung/beteiligung/einwohnerantraege/{motion.pk}/")
    assert len(browser.find_elements(By.CSS_SELECTOR, "main table tbody tr")) == 3  # for the § 25 (4) check
    submit(action_form(browser, "register"))
    wait_until(browser, lambda d: "auf dem Weg in den Rat" in d.page_source)
    assert_accessible(browser)
    motion = ResidentsMotion.objects.get(pk=motion.pk)
    paper = motion.paper
    assert paper.reference.startswith("EA/") and paper.public

    browser.delete_all_cookies()
    browser.get(detail)
    assert paper.reference in browser.find_element(By.CSS_SELECTOR, ".report-facts").text
    browser.get(f"{live_server.url}/rat/vorlagen/{paper.pk}/")
    assert paper.reference in browser.page_source
    assert "Poth" not in browser.page_source  # supporters are not named
    oparl = get_json(f"{live_server.url}/oparl/v1.1/paper/{paper.pk}")
    assert oparl["paperType"] == "Einwohnerantrag" and oparl.get("consultation")


# --- 3. A consultation: a comment placed on the map, moderated, summarised, sent to the council -------

PARTICIPATION_DEMO = ["core", "accounts", "council", "egov", "programme", "participation"]


def test_consultation_comment_on_the_map_is_moderated_summarised_and_registered(browser, live_server):
    load_demo(apps=PARTICIPATION_DEMO)
    from django.utils import timezone

    from modellkommune.accounts.demo import DEMO_PASSWORD
    from modellkommune.participation.demo import CONSULTATION_TITLE
    from modellkommune.participation.models import Consultation

    consultation = Consultation.objects.get(title=CONSULTATION_TITLE)
    page = f"{live_server.url}/beteiligung/verfahren/{consultation.pk}/"
    text = "Am Kreisel an der Baarstraße wäre eine Anzeigetafel für das Parkhaus hilfreich."

    citizen_login(browser, live_server.url, "erika.mustermann@example.org", DEMO_PASSWORD)
    browser.get(page)
    map_element = wait_for(browser, By.CSS_SELECTOR, "#consultation-map.leaflet-container")
    # Without the code of conduct: an error, the text stays.
    browser.find_element(By.NAME, "text").send_keys(text)
    ActionChains(browser).move_to_element_with_offset(map_element, 60, 40).click().perform()
    wait_until(browser, lambda d: d.find_element(By.NAME, "lat").get_attribute("value"))
    lat = float(browser.find_element(By.NAME, "lat").get_attribute("value"))
    lon = float(browser.find_element(By.NAME, "lon").get_attribute("value"))
    assert 51.3 < lat < 51.45 and 7.6 < lon < 7.8
    assert browser.find_elements(By.CSS_SELECTOR, "img.leaflet-marker-icon[alt='Ort Ihres Beitrags']")
    browser.find_element(By.XPATH, "//button[contains(., 'Beitrag absenden')]").click()
    wait_for(browser, By.CSS_SELECTOR, ".form-errors")
    assert browser.find_element(By.NAME, "text").get_attribute("value") == text
    assert browser.find_element(By.NAME, "lat").get_attribute("value")
    assert_accessible(browser)
    browser.find_element(By.NAME, "conduct").click()
    browser.find_element(By.XPATH, "//button[contains(., 'Beitrag absenden')]").click()
    wait_until(browser, lambda d: consultation.comments.filter(text=text).exists())
    comment = consultation.comments.get(text=text)
    wait_until(
        browser, lambda d: f"Beitrag {comment.number}: wartet auf Freigabe" in d.find_element(By.TAG_NAME, "main").text
    )
    assert abs(comment.lat - lat) < 1e-5
    assert_accessible(browser)

    # The moderator (programme office, with the consultation permission) publishes it.
    moderator = staff_in_group("qa.programmbuero@iserlohn.example", "Programmbüro")
    staff_login(browser, live_server.url, moderator)
    browser.get(f"{live_server.url}/verwaltung/beteiligung/verfahren/{consultation.pk}/beitraege/{comment.number}/")
    assert_accessible(browser)
    browser.find_element(By.CSS_SELECTOR, "input[name=decision][value=publish]").click()
    browser.find_element(By.NAME, "answer").send_keys("Danke, wir prüfen den Standort.")
    submit(browser.find_element(By.CSS_SELECTOR, "main form[method=post]"))
    wait_url(browser, f"/verwaltung/beteiligung/verfahren/{consultation.pk}/")
    comment.refresh_from_db()
    assert comment.status == "published"

    citizen_login(browser, live_server.url, "erika.mustermann@example.org", DEMO_PASSWORD)
    browser.get(page)
    label = f"Beitrag {comment.number}"
    wait_until(browser, lambda d: d.find_elements(By.CSS_SELECTOR, f"img.leaflet-marker-icon[alt='{label}']"))
    article = browser.find_element(By.ID, f"beitrag-{comment.number}")
    assert text in article.text and "Danke, wir prüfen den Standort." in article.text
    assert_accessible(browser)
    # Reflow (WCAG 1.4.10): the page with the map needs no sideways scrolling at 320 CSS pixels.
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 320, "height": 640, "deviceScaleFactor": 1, "mobile": True}
    )
    try:
        browser.get(page)
        wait_for(browser, By.CSS_SELECTOR, "#consultation-map.leaflet-container")
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert overflow <= 1, f"{overflow} px sideways scrolling at 320 CSS px"

    # After the end: the moderator finishes the queue and writes the summary.
    Consultation.objects.filter(pk=consultation.pk).update(ends_at=timezone.now() - dt.timedelta(minutes=1))
    staff_login(browser, live_server.url, moderator)
    for pending in consultation.comments.filter(status="pending"):
        browser.get(f"{live_server.url}/verwaltung/beteiligung/verfahren/{consultation.pk}/beitraege/{pending.number}/")
        browser.find_element(By.CSS_SELECTOR, "input[name=decision][value=publish]").click()
        submit(browser.find_element(By.CSS_SELECTOR, "main form[method=post]"))
        wait_url(browser, f"/verwaltung/beteiligung/verfahren/{consultation.pk}/")
    browser.get(f"{live_server.url}/verwaltung/beteiligung/verfahren/{consultation.pk}/")
    summary = "Vier Standorte für Anzeigetafeln wurden vorgeschlagen; die Verwaltung prüft zwei davon."
    form = action_form(browser, "result")
    form.find_element(By.TAG_NAME, "textarea").send_keys(summary)
    submit(form)
    wait_until(browser, lambda d: "Ergebnis an das Ratsbüro übergeben" in d.page_source)
    assert_accessible(browser)

    # The council office registers it as a Mitteilung to the deciding body.
    staff_login(browser, live_server.url, council_office_user())
    browser.get(f"{live_server.url}/verwaltung/beteiligung/verfahren/{consultation.pk}/")
    submit(action_form(browser, "register"))
    wait_until(browser, lambda d: "als Mitteilung beim Rat" in d.page_source)
    assert_accessible(browser)
    consultation.refresh_from_db()
    paper = consultation.result_paper
    assert paper.reference.startswith("M/") and paper.public

    browser.delete_all_cookies()
    browser.get(page)
    assert summary in browser.page_source and paper.reference in browser.page_source
    browser.get(f"{live_server.url}/rat/vorlagen/{paper.pk}/")
    assert paper.reference in browser.page_source


# --- 4. Ideas and surveys -------------------------------------------------------------------------


def test_idea_is_proposed_published_and_supported_and_a_survey_answered(browser, live_server):
    load_demo(apps=PARTICIPATION_DEMO)
    from modellkommune.accounts.demo import DEMO_PASSWORD
    from modellkommune.participation.demo import SURVEY_OPEN
    from modellkommune.participation.models import Idea, Survey

    title = "Schattenplätze auf Schulhöfen kartieren"
    citizen_login(browser, live_server.url, "erika.mustermann@example.org", DEMO_PASSWORD)
    browser.get(live_server.url + "/beteiligung/ideen/neu/")
    form = browser.find_element(By.CSS_SELECTOR, "main form[method=post]")
    form.find_element(By.NAME, "title").send_keys(title)
    submit(form)  # without description and code of conduct
    wait_for(browser, By.CSS_SELECTOR, ".form-errors")
    assert browser.find_element(By.NAME, "title").get_attribute("value") == title
    assert_accessible(browser)
    Select(browser.find_element(By.NAME, "sector")).select_by_index(1)
    browser.find_element(By.CSS_SELECTOR, "textarea[name=description]").send_keys(
        "Eine Karte zeigt, wo Kinder auf Schulhöfen im Sommer Schatten finden und wo Bäume fehlen."
    )
    browser.find_element(By.NAME, "conduct").click()
    submit(browser.find_element(By.CSS_SELECTOR, "main form[method=post]"))
    wait_until(browser, lambda d: "wird geprüft" in d.page_source)
    idea = Idea.objects.get(title=title)
    assert_accessible(browser)

    programme_office = staff_in_group("qa.ideen@iserlohn.example", "Programmbüro")
    staff_login(browser, live_server.url, programme_office)
    browser.get(f"{live_server.url}/verwaltung/beteiligung/ideen/{idea.pk}/")
    form = action_form(browser, "moderate")
    form.find_element(By.CSS_SELECTOR, "input[name$=decision][value=publish]").click()
    submit(form)
    wait_until(browser, lambda d: "veröffentlicht, sammelt Unterstützung" in d.page_source)
    assert_accessible(browser)

    citizen_login(browser, live_server.url, "max.mustermann@example.org", DEMO_PASSWORD)
    browser.get(f"{live_server.url}/beteiligung/ideen/{idea.pk}/")
    browser.find_element(By.XPATH, "//button[contains(., 'Idee unterstützen')]").click()
    wait_until(browser, lambda d: "Sie unterstützen diese Idee" in d.page_source)
    idea.refresh_from_db()
    assert idea.support_count == 1
    assert_accessible(browser)

    # The open demo survey: sent without the required answer first, then answered once.
    survey = Survey.objects.get(title=SURVEY_OPEN)
    browser.get(f"{live_server.url}/beteiligung/umfragen/{survey.pk}/")
    browser.find_element(By.XPATH, "//button[contains(., 'Antworten absenden')]").click()
    wait_for(browser, By.CSS_SELECTOR, ".form-errors")
    assert_accessible(browser)
    choice = browser.find_elements(By.CSS_SELECTOR, "main form input[type=radio]")
    if choice:
        choice[1].click()
    else:
        Select(browser.find_element(By.CSS_SELECTOR, "main form select")).select_by_index(2)
    browser.find_element(By.XPATH, "//button[contains(., 'Antworten absenden')]").click()
    wait_until(browser, lambda d: "Sie haben teilgenommen" in d.page_source)
    survey.refresh_from_db()
    assert survey.response_count == 1
    assert_accessible(browser)
