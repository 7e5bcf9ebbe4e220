import datetime as dt
import json

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from modellkommune.accounts.tests.factories import StaffFactory
from modellkommune.core.models import AuditLogEntry
from modellkommune.egov import services
from modellkommune.egov.constants import ApplicationStatus
from modellkommune.egov.models import Message

pytestmark = pytest.mark.django_db


def _manage(application):
    return reverse("egov:backoffice_application", args=[application.pk])


@pytest.mark.parametrize(
    ("path", "final"),
    [
        (["in_progress", "approved", "closed"], "closed"),
        (["info_requested", "rejected", "closed"], "closed"),
        (["in_progress", "info_requested", "in_progress", "rejected"], "rejected"),
    ],
)
def test_each_status_change_messages_the_applicant(
    staff_client, citizen, submitted, path, final, django_capture_on_commit_callbacks
):
    before = Message.objects.filter(recipient=citizen).count()
    mail.outbox.clear()
    for status in path:
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(
                _manage(submitted), {"action": "status", "new_status": status, "comment": "Begründung"}
            )
        assert response.status_code == 302, response.content.decode()[:2000]
    submitted.refresh_from_db()
    assert submitted.status == final
    assert Message.objects.filter(recipient=citizen).count() == before + len(path)
    assert len(mail.outbox) == len(path)
    assert list(submitted.status_changes.values_list("new_status", flat=True)) == ["received", *path]


def test_invalid_transition_is_refused_with_message(staff_client, submitted):
    response = staff_client.post(_manage(submitted), {"action": "status", "new_status": "closed"})
    assert response.status_code == 200
    assert "Fehler:" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.RECEIVED


def test_rejection_needs_a_reason(clerk, submitted):
    with pytest.raises(ValidationError) as exc:
        services.application_status_change(actor=clerk, application=submitted, new_status="rejected", comment=" ")
    assert "comment" in exc.value.message_dict


def test_services_check_department_even_without_views(other_clerk, submitted):
    with pytest.raises(PermissionDenied):
        services.application_status_change(actor=other_clerk, application=submitted, new_status="in_progress")


def test_assign_note_deadline_and_history(staff_client, clerk, submitted):
    staff_client.post(_manage(submitted), {"action": "assign", "assignee": clerk.pk})
    staff_client.post(_manage(submitted), {"action": "note", "text": "Halterauskunft angefragt."})
    new_due = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    staff_client.post(_manage(submitted), {"action": "deadline", "due_date": new_due})
    submitted.refresh_from_db()
    assert submitted.assigned_to == clerk
    assert submitted.due_date.isoformat() == new_due
    html = staff_client.get(_manage(submitted)).content.decode()
    assert "Halterauskunft angefragt." in html
    assert "Frist geändert" in html and "interne Notiz hinzugefügt" in html
    assert AuditLogEntry.objects.filter(object_type="egov.application", object_id=str(submitted.pk)).count() >= 4


def test_internal_note_is_not_shown_to_applicant(client, clerk, citizen, submitted):
    services.application_note_add(actor=clerk, application=submitted, text="Vertraulicher Vermerk")
    client.force_login(citizen)
    assert "Vertraulicher Vermerk" not in client.get(submitted.get_absolute_url()).content.decode()
    assert "Vertraulicher Vermerk" not in json.dumps(
        client.get(reverse("egov:my_data_json")).json(), ensure_ascii=False
    )


def test_cannot_assign_to_staff_of_other_department(clerk, other_clerk, submitted):
    with pytest.raises(ValidationError):
        services.application_assign(actor=clerk, application=submitted, assignee=other_clerk)


def test_overdue_is_marked_in_words(staff_client, submitted):
    submitted.due_date = timezone.localdate() - dt.timedelta(days=1)
    submitted.save()
    html = staff_client.get(reverse("egov:backoffice")).content.decode()
    assert "überfällig" in html
    only_overdue = staff_client.get(reverse("egov:backoffice"), {"overdue": "1"}).content.decode()
    assert submitted.reference in only_overdue


def test_queue_filter_mine(staff_client, clerk, department, submitted):
    colleague = StaffFactory(department=department)
    services.application_assign(actor=clerk, application=submitted, assignee=colleague)
    assert submitted.reference not in staff_client.get(reverse("egov:backoffice"), {"mine": "1"}).content.decode()


def test_staff_edits_form_schema_without_code(staff_client, service):
    url = reverse("egov:backoffice_service_form", args=[service.slug])
    schema = {
        "type": "object",
        "properties": {"kennzeichen": {"type": "string", "title": "Kennzeichen"}},
        "required": ["kennzeichen"],
    }
    response = staff_client.post(url, {"action": "save", "schema": json.dumps(schema)})
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.form_schema == schema
    assert "Kennzeichen" in staff_client.get(url).content.decode()  # preview
    bad = staff_client.post(
        url, {"action": "save", "schema": '{"type": "object", "properties": {"x": {"type": "null"}}}'}
    )
    assert bad.status_code == 200 and "nicht unterstützt" in bad.content.decode()
    service.refresh_from_db()
    assert service.form_schema == schema


def test_staff_imports_fim_schema(staff_client, service, settings):
    url = reverse("egov:backoffice_service_form", args=[service.slug])
    path = settings.BASE_DIR / "testdata/fim/S00000092_hundesteuer.schema.json"
    with path.open("rb") as fh:
        response = staff_client.post(url, {"action": "import", "fim_file": fh})
    assert response.status_code == 302
    service.refresh_from_db()
    assert "g99000002_f99000003" in service.form_schema["properties"]


def test_staff_cannot_edit_form_of_other_department(client, other_clerk, service):
    from modellkommune.accounts.tests.utils import login_with_mfa

    login_with_mfa(client, other_clerk)
    url = reverse("egov:backoffice_service_form", args=[service.slug])
    assert client.post(url, {"action": "save", "schema": "{}"}).status_code == 404


def test_admin_refuses_unusable_schema(client, service, db):
    from modellkommune.accounts.tests.factories import StaffFactory
    from modellkommune.accounts.tests.utils import login_with_mfa

    superuser = StaffFactory(is_superuser=True, role="administrator")
    login_with_mfa(client, superuser)
    url = reverse("admin:egov_service_change", args=[service.pk])
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "department": service.department_id,
            "life_situations": [],
            "form_schema": '{"type": "object", "properties": {"x": {"type": "null"}}}',
            "fee": "0",
            "assurance_level": "",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "nicht unterstützt" in response.content.decode()
    service.refresh_from_db()
    assert "x" not in service.form_schema["properties"]


def test_rejection_without_reason_shows_error_at_the_field(staff_client, submitted):
    response = staff_client.post(_manage(submitted), {"action": "status", "new_status": "rejected", "comment": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_comment_error"' in html and "Bitte begründen Sie" in html
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.RECEIVED
