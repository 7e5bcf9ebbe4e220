"""Login throttling: guessing passwords is stopped by allauth's rate limits (OWASP A07).

allauth answers the sixth failed attempt within five minutes with the form and a clear message; from then
on even the right password does not log in."""

from django.urls import reverse

from modellkommune.accounts.tests.factories import UserFactory

THROTTLED = "Zu viele fehlgeschlagene Anmeldeversuche"


def _login(client, email, password, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def test_failed_logins_are_throttled_even_for_the_right_password(client, db):
    user = UserFactory(email="ziel@example.org")
    answers = [_login(client, user.email, f"falsch-{i}") for i in range(6)]
    assert THROTTLED not in answers[0].content.decode()
    assert THROTTLED in answers[-1].content.decode()
    response = _login(client, user.email, "Geheim-Passwort-123")
    assert response.status_code in (200, 429)
    assert THROTTLED in response.content.decode() or response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_throttle_counts_per_account_across_addresses(client, db):
    """An attacker rotating IP addresses still hits the per-account limit."""
    user = UserFactory(email="ziel2@example.org")
    answers = [_login(client, user.email, "falsch", REMOTE_ADDR=f"10.0.0.{i}") for i in range(1, 8)]
    assert THROTTLED in answers[-1].content.decode()
    _login(client, user.email, "Geheim-Passwort-123", REMOTE_ADDR="10.0.0.99")
    assert "_auth_user_id" not in client.session


def test_right_password_works_before_the_limit(client, db):
    user = UserFactory(email="ziel3@example.org")
    _login(client, user.email, "falsch")
    response = _login(client, user.email, "Geheim-Passwort-123")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
