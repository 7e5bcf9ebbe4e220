"""The personal area shows each person what they can do, and nothing they may not."""

import pytest

from modellkommune.accounts.tests.factories import StaffFactory, UserFactory
from modellkommune.accounts.tests.utils import login_with_mfa


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get("/mein-bereich/")
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


@pytest.mark.django_db
def test_citizen_sees_citizen_entries_only(client):
    client.force_login(UserFactory())
    page = client.get("/mein-bereich/").content.decode()
    assert "Meine Anträge" in page and "Postfach" in page
    assert "/verwaltung/" not in page and "Antrag oder Anfrage einreichen" not in page


@pytest.mark.django_db
def test_staff_see_the_back_office_their_department_works_in(client):
    from modellkommune.egov.reports.tests.factories import CategoryFactory
    from modellkommune.egov.tests.factories import ServiceFactory

    clerk = StaffFactory()
    login_with_mfa(client, clerk)
    page = client.get("/mein-bereich/").content.decode()
    assert "/verwaltung/antraege/" not in page and "/verwaltung/maengel/" not in page  # no work there
    assert "/admin/" not in page  # the Django admin is for operators
    ServiceFactory(department=clerk.department)
    CategoryFactory(department=clerk.department)
    page = client.get("/mein-bereich/").content.decode()
    assert "/verwaltung/antraege/" in page and "/verwaltung/maengel/" in page


@pytest.mark.django_db
def test_after_login_staff_land_on_their_work_list(client, municipality):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    from modellkommune.accounts import demo as accounts_demo
    from modellkommune.council import demo as council_demo
    from modellkommune.egov import demo as egov_demo
    from modellkommune.egov.reports import demo as reports_demo

    for module in (accounts_demo, council_demo, egov_demo, reports_demo):
        module.load()
    landing = {
        "sachbearbeitung@iserlohn.example": "/verwaltung/antraege/",
        "strassen.team@iserlohn.example": "/verwaltung/antraege/",  # road works: permits first, then defects
        "ratsbuero@iserlohn.example": "/verwaltung/rat/",
    }
    for email, path in landing.items():
        client.logout()
        response = client.post("/konto/login/", {"login": email, "password": accounts_demo.DEMO_PASSWORD})
        assert response.status_code == 302
        if "/2fa/" in response["Location"] or "authenticate" in response["Location"]:  # second factor (staff)
            counter = next(yield_hotp_counters_from_time())
            code = format_hotp_value(hotp_value(accounts_demo.DEMO_ADMIN_TOTP_SECRET, counter))
            response = client.post(response["Location"], {"code": code})
        assert response["Location"] == path, (email, response["Location"])
    page = client.get("/mein-bereich/").content.decode()  # the council office: no Bürgerbüro work lists
    assert "/verwaltung/antraege/" not in page and "/verwaltung/termine/" not in page
    client.logout()
    response = client.post(
        "/konto/login/", {"login": "erika.mustermann@example.org", "password": accounts_demo.DEMO_PASSWORD}
    )
    assert response["Location"] == "/"  # citizens: the start page, as before


@pytest.mark.django_db
def test_staff_see_only_the_back_offices_of_their_department_and_offices(client):
    from django.contrib.auth.models import Permission

    from modellkommune.egov.appointments.tests.factories import LocationFactory

    clerk = StaffFactory()
    login_with_mfa(client, clerk)
    page = client.get("/mein-bereich/").content.decode()
    assert "/verwaltung/termine/" not in page and "/verwaltung/programm/" not in page
    LocationFactory(department=clerk.department)
    clerk.user_permissions.add(Permission.objects.get(codename="manage_programme"))
    page = client.get("/mein-bereich/").content.decode()
    assert "/verwaltung/termine/" in page and "/verwaltung/programm/" in page


@pytest.mark.django_db
def test_council_member_sees_motion_entries(client, municipality):
    from modellkommune.accounts import demo as accounts_demo
    from modellkommune.accounts.models import User
    from modellkommune.council import demo as council_demo

    accounts_demo.load()
    council_demo.load()
    client.force_login(User.objects.get(email="ratsmitglied.a@iserlohn.example"))
    page = client.get("/mein-bereich/").content.decode()
    assert "/rat/antrag/neu/" in page


@pytest.mark.django_db
def test_unread_messages_are_counted_in_the_header(client, monkeypatch):
    from modellkommune.portal import account_area

    monkeypatch.setattr(account_area, "_unread_messages", lambda user: 2)
    client.force_login(UserFactory())
    page = client.get("/").content.decode()
    assert "2 ungelesene Nachrichten" in page


def test_every_entry_names_a_real_url():
    from django.urls import reverse

    from modellkommune.portal.account_area import ENTRIES

    for entry in ENTRIES:
        reverse(entry.url_name)


def test_error_500_page_needs_no_database(rf):
    """No django_db mark: any query here would fail the test."""
    from modellkommune.portal.views import error_500

    response = error_500(rf.get("/"))
    assert response.status_code == 500
    assert "<style" not in response.content.decode(), "inline styles are blocked by the CSP"
