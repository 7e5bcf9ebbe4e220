"""Identity (demo BundID) and payment (demo provider) through their registries and the real pages."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail
from django.urls import reverse

from modellkommune.contrib.identity import provider_get as identity_provider
from modellkommune.contrib.payment import provider_get as payment_provider
from modellkommune.egov.models import Application, IdentityVerification

pytestmark = pytest.mark.django_db


def _ready_draft(client, citizen, service):
    client.force_login(citizen)
    client.post(reverse("egov:application_start", args=[service.slug]))
    application = Application.objects.get(service=service, applicant=citizen)
    client.post(reverse("egov:application_edit", args=[application.pk]), {"name": "E", "art": "a", "action": "next"})
    return application


def test_registries_return_configured_providers():
    assert identity_provider("demo-bundid").max_assurance_level == "high"
    assert payment_provider().key == "demo"
    with pytest.raises(KeyError):
        identity_provider("unbekannt")


def test_fee_must_be_paid_before_submission(client, citizen, service):
    service.fee = 30
    service.save()
    application = _ready_draft(client, citizen, service)
    review = reverse("egov:application_review", args=[application.pk])
    client.post(review)
    application.refresh_from_db()
    assert application.reference is None  # refused: not paid
    checkout = client.post(reverse("egov:payment_start", args=[application.pk]))["Location"]
    page = client.get(checkout)
    assert "30" in page.content.decode()
    back = client.post(checkout, {"action": "pay"})["Location"]
    client.get(back)
    assert application.payments.get().status == "paid"
    client.post(review)
    application.refresh_from_db()
    assert application.reference


def test_tampered_payment_confirmation_is_refused(client, citizen, service):
    service.fee = 30
    service.save()
    application = _ready_draft(client, citizen, service)
    client.post(reverse("egov:payment_start", args=[application.pk]))
    client.get(reverse("egov:payment_return", args=[application.pk]), {"r": "gefälscht"})
    assert application.payments.get().status == "failed"


def test_cancelled_payment_keeps_fee_open(client, citizen, service):
    service.fee = 30
    service.save()
    application = _ready_draft(client, citizen, service)
    checkout = client.post(reverse("egov:payment_start", args=[application.pk]))["Location"]
    client.get(client.post(checkout, {"action": "cancel"})["Location"])
    client.post(reverse("egov:application_review", args=[application.pk]))
    application.refresh_from_db()
    assert application.reference is None


def test_identity_level_required_and_confirmed_via_demo_bundid(client, citizen, service):
    service.assurance_level = "substantial"
    service.save()
    application = _ready_draft(client, citizen, service)
    review = reverse("egov:application_review", args=[application.pk])
    assert "BundID (Demo)" in client.get(review).content.decode()
    client.post(review)
    application.refresh_from_db()
    assert application.reference is None
    start = client.post(reverse("egov:identity_start", args=["demo-bundid"]), {"next": review, "level": "substantial"})[
        "Location"
    ]
    page = client.get(start).content.decode()
    assert 'value="low"' not in page and 'value="high"' in page  # too weak levels are not offered
    back = client.post(start, {"level": "high"})["Location"]
    assert client.get(back)["Location"] == review
    assert IdentityVerification.objects.get(user=citizen).assurance_level == "high"
    client.post(review)
    application.refresh_from_db()
    assert application.reference and application.identity_level == "high"


def test_identity_assertion_of_another_user_is_refused(client, citizen, other_citizen, service):
    client.force_login(citizen)
    start = client.post(reverse("egov:identity_start", args=["demo-bundid"]), {"next": "/", "level": "low"})["Location"]
    back = client.post(start, {"level": "low"})["Location"]
    client.force_login(other_citizen)
    client.get(back)
    assert not IdentityVerification.objects.exists()


def test_identity_next_parameter_cannot_redirect_offsite(client, citizen):
    client.force_login(citizen)
    start = client.post(
        reverse("egov:identity_start", args=["demo-bundid"]), {"next": "https://evil.example/", "level": "low"}
    )["Location"]
    back = client.post(start, {"level": "low"})["Location"]
    assert "evil.example" not in parse_qs(urlparse(back).query).get("next", [""])[0]
    assert client.get(back)["Location"].startswith("/")


def _login_via_demo_bundid(client, email="neu@example.org", pin="123456"):
    start = client.post(
        reverse("egov:identity_start", args=["demo-bundid"]), {"next": "/buergerservice/", "level": "low"}
    )["Location"]
    back = client.post(start, {"level": "high", "given_name": "Nora", "family_name": "Neu", "email": email, "pin": pin})
    return client.get(back["Location"])


def _signup_link(outbox_message) -> str:
    match = re.search(r"https?://[^/\s]+(/buergerservice/identitaet/konto/[^\s]+/)", outbox_message.body)
    return match.group(1) if match else ""


def test_login_with_demo_bundid_creates_citizen_account_once(client):
    from modellkommune.accounts.models import User

    response = _login_via_demo_bundid(client)
    assert response["Location"] == reverse("egov:identity_signup_sent")
    assert not User.objects.filter(email="neu@example.org").exists()  # not before the e-mail is confirmed
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["neu@example.org"]
    link = _signup_link(mail.outbox[0])
    assert link
    assert not User.objects.exists()  # opening the link (a mail scanner) creates nothing
    assert client.get(link).status_code == 200
    assert client.post(link)["Location"] == reverse("egov:application_list")
    user = User.objects.get(email="neu@example.org")
    assert user.role == "citizen" and not user.has_usable_password()
    assert client.get(reverse("egov:application_list")).status_code == 200  # logged in
    client.logout()
    response = _login_via_demo_bundid(client)  # same e-mail and PIN: the same identity, logged in directly
    assert response["Location"] == "/buergerservice/"
    assert User.objects.filter(email="neu@example.org").count() == 1
    assert IdentityVerification.objects.filter(user=user).count() == 2
    assert client.get(reverse("egov:application_list")).status_code == 200


def test_login_with_demo_bundid_does_not_take_over_existing_account(client, citizen):
    response = _login_via_demo_bundid(client, email=citizen.email)
    assert response["Location"] == reverse("egov:identity_signup_sent")  # same page as for a new address
    assert client.get(reverse("egov:application_list")).status_code == 302  # still anonymous
    assert not IdentityVerification.objects.exists()
    assert len(mail.outbox) == 1 and "bereits ein Konto" in mail.outbox[0].body
    assert not _signup_link(mail.outbox[0])  # the owner is told; nothing to click that links the identity


def test_staff_cannot_log_in_through_identity_provider(client, clerk):
    from modellkommune.contrib.identity.base import IdentityResult
    from modellkommune.egov.services import identity_login

    IdentityVerification.objects.create(user=clerk, provider="demo-bundid", subject="demo-x", assurance_level="high")
    with pytest.raises(Exception, match="kann sich nicht"):
        identity_login(
            result=IdentityResult(
                provider="demo-bundid", subject="demo-x", assurance_level="high", extra={"email": "x@y.de"}
            )
        )


def test_demo_bundid_login_page_requires_email(client):
    start = client.post(reverse("egov:identity_start", args=["demo-bundid"]), {"next": "/", "level": "low"})["Location"]
    response = client.post(
        start, {"level": "low", "given_name": "A", "family_name": "B", "email": "kein-mail", "pin": "123456"}
    )
    assert response.status_code == 200
    assert "E-Mail-Adresse" in response.content.decode() and "Fehler:" in response.content.decode()
