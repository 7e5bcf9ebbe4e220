"""Migration 0003 moves existing audit rows to pseudonyms: no id, name or address stays in them,
staff stay attributable, people deleted earlier become anonymous; on PostgreSQL the append-only
trigger is back on afterwards."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("core", "0002_auditlog_append_only")]
AFTER = [("core", "0003_audit_pseudonyms")]


@pytest.fixture
def latest_schema_afterwards():
    """Going back to core 0002 also unapplies every migration of other apps that depends on a later core
    migration (e.g. council 0008); put the whole schema back, or later tests in this process miss tables."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_existing_rows_are_pseudonymised(latest_schema_afterwards):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    User = old.get_model("accounts", "User")
    Entry = old.get_model("core", "AuditLogEntry")
    citizen = User.objects.create(username="erika@example.org", email="erika@example.org", role="citizen")
    clerk = User.objects.create(username="clerk@iserlohn.example", email="clerk@iserlohn.example", role="staff")
    common = {"action": "action", "object_repr": "A-2026-000001", "message": "Antrag eingereicht"}
    Entry.objects.create(
        actor=citizen, actor_repr=citizen.username, object_type="egov.application", object_id="7", **common
    )
    Entry.objects.create(
        actor=clerk, actor_repr=clerk.username, object_type="egov.application", object_id="7", **common
    )
    Entry.objects.create(
        actor=clerk,
        actor_repr=clerk.username,
        action="update",
        object_type="accounts.user",
        object_id=str(citizen.pk),
        object_repr="Erika Mustermann <erika@example.org>",
        changes={"email": ["alt@example.org", "erika@example.org"]},
    )
    Entry.objects.create(actor=None, actor_repr="geloescht@example.org", object_type="t", object_id="1", **common)
    Entry.objects.create(actor=None, actor_repr="System", object_type="t", object_id="2", **common)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    from modellkommune.core.models import AuditActor, AuditLogEntry

    raw = list(AuditLogEntry.objects.values("actor_pseudonym", "object_id", "object_repr", "changes"))
    text = str(raw)
    assert "erika@example.org" not in text and "clerk@iserlohn" not in text and "alt@example.org" not in text
    assert str(citizen.pk) not in [r["object_id"] for r in raw if r["object_repr"] == "Benutzerkonto"]
    by_object = {(e.object_type, e.object_id, e.actor_repr) for e in AuditLogEntry.objects.all()}
    assert ("egov.application", "7", "erika@example.org") in by_object  # resolved through the mapping
    assert ("egov.application", "7", "clerk@iserlohn.example") in by_object
    assert ("t", "1", "anonymisiert") in by_object and ("t", "2", "System") in by_object
    assert AuditActor.objects.get(user_id=citizen.pk, scope="egov.application:7")
    assert AuditActor.objects.filter(user_id=clerk.pk).values_list("scope", flat=True).get() == ""
    # forgetting the citizen's case mapping makes the entry anonymous
    AuditActor.objects.filter(user_id=citizen.pk, scope="egov.application:7").delete()
    assert AuditLogEntry.objects.filter(object_id="7", actor_repr="anonymisiert").count() == 1
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditLogEntry.objects.update(message="manipuliert")
