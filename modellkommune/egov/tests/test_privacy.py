import datetime as dt
import io
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from modellkommune.egov import services, tasks
from modellkommune.egov.models import Application, Message

pytestmark = pytest.mark.django_db


def _close(clerk, application):
    services.application_status_change(actor=clerk, application=application, new_status="approved")
    services.application_status_change(actor=clerk, application=application, new_status="closed")
    application.refresh_from_db()
    return application


def test_retention_anonymises_only_after_period(clerk, citizen, service, submitted):
    service.retention_days = 30
    service.save()
    _close(clerk, submitted)
    assert tasks.retention_enforce.delay().get()["anonymised"] == 0
    Application.objects.filter(pk=submitted.pk).update(closed_at=timezone.now() - dt.timedelta(days=31))
    result = tasks.retention_enforce.delay().get()
    assert result["anonymised"] == 1
    submitted.refresh_from_db()
    assert submitted.applicant is None and submitted.data == {} and not submitted.receipt_pdf
    assert not submitted.files.exists()
    assert not Message.objects.filter(recipient=citizen, application=submitted).exists()
    assert submitted.reference  # statistics keep the case itself
    assert tasks.retention_enforce.delay().get()["anonymised"] == 0  # idempotent


def test_open_applications_are_never_anonymised(citizen, service, submitted):
    service.retention_days = 0
    service.save()
    Application.objects.filter(pk=submitted.pk).update(submitted_at=timezone.now() - dt.timedelta(days=999))
    tasks.retention_enforce.delay()
    submitted.refresh_from_db()
    assert submitted.data


def test_stale_drafts_are_deleted(citizen, service):
    draft = services.application_draft_start(user=citizen, service=service)
    Application.objects.filter(pk=draft.pk).update(modified=timezone.now() - dt.timedelta(days=400))
    assert tasks.retention_enforce.delay().get()["drafts_deleted"] == 1
    assert not Application.objects.filter(pk=draft.pk).exists()


def test_download_my_data_json_and_zip(client, citizen, other_citizen, submitted, service):
    other = services.application_draft_start(user=other_citizen, service=service)
    services.application_draft_save(user=other_citizen, application=other, data={"name": "Fremd Person"})
    client.force_login(citizen)
    data = client.get(reverse("egov:my_data_json")).json()
    assert data["konto"]["email"] == citizen.email
    assert [a["aktenzeichen"] for a in data["antraege"]] == [submitted.reference]
    assert data["antraege"][0]["angaben"]["name"] == "Erika Mustermann"
    assert data["postfach"] and "Fremd Person" not in json.dumps(data)
    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("egov:my_data_zip")).content))
    names = archive.namelist()
    assert "daten.json" in names
    assert f"eingangsbestaetigungen/{submitted.reference}.pdf" in names
    assert any(n.startswith(f"anlagen/{submitted.pk}/") for n in names)


def test_task_names_match_the_beat_schedule(settings):
    assert tasks.receipt_render.name == "modellkommune.egov.tasks.receipt_render"
    assert tasks.retention_enforce.name == "modellkommune.egov.tasks.retention_enforce"
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks.retention_enforce.name in scheduled
