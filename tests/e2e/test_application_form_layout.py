"""The declaration checkbox of an online application sits left of its label, not centred above it."""

import pytest
from qa_support import browser_login, load_demo
from selenium.webdriver.common.by import By

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [1280, 320])
def test_declaration_checkbox_sits_beside_its_label(browser, live_server, width):
    load_demo(apps=["core", "accounts", "egov"])
    from modellkommune.accounts.demo import DEMO_PASSWORD
    from modellkommune.accounts.models import User
    from modellkommune.egov import services
    from modellkommune.egov.models import Service

    service = next(s for s in Service.objects.all() if "richtigkeit" in (s.form_schema or {}).get("properties", {}))
    citizen = User.objects.get(email="erika.mustermann@example.org")
    application = services.application_draft_start(user=citizen, service=service)
    browser_login(browser, live_server.url, email=citizen.email, password=DEMO_PASSWORD)
    browser.set_window_size(width, 900)
    browser.get(f"{live_server.url}/buergerservice/antraege/{application.pk}/bearbeiten/")
    box = browser.find_element(By.CSS_SELECTOR, "input[type=checkbox][name=richtigkeit]")
    label = browser.find_element(By.CSS_SELECTOR, "label[for=id_richtigkeit]")
    b, lab = box.rect, label.rect
    assert b["width"] < 40, b  # not stretched across the row
    assert b["x"] + b["width"] <= lab["x"] + 1, (b, lab)  # left of the label
    assert b["y"] < lab["y"] + lab["height"] and lab["y"] < b["y"] + b["height"], (b, lab)  # same line
    assert b["y"] <= lab["y"] + 8, (b, lab)  # top-aligned with the label's first line
