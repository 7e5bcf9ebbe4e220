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


# Behind a TLS proxy every citizen arrives from the proxy's address (issue 11.4).
PROXY = "10.0.0.1"


def test_one_citizens_failures_do_not_lock_out_another_behind_the_same_proxy_ip(client, db, settings):
    """Without TRUSTED_PROXIES everybody shares the proxy's IP: the per-IP line must be generous."""
    settings.TRUSTED_PROXIES = []
    victim = UserFactory(email="vergesslich@example.org")
    other = UserFactory(email="nachbarin@example.org")
    for i in range(8):
        _login(client, victim.email, f"falsch-{i}", REMOTE_ADDR=PROXY)
    response = _login(client, other.email, "Geheim-Passwort-123", REMOTE_ADDR=PROXY)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


def test_per_ip_second_line_uses_the_real_client_behind_a_trusted_proxy(client, db, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    users = [UserFactory(email=f"ziel-{i}@example.org") for i in range(61)]
    for user in users:  # one attacker tries one password on many accounts
        _login(client, user.email, "falsch", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66")
    answer = _login(
        client, users[0].email, "Geheim-Passwort-123", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66"
    )
    assert "_auth_user_id" not in client.session and (answer.status_code == 429 or THROTTLED in answer.content.decode())
    other = UserFactory(email="buergerin@example.org")
    response = _login(
        client, other.email, "Geheim-Passwort-123", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.4"
    )
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(other.pk)


def test_spoofed_xff_does_not_escape_the_per_ip_line_without_trusted_proxy(client, db, settings):
    settings.TRUSTED_PROXIES = []
    users = [UserFactory(email=f"spoof-{i}@example.org") for i in range(61)]
    for i, user in enumerate(users):
        _login(client, user.email, "falsch", REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")
    answer = _login(
        client, users[0].email, "Geheim-Passwort-123", REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR="1.1.1.1"
    )
    assert "_auth_user_id" not in client.session and (answer.status_code == 429 or THROTTLED in answer.content.decode())
