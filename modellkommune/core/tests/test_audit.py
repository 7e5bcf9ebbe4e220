import pytest
from django.contrib import admin
from django.db import DatabaseError, connection, transaction

from modellkommune.accounts.tests.factories import StaffFactory
from modellkommune.accounts.tests.utils import login_with_mfa
from modellkommune.core.admin import AuditedModelAdmin
from modellkommune.core.models import AuditLogEntry, Department


@pytest.fixture
def superuser(db):
    user = StaffFactory(is_superuser=True, email="chefin@iserlohn.example")
    return user


def test_admin_change_is_audited_with_diff(client, superuser):
    login_with_mfa(client, superuser)
    dept = Department.objects.create(name="Bürgerbüro", short_name="BB")
    response = client.post(
        f"/admin/core/department/{dept.pk}/change/",
        {"name": "Bürgerbüro Mitte", "short_name": "BB", "email": "", "phone": ""},
    )
    assert response.status_code == 302, response.content[:500]
    entry = AuditLogEntry.objects.get(object_type="core.department", object_id=str(dept.pk))
    assert entry.actor == superuser
    assert entry.action == "update"
    assert entry.changes["name"] == ["Bürgerbüro", "Bürgerbüro Mitte"]
    assert "modified" in entry.changes


def test_admin_delete_is_audited(client, superuser):
    login_with_mfa(client, superuser)
    dept = Department.objects.create(name="Zu löschen")
    response = client.post(f"/admin/core/department/{dept.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert AuditLogEntry.objects.filter(action="delete", object_repr="Zu löschen", actor=superuser).exists()


def test_audit_log_cannot_be_edited_even_by_superuser(client, superuser):
    login_with_mfa(client, superuser)
    entry = AuditLogEntry.objects.create(action="action", object_type="t", object_id="1", object_repr="r")
    assert client.get("/admin/core/auditlogentry/").status_code == 200
    detail = client.get(f"/admin/core/auditlogentry/{entry.pk}/change/")
    assert detail.status_code == 200 and "System" in detail.content.decode()
    assert client.post(f"/admin/core/auditlogentry/{entry.pk}/change/", {"message": "manipuliert"}).status_code == 403
    assert client.post(f"/admin/core/auditlogentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.message == ""


@pytest.mark.django_db
def test_audit_log_is_append_only_in_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL")
    entry = AuditLogEntry.objects.create(action="action", object_type="t", object_id="1", object_repr="r")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditLogEntry.objects.filter(pk=entry.pk).update(message="manipuliert")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditLogEntry.objects.filter(pk=entry.pk).delete()


def test_every_project_model_admin_is_audited():
    ours = [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_config.name.startswith("modellkommune.") and model is not AuditLogEntry
    ]
    assert ours, "no project admin registered"
    unaudited = [model._meta.label for model, model_admin in ours if not isinstance(model_admin, AuditedModelAdmin)]
    assert unaudited == []


def test_audit_rows_hold_pseudonyms_and_forgetting_anonymises(db):
    from modellkommune.accounts.tests.factories import UserFactory
    from modellkommune.core.services import audit_pseudonyms_forget, audit_record

    citizen = UserFactory(email="erika@example.org")
    clerk = StaffFactory(email="clerk@iserlohn.example")
    dept = Department.objects.create(name="Bürgerbüro")
    mine = audit_record(actor=citizen, action="action", obj=dept, message="x")
    staff = audit_record(actor=clerk, action="action", obj=dept, message="y")
    about_account = audit_record(actor=clerk, action="update", obj=citizen, changes={"email": ["a@b.c", citizen.email]})
    stored = list(AuditLogEntry.objects.values("actor_pseudonym", "object_id", "object_repr", "changes"))
    assert citizen.email not in str(stored) and str(citizen.pk) not in [r["object_id"] for r in stored]
    assert AuditLogEntry.objects.get(pk=mine.pk).actor_repr == citizen.get_username()
    assert AuditLogEntry.objects.get(pk=about_account.pk).object_repr == "Benutzerkonto"

    audit_pseudonyms_forget(scopes=[f"core.department:{dept.pk}"])
    assert AuditLogEntry.objects.get(pk=mine.pk).actor_repr == "anonymisiert"
    assert AuditLogEntry.objects.get(pk=staff.pk).actor_repr == clerk.get_username()  # staff stay
    audit_pseudonyms_forget(user=citizen)
    assert not AuditLogEntry.objects.filter(actor=citizen).exists()
