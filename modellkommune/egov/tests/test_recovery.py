"""A worker killed after the submission committed leaves no receipt and no e-mail; the recovery job
finishes both, exactly once, and does nothing when run again."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from modellkommune.egov import services, tasks
from modellkommune.egov.models import Application, Message

from .conftest import PDF

pytestmark = pytest.mark.django_db


def _submit_and_crash(user, service, django_capture_on_commit_callbacks):
    """Submit, then drop the on-commit work (receipt, e-mail) as a kill -9 after COMMIT would."""
    application = services.application_draft_start(user=user, service=service)
    services.application_draft_save(
        user=user,
        application=application,
        data={"name": "Erika Mustermann", "art": "a"},
        files={"nachweis": SimpleUploadedFile("nachweis.pdf", PDF)},
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.application_submit(user=user, application=application)
    assert callbacks  # the receipt and e-mail were only queued, and are now lost
    application.refresh_from_db()
    return application


def test_job_renders_missing_receipt_and_sends_one_email(citizen, service, django_capture_on_commit_callbacks):
    application = _submit_and_crash(citizen, service, django_capture_on_commit_callbacks)
    assert application.status == "received" and application.reference
    assert application.receipt_pdf is None and mail.outbox == []

    result = tasks.artefacts_recover.delay().get()

    assert result == {"receipts": 1, "emails": 1}
    application.refresh_from_db()
    text = PdfReader(io.BytesIO(bytes(application.receipt_pdf))).pages[0].extract_text()
    assert application.reference in text
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [citizen.email]
    assert application.reference in mail.outbox[0].subject

    before = bytes(application.receipt_pdf)
    assert tasks.artefacts_recover.delay().get() == {"receipts": 0, "emails": 0}
    application.refresh_from_db()
    assert bytes(application.receipt_pdf) == before
    assert len(mail.outbox) == 1


def test_normal_path_and_job_never_send_twice(citizen, service, django_capture_on_commit_callbacks):
    application = _submit_and_crash(citizen, service, django_capture_on_commit_callbacks)
    message = Message.objects.get(application=application)
    # the queued task arrives late, after the job already sent the e-mail (or the other way round)
    tasks.artefacts_recover.delay()
    assert tasks.message_email_send.delay(message.pk).get() is False
    assert len(mail.outbox) == 1


def test_failed_send_is_retried_by_the_job(citizen, service, django_capture_on_commit_callbacks, monkeypatch):
    application = _submit_and_crash(citizen, service, django_capture_on_commit_callbacks)
    message = Message.objects.get(application=application)

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(tasks, "send_mail", broken)
    with pytest.raises(ConnectionRefusedError):
        tasks.message_email_send(message.pk)
    message.refresh_from_db()
    assert message.notified_at is None  # claim released
    monkeypatch.undo()
    assert tasks.artefacts_recover.delay().get()["emails"] == 1
    assert len(mail.outbox) == 1


def test_old_and_anonymised_cases_are_left_alone(citizen, service, django_capture_on_commit_callbacks):
    application = _submit_and_crash(citizen, service, django_capture_on_commit_callbacks)
    Message.objects.filter(application=application).update(created=timezone.now() - dt.timedelta(days=30))
    Application.objects.filter(pk=application.pk).update(anonymised_at=timezone.now())
    assert tasks.artefacts_recover.delay().get() == {"receipts": 0, "emails": 0}
    assert mail.outbox == []


def test_job_is_in_the_beat_schedule(settings):
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks.artefacts_recover.name == "modellkommune.egov.tasks.artefacts_recover"
    assert tasks.artefacts_recover.name in scheduled
