"""The attacks of issue 11.2 against identity and payment, each as an attacker would try it."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from modellkommune.accounts.models import User
from modellkommune.contrib.identity import AssuranceLevel, IdentityProvider, IdentityResult
from modellkommune.contrib.identity import provider_list as identity_providers
from modellkommune.contrib.payment import provider_list as payment_providers
from modellkommune.contrib.payment.demo import DemoPaymentProvider
from modellkommune.egov import services
from modellkommune.egov.models import Application, IdentityVerification

pytestmark = pytest.mark.django_db

PRODUCTION = {"DEMO_PROVIDERS": False, "IDENTITY_PROVIDERS": [], "PAYMENT_PROVIDERS": []}


class PasswordOnlyProvider(IdentityProvider):
    """A provider that can only vouch for username and password (level "low")."""

    key = "nur-passwort"
    label = "Nur Passwort"
    max_assurance_level = AssuranceLevel.LOW


def _client():
    client = Client()
    client.defaults["HTTP_HOST"] = "127.0.0.1"
    return client


def _demo_assertion_url(client, *, email, pin, level="high", person=True):
    start = client.post(reverse("egov:identity_start", args=["demo-bundid"]), {"next": "/buergerservice/"})
    data = {"level": level}
    if person:
        data |= {"given_name": "A", "family_name": "B", "email": email, "pin": pin}
    return client.post(start["Location"], data)["Location"]


def _demo_login(client, *, email, pin):
    return client.get(_demo_assertion_url(client, email=email, pin=pin))


def _signed_up_victim(email="opfer@example.org", pin="opfer-pin-9876"):
    client = _client()
    _demo_login(client, email=email, pin=pin)
    link = urlparse(re.search(r"https?://\S+", mail.outbox[-1].body).group(0)).path
    client.post(link)
    mail.outbox.clear()
    return User.objects.get(email=email)


# Demo providers are off unless a setting turns them on ---------------------------------------------


def test_production_defaults_offer_no_demo_provider(client, settings):
    settings.DEMO_PROVIDERS = False
    settings.IDENTITY_PROVIDERS = []
    settings.PAYMENT_PROVIDERS = []
    assert identity_providers() == [] and payment_providers() == []
    assert client.post(reverse("egov:identity_start", args=["demo-bundid"]), {"next": "/"}).status_code == 404
    assert "BundID (Demo)" not in client.get(reverse("egov:index")).content.decode()


def test_demo_pages_answer_404_when_demo_is_off(client, citizen, settings):
    client.force_login(citizen)
    start = client.post(reverse("egov:identity_start", args=["demo-bundid"]), {"next": "/", "level": "low"})
    checkout = DemoPaymentProvider().start(reference="P1", amount=30, purpose="x", return_url="/")
    settings.DEMO_PROVIDERS = False  # a state/token made while the demo was on is worthless now
    assert client.get(start["Location"]).status_code == 404
    assert client.post(start["Location"], {"level": "high"}).status_code == 404
    assert client.get(checkout).status_code == 404
    assert client.post(checkout, {"action": "pay"}).status_code == 404
    assert not IdentityVerification.objects.exists()


def test_fee_cannot_be_marked_paid_with_a_demo_receipt_when_demo_is_off(client, citizen, service, settings):
    service.fee = 30
    service.save()
    client.force_login(citizen)
    client.post(reverse("egov:application_start", args=[service.slug]))
    application = Application.objects.get(service=service, applicant=citizen)
    checkout = client.post(reverse("egov:payment_start", args=[application.pk]))["Location"]
    receipt = client.post(checkout, {"action": "pay"})["Location"]  # a genuine, signed demo receipt
    settings.DEMO_PROVIDERS = False
    response = client.get(receipt)
    assert response.status_code == 302
    assert application.payments.get().status == "failed"
    assert services.application_payment_required(application=application)


def test_payment_without_any_provider_is_a_clear_message(client, citizen, service, settings):
    settings.DEMO_PROVIDERS = False
    service.fee = 30
    service.save()
    client.force_login(citizen)
    client.post(reverse("egov:application_start", args=[service.slug]))
    application = Application.objects.get(service=service, applicant=citizen)
    response = client.post(reverse("egov:payment_start", args=[application.pk]), follow=True)
    assert response.status_code == 200
    assert "Online-Bezahlung ist zurzeit nicht möglich" in response.content.decode()
    assert not application.payments.exists()


# Logins link only through the provider's subject, never through an e-mail address -----------------


def test_typing_a_victims_email_does_not_log_in_as_the_victim():
    victim = _signed_up_victim()
    attacker = _client()
    response = _demo_login(attacker, email=victim.email, pin="rate-mal-123")
    assert response["Location"] == reverse("egov:identity_signup_sent")
    assert "_auth_user_id" not in attacker.session
    assert IdentityVerification.objects.filter(user=victim).count() == 1  # nothing linked to the victim
    assert mail.outbox[-1].to == [victim.email] and "bereits ein Konto" in mail.outbox[-1].body


def test_the_victim_with_their_own_pin_still_gets_in():
    victim = _signed_up_victim()
    client = _client()
    _demo_login(client, email=victim.email, pin="opfer-pin-9876")
    assert client.session["_auth_user_id"] == str(victim.pk)


def test_staff_addresses_cannot_be_enumerated_through_the_identity_login(clerk):
    answers = []
    for email in (clerk.email, "gibt-es-nicht@iserlohn.example"):
        client = _client()
        response = _demo_login(client, email=email, pin="123456")
        page = client.get(response["Location"])
        html = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", page.content)
        answers.append((response.status_code, response["Location"], page.status_code, html))
    assert answers[0] == answers[1]
    assert not User.objects.filter(email="gibt-es-nicht@iserlohn.example").exists()
    assert IdentityVerification.objects.count() == 0


def test_account_creation_through_an_identity_provider_is_rate_limited():
    client = _client()
    for i in range(10):
        _demo_login(client, email=f"massen-{i}@example.org", pin="123456")
    assert len(mail.outbox) == 10
    response = _demo_login(client, email="massen-11@example.org", pin="123456")
    assert len(mail.outbox) == 10
    assert response["Location"] == reverse("account_login")


def test_sign_up_mails_to_one_address_are_limited(settings):
    for i in range(5):
        _demo_login(_client(), email="postfach@example.org", pin=f"pin-{i}-123")
    assert len(mail.outbox) == 3


def test_forged_sign_up_link_creates_nothing(client):
    forged = signing.dumps({"provider": "demo-bundid", "sub": "x", "email": "a@b.de"}, salt="falsch")
    response = client.post(reverse("egov:identity_signup", args=[forged]))
    assert response.status_code == 400
    assert not User.objects.filter(email="a@b.de").exists()


# Assertions: bound to the session, signed, and never above what the provider can vouch for ---------


def test_leaked_assertion_url_cannot_be_replayed_in_another_browser():
    victim = _signed_up_victim()
    victim_browser = _client()
    assertion_url = _demo_assertion_url(victim_browser, email=victim.email, pin="opfer-pin-9876")
    attacker = _client()
    attacker.get(assertion_url)
    assert "_auth_user_id" not in attacker.session
    victim_browser.get(assertion_url)
    assert victim_browser.session["_auth_user_id"] == str(victim.pk)
    victim_browser.logout()
    victim_browser.get(assertion_url)  # used once already
    assert "_auth_user_id" not in victim_browser.session


def test_citizen_cannot_raise_their_level_with_a_forged_assertion(client, citizen):
    client.force_login(citizen)
    start = client.post(reverse("egov:identity_start", args=["demo-bundid"]), {"next": "/", "level": "low"})
    back = client.post(start["Location"], {"level": "low"})["Location"]
    query = parse_qs(urlparse(back).query)
    payload = signing.loads(query["assertion"][0], salt="modellkommune.identity.demo.assertion")
    payload["level"] = "high"
    forged = signing.dumps(payload, salt="modellkommune.identity.demo.assertion", key="geratener-schluessel")
    client.get(reverse("egov:identity_return", args=["demo-bundid"]), {"assertion": forged, "next": "/"})
    assert not IdentityVerification.objects.filter(user=citizen, assurance_level="high").exists()


def test_provider_cannot_report_a_level_above_its_maximum(citizen, settings):
    settings.IDENTITY_PROVIDERS = [f"{__name__}.PasswordOnlyProvider"]
    result = IdentityResult(provider="nur-passwort", subject="s-1", assurance_level="high")
    with pytest.raises(ValidationError):
        services.identity_confirm(user=citizen, result=result)
    services.identity_confirm(
        user=citizen, result=IdentityResult(provider="nur-passwort", subject="s-1", assurance_level="low")
    )
    assert IdentityVerification.objects.get(user=citizen).assurance_level == "low"


def test_disabled_provider_results_count_for_nothing(citizen, settings):
    settings.DEMO_PROVIDERS = False
    result = IdentityResult(provider="demo-bundid", subject="demo-x", assurance_level="high")
    with pytest.raises(ValidationError):
        services.identity_confirm(user=citizen, result=result)
    with pytest.raises(ValidationError):
        services.identity_login(result=result)
    assert not IdentityVerification.objects.exists()


def test_an_identity_linked_to_one_account_cannot_be_attached_to_another(citizen, other_citizen):
    result = IdentityResult(provider="demo-bundid", subject="demo-geteilt", assurance_level="high")
    services.identity_confirm(user=citizen, result=result)
    with pytest.raises(ValidationError):
        services.identity_confirm(user=other_citizen, result=result)
    assert not IdentityVerification.objects.filter(user=other_citizen).exists()
