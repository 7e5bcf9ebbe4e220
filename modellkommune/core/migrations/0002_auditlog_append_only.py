"""On PostgreSQL the audit trail is append-only at the database level: UPDATE and DELETE raise."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION core_auditlogentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'core_auditlogentry is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditlogentry_append_only
    BEFORE UPDATE OR DELETE ON core_auditlogentry
    FOR EACH ROW EXECUTE FUNCTION core_auditlogentry_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS core_auditlogentry_append_only ON core_auditlogentry;
DROP FUNCTION IF EXISTS core_auditlogentry_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
