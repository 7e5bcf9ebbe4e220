"""The contact form is rate-limited per client IP and per sender address (issue 11, Low)."""

from django.core import mail

from modellkommune.portal.models import ContactMessage


def _send(client, email, **extra):
    data = {"topic": "general", "name": "Erika", "email": email, "subject": "Frage", "message": "Hallo"}
    return client.post("/kontakt/", data, **extra)


def test_one_sender_address_is_limited(client, municipality, settings):
    settings.CONTACT_RATE_PER_EMAIL = 2
    answers = [_send(client, "flut@example.org", REMOTE_ADDR=f"203.0.113.{i}") for i in range(3)]
    assert [a.status_code for a in answers] == [302, 302, 429]
    assert "Zu viele Nachrichten" in answers[-1].content.decode()
    assert ContactMessage.objects.count() == 2 and len(mail.outbox) == 2


def test_one_client_ip_is_limited_whatever_address_it_types(client, municipality, settings):
    settings.CONTACT_RATE_PER_IP = 3
    answers = [_send(client, f"wechsel-{i}@example.org", REMOTE_ADDR="203.0.113.9") for i in range(4)]
    assert [a.status_code for a in answers] == [302, 302, 302, 429]
    assert ContactMessage.objects.count() == 3


def test_behind_a_trusted_proxy_each_citizen_has_their_own_allowance(client, municipality, settings):
    settings.CONTACT_RATE_PER_IP = 1
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    first = _send(client, "a@example.org", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    second = _send(client, "b@example.org", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert (first.status_code, second.status_code) == (302, 302)
