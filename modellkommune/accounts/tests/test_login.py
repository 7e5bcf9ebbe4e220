import time

import pytest
from allauth.mfa.totp.internal.auth import hotp_value
from django.core import mail

from modellkommune.accounts.models import User
from modellkommune.accounts.tests.factories import StaffFactory, UserFactory
from modellkommune.accounts.tests.utils import TEST_TOTP_SECRET, login_with_mfa


def test_staff_without_second_factor_is_sent_to_setup(client, db):
    staff = StaffFactory()
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/2fa/totp/activate")


def test_staff_with_second_factor_reaches_admin(client, db):
    staff = StaffFactory(is_superuser=True)
    login_with_mfa(client, staff)
    assert client.get("/admin/").status_code == 200


def test_admin_login_goes_through_the_second_factor(client, db):
    staff = StaffFactory(email="sb@iserlohn.example", is_superuser=True)
    login_with_mfa(client, staff)
    client.logout()
    assert client.get("/admin/login/")["Location"].startswith("/konto/login/")
    response = client.post("/konto/login/", {"login": "sb@iserlohn.example", "password": "Geheim-Passwort-123"})
    assert response.status_code == 302
    assert response["Location"] == "/konto/2fa/authenticate/"
    assert "_auth_user_id" not in client.session  # not logged in before the second factor
    code = hotp_value(TEST_TOTP_SECRET, int(time.time()) // 30)
    response = client.post("/konto/2fa/authenticate/", {"code": f"{code:06d}"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_citizen_signup_requires_email_confirmation(client, db):
    response = client.post(
        "/konto/signup/",
        {"email": "neu@example.org", "password1": "Sehr-sicheres-Pw-42", "password2": "Sehr-sicheres-Pw-42"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="neu@example.org")
    assert user.role == "citizen" and not user.is_staff
    assert len(mail.outbox) == 1
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_is_throttled_after_repeated_failures(client):
    UserFactory(email="opfer@example.org")
    for _ in range(6):
        client.post("/konto/login/", {"login": "opfer@example.org", "password": "falsch"})
    # Even the right password is refused while the account is throttled.
    response = client.post("/konto/login/", {"login": "opfer@example.org", "password": "Geheim-Passwort-123"})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
    assert "Anmeldeversuche" in response.content.decode() or response.status_code == 429
