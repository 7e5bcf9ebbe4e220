"""Approval produces a Bescheid: barrier-free PDF with letterhead and remedy notice, in the mailbox, downloadable."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from modellkommune.egov import services
from modellkommune.egov.constants import ApplicationStatus
from modellkommune.egov.models import Message

pytestmark = pytest.mark.django_db


def _approve(clerk, application, capture):
    with capture(execute=True):
        services.application_status_change(actor=clerk, application=application, new_status=ApplicationStatus.APPROVED)
    application.refresh_from_db()


def test_approval_delivers_a_decision_pdf(
    client, citizen, clerk, submitted, municipality, settings, django_capture_on_commit_callbacks
):
    settings.EGOV_DECISION_COURT = "Verwaltungsgericht Arnsberg, Jägerstraße 1, 59821 Arnsberg"
    _approve(clerk, submitted, django_capture_on_commit_callbacks)
    assert submitted.decision_pdf
    message = Message.objects.filter(recipient=citizen).latest("pk")  # one message for the approval
    assert "bewilligt" in message.subject and "Bescheid" in message.body

    client.force_login(citizen)
    url = reverse("egov:application_decision", args=[submitted.pk])
    assert url in client.get(reverse("egov:message_detail", args=[message.pk])).content.decode()
    detail = client.get(submitted.get_absolute_url()).content.decode()
    assert url in detail and "Bescheid herunterladen" in detail
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"Bescheid-{submitted.reference}.pdf" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert municipality.official_name in text  # letterhead
    assert submitted.reference in text and "Anwohnerparkausweis" in text
    assert "Rechtsbehelfsbelehrung" in text and "Verwaltungsgericht Arnsberg" in text
    root = reader.trailer["/Root"]
    assert str(root["/Lang"]).startswith("de") and "/StructTreeRoot" in root
    assert b"pdfuaid" in bytes(root["/Metadata"].get_object().get_data())


def test_decision_is_only_for_the_applicant(
    client, other_citizen, clerk, submitted, django_capture_on_commit_callbacks
):
    _approve(clerk, submitted, django_capture_on_commit_callbacks)
    client.force_login(other_citizen)
    assert client.get(reverse("egov:application_decision", args=[submitted.pk])).status_code == 404


def test_no_decision_before_approval_or_on_rejection(
    client, citizen, clerk, submitted, django_capture_on_commit_callbacks
):
    client.force_login(citizen)
    url = reverse("egov:application_decision", args=[submitted.pk])
    assert client.get(url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        services.application_status_change(
            actor=clerk, application=submitted, new_status=ApplicationStatus.REJECTED, comment="Unterlagen fehlen"
        )
    submitted.refresh_from_db()
    assert submitted.decision_pdf is None
    assert client.get(url).status_code == 404


def test_anonymisation_removes_the_decision(clerk, submitted, django_capture_on_commit_callbacks):
    from modellkommune.egov.privacy import application_anonymise

    _approve(clerk, submitted, django_capture_on_commit_callbacks)
    application_anonymise(application=submitted)
    submitted.refresh_from_db()
    assert submitted.decision_pdf is None
