"""Back-office sessions are short (STAFF_SESSION_AGE); citizens keep the long default (issue 11, Low)."""

from modellkommune.accounts.tests.factories import StaffFactory, UserFactory
from modellkommune.accounts.tests.utils import login_with_mfa


def test_staff_session_ends_after_a_working_day(client, db, settings):
    settings.STAFF_SESSION_AGE = 8 * 3600
    staff = StaffFactory(is_superuser=True)
    login_with_mfa(client, staff)
    assert client.get("/admin/").status_code == 200
    assert client.session.get_expiry_age() == 8 * 3600
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert 0 < int(cookie["max-age"]) <= 8 * 3600


def test_citizen_session_keeps_the_default_age(client, db, settings):
    citizen = UserFactory(email="buerger@example.org")
    response = client.post("/konto/login/", {"login": citizen.email, "password": "Geheim-Passwort-123"})
    assert response.status_code == 302
    client.get("/")
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 14 * 24 * 3600
