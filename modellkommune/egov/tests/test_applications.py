import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from modellkommune.egov.constants import ApplicationStatus
from modellkommune.egov.models import Application, Message

from .conftest import PDF

pytestmark = pytest.mark.django_db


def _start(client, service) -> Application:
    response = client.post(reverse("egov:application_start", args=[service.slug]))
    assert response.status_code == 302
    return Application.objects.get(service=service)


def test_anonymous_user_is_sent_to_login(client, service):
    response = client.post(reverse("egov:application_start", args=[service.slug]))
    assert response.status_code == 302 and "/konto/" in response["Location"]


def test_draft_is_saved_and_resumed(client, citizen, service):
    client.force_login(citizen)
    application = _start(client, service)
    edit = reverse("egov:application_edit", args=[application.pk])
    response = client.post(edit, {"name": "Erika", "action": "save"})
    assert response.status_code == 302
    assert _start(client, service).pk == application.pk  # starting again resumes the draft
    html = client.get(edit).content.decode()
    assert 'value="Erika"' in html
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.DRAFT


def test_full_flow_submission_gives_reference_receipt_and_mailbox_message(
    client, citizen, service, django_capture_on_commit_callbacks
):
    client.force_login(citizen)
    application = _start(client, service)
    edit = reverse("egov:application_edit", args=[application.pk])
    nachweis = io.BytesIO(PDF)
    nachweis.name = "nachweis.pdf"
    response = client.post(
        edit, {"name": "Erika Mustermann", "art": "b", "grund": "Umzug", "nachweis": nachweis, "action": "next"}
    )
    assert response["Location"] == reverse("egov:application_review", args=[application.pk])
    review = client.get(response["Location"]).content.decode()
    assert "Erika Mustermann" in review and "<td>Art B</td>" in review
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("egov:application_review", args=[application.pk]))
    application.refresh_from_db()
    assert re.fullmatch(r"A-\d{4}-\d{6}", application.reference)
    assert application.status == ApplicationStatus.RECEIVED
    assert application.due_date is not None
    detail = client.get(response["Location"]).content.decode()
    assert application.reference in detail
    pdf = client.get(reverse("egov:application_receipt", args=[application.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    assert application.reference in reader.pages[0].extract_text()
    assert reader.metadata.title == f"Eingangsbestätigung {application.reference}"
    root = reader.trailer["/Root"]
    assert str(root["/Lang"]).startswith("de")
    assert "/StructTreeRoot" in root  # tagged PDF
    assert b"pdfuaid" in bytes(root["/Metadata"].get_object().get_data())
    message = Message.objects.get(recipient=citizen)
    assert application.reference in message.subject
    assert mail.outbox and mail.outbox[0].to == [citizen.email]
    assert "Postfach" in mail.outbox[0].body


def test_submission_checks_all_fields_again_on_the_server(citizen, service):
    from django.core.exceptions import ValidationError

    from modellkommune.egov import services

    application = services.application_draft_start(user=citizen, service=service)
    services.application_draft_save(user=citizen, application=application, data={"name": "X", "art": "b"})
    with pytest.raises(ValidationError) as exc:
        services.application_submit(user=citizen, application=application)
    assert "grund" in exc.value.message_dict


def test_references_are_sequential(citizen, service, django_capture_on_commit_callbacks):
    from modellkommune.egov import services

    refs = []
    for _i in range(2):
        application = services.application_draft_start(user=citizen, service=service)
        services.application_draft_save(user=citizen, application=application, data={"name": "X", "art": "a"})
        refs.append(services.application_submit(user=citizen, application=application).reference)
    assert int(refs[1][-6:]) == int(refs[0][-6:]) + 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("nachweis.pdf", b"MZ\x90\x00" + b"\x00" * 100, "nicht das erlaubte Format"),
        ("bild.pdf", bytes.fromhex("89504e470d0a1a0a") + b"\x00" * 40, "nicht das erlaubte Format"),
        ("gross.pdf", PDF + b"0" * 3000, "zu groß"),
    ],
)
def test_upload_checked_by_content_and_size(client, citizen, service, name, content, message):
    client.force_login(citizen)
    application = _start(client, service)
    upload = io.BytesIO(content)
    upload.name = name
    response = client.post(
        reverse("egov:application_edit", args=[application.pk]),
        {"name": "X", "art": "a", "nachweis": upload, "action": "save"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not application.files.exists()


def test_reply_to_query_goes_back_to_in_progress(client, citizen, clerk, submitted):
    from modellkommune.egov import services

    services.application_status_change(
        actor=clerk, application=submitted, new_status="info_requested", comment="Bitte Nachweis nachreichen."
    )
    client.force_login(citizen)
    url = submitted.get_absolute_url()
    assert "Bitte Nachweis nachreichen." in client.get(url).content.decode()
    client.post(url, {"text": "Ist unterwegs."})
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.IN_PROGRESS
    assert submitted.messages.filter(direction="in", body="Ist unterwegs.").exists()


def test_mailbox_shows_unread_count_and_marks_read(client, citizen, submitted):
    client.force_login(citizen)
    html = client.get(reverse("egov:mailbox")).content.decode()
    assert "1 ungelesene Nachricht" in html
    message = Message.objects.get(recipient=citizen)
    client.get(reverse("egov:message_detail", args=[message.pk]))
    assert "0 ungelesene Nachrichten" in client.get(reverse("egov:mailbox")).content.decode()


def test_reply_with_document_is_checked_and_notifies_clerk(
    client, citizen, clerk, submitted, django_capture_on_commit_callbacks
):
    from modellkommune.egov import services

    services.application_assign(actor=clerk, application=submitted, assignee=clerk)
    services.application_status_change(
        actor=clerk, application=submitted, new_status="info_requested", comment="Bitte Nachweis."
    )
    client.force_login(citizen)
    bad = io.BytesIO(b"MZ" + b"\x00" * 200)
    bad.name = "nachweis.pdf"
    response = client.post(submitted.get_absolute_url(), {"text": "Anbei.", "attachment": bad})
    assert response.status_code == 200 and "nicht das erlaubte Format" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.INFO_REQUESTED
    good = io.BytesIO(PDF)
    good.name = "nachweis2.pdf"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(submitted.get_absolute_url(), {"text": "Anbei.", "attachment": good})
    assert submitted.files.filter(field="nachreichung", name="nachweis2.pdf").exists()
    assert [m.to for m in mail.outbox] == [[clerk.email]]
    assert "Anbei." not in mail.outbox[0].body  # no content in e-mails


def test_image_bomb_attachment_is_refused(client, citizen, service):
    """A 9.7 KB PNG of 8900×8900 pixels must not end up in a clerk's browser."""
    import copy

    from modellkommune.core.tests.images import bomb_png, small_png

    schema = copy.deepcopy(service.form_schema)  # the factory's schema is shared by all tests
    schema["properties"]["nachweis"]["x-file"] = {"accept": ["image/png"], "maxBytes": 100_000}
    service.form_schema = schema
    service.save()
    client.force_login(citizen)
    application = _start(client, service)
    url = reverse("egov:application_edit", args=[application.pk])
    upload = io.BytesIO(bomb_png())
    upload.name = "nachweis.png"
    response = client.post(url, {"name": "X", "art": "a", "nachweis": upload, "action": "save"})
    assert response.status_code == 200
    assert "zu viele Bildpunkte" in response.content.decode()
    assert not application.files.exists()
    upload = io.BytesIO(small_png())
    upload.name = "nachweis.png"
    client.post(url, {"name": "X", "art": "a", "nachweis": upload, "action": "save"})
    assert application.files.get().mime_type == "image/png"
