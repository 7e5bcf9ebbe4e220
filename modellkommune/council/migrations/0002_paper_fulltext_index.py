"""German full-text index on PostgreSQL; SQLite searches with substring matching instead."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS council_paper_search_de ON council_paper "
    "USING GIN (to_tsvector('german', search_text))"
)
DROP = "DROP INDEX IF EXISTS council_paper_search_de"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("council", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
