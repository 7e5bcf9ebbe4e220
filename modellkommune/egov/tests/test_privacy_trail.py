"""After retention no status step and no audit entry names the citizen; decided cases nobody closes
are closed and then anonymised by the same job; "Meine Daten" covers every app."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from modellkommune.core.models import AuditActor, AuditLogEntry
from modellkommune.egov import services, tasks
from modellkommune.egov.models import Application, StatusChange

pytestmark = pytest.mark.django_db


def _trail_text(application) -> str:
    """Every stored value of the case's status history and audit entries, actor names resolved."""
    changes = list(StatusChange.objects.filter(application=application).values())
    audit = list(
        AuditLogEntry.objects.filter(object_type="egov.application", object_id=str(application.pk)).values(
            "actor_pseudonym", "actor_repr", "object_repr", "message", "changes", "ip_address"
        )
    )
    return json.dumps([changes, audit], default=str)


def _citizen_traces(citizen, application) -> list:
    text = _trail_text(application)
    found = [v for v in (citizen.email, citizen.username, citizen.first_name, citizen.last_name) if v and v in text]
    if StatusChange.objects.filter(application=application, actor_id=citizen.pk).exists():
        found.append("status history actor_id")
    if AuditLogEntry.objects.filter(object_type="egov.application", object_id=str(application.pk), actor=citizen):
        found.append("audit actor")
    return found


def test_retention_removes_the_citizen_from_history_and_audit(clerk, citizen, service, submitted):
    services.application_status_change(actor=clerk, application=submitted, new_status="approved")
    services.application_status_change(actor=clerk, application=submitted, new_status="closed")
    assert _citizen_traces(citizen, submitted)  # before: the trail names the citizen
    service.retention_days = 30
    service.save()
    Application.objects.filter(pk=submitted.pk).update(closed_at=timezone.now() - dt.timedelta(days=31))

    assert tasks.retention_enforce.delay().get()["anonymised"] == 1

    assert _citizen_traces(citizen, submitted) == []
    assert not AuditActor.objects.filter(user=citizen, scope=f"egov.application:{submitted.pk}").exists()
    submit_entry = AuditLogEntry.objects.get(object_id=str(submitted.pk), message="Antrag eingereicht")
    assert submit_entry.actor_repr == "anonymisiert" and submit_entry.actor is None
    # the staff's work stays attributable
    text = _trail_text(submitted)
    assert clerk.get_username() in text
    assert StatusChange.objects.filter(application=submitted, actor=clerk).count() == 2


def test_decided_applications_nobody_closes_are_closed_then_anonymised(
    settings, clerk, citizen, service, submitted, other_citizen
):
    settings.EGOV_DECIDED_CLOSE_DAYS = 60
    service.retention_days = 30
    service.save()
    services.application_status_change(actor=clerk, application=submitted, new_status="approved")
    fresh = services.application_draft_start(user=other_citizen, service=service)
    Application.objects.filter(pk=fresh.pk).update(status="rejected")  # decided, but recently

    now = timezone.now()
    assert tasks.retention_enforce.delay().get()["closed"] == 0
    Application.objects.filter(pk=submitted.pk).update(modified=now - dt.timedelta(days=61))
    assert tasks.retention_enforce.delay().get() == {"closed": 1, "anonymised": 0, "drafts_deleted": 0}
    submitted.refresh_from_db()
    assert submitted.status == "closed" and submitted.closed_at is not None and submitted.data
    assert submitted.status_changes.last().actor_repr == "System"
    assert Application.objects.get(pk=fresh.pk).status == "rejected"

    Application.objects.filter(pk=submitted.pk).update(closed_at=now - dt.timedelta(days=31))
    assert tasks.retention_enforce.delay().get()["anonymised"] == 1
    submitted.refresh_from_db()
    assert submitted.applicant is None and submitted.data == {}
    assert _citizen_traces(citizen, submitted) == []
    assert submitted.status_changes.last().actor_repr == "System"  # the system step is not relabelled


def test_export_contains_every_category(client, citizen, other_citizen, submitted, municipality):
    from modellkommune.council.models import SavedSearch
    from modellkommune.egov.appointments.tests.factories import BookingFactory
    from modellkommune.egov.reports.tests.factories import ReportFactory
    from modellkommune.portal.models import ContactMessage

    start = timezone.now() + dt.timedelta(days=3)
    ReportFactory(user=citizen, email="", description="Laterne defekt am Markt")
    ReportFactory(email=citizen.email.upper(), description="Ohne Konto gemeldet")
    ReportFactory(user=other_citizen, description="Fremde Meldung")
    SavedSearch.objects.create(user=citizen, query="Radweg")
    SavedSearch.objects.create(user=other_citizen, query="Fremdsuche")
    BookingFactory(email=citizen.email, name="Erika Mustermann", start=start, end=start + dt.timedelta(minutes=20))
    BookingFactory(email=other_citizen.email, name="Mallory", start=start, end=start + dt.timedelta(minutes=20))
    ContactMessage.objects.create(name="Erika", email=citizen.email, subject="Frage", message="Wann öffnet ...?")
    ContactMessage.objects.create(name="M", email=other_citizen.email, subject="Fremd", message="x")

    client.force_login(citizen)
    data = client.get(reverse("egov:my_data_json")).json()

    assert [a["aktenzeichen"] for a in data["antraege"]] == [submitted.reference]
    assert data["postfach"] and data["konto"]["email"] == citizen.email
    assert {r["beschreibung"] for r in data["maengelmeldungen"]} == {"Laterne defekt am Markt", "Ohne Konto gemeldet"}
    assert [s["suchbegriff"] for s in data["suchabos"]] == ["Radweg"]
    assert [t["name"] for t in data["termine"]] == ["Erika Mustermann"]
    assert [k["betreff"] for k in data["kontaktanfragen"]] == ["Frage"]
    dump = json.dumps(data, ensure_ascii=False)
    assert "Fremd" not in dump and "Mallory" not in dump and other_citizen.email not in dump
