"""BRIN index on the observation time for PostgreSQL: tiny, and good for time-range scans over the whole
table (observations arrive roughly in time order). SQLite has no BRIN; the B-tree indexes suffice there."""

from django.db import migrations

BRIN = "CREATE INDEX IF NOT EXISTS sensors_obs_time_brin ON sensors_observation USING brin (phenomenon_time_start)"
DROP = "DROP INDEX IF EXISTS sensors_obs_time_brin"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BRIN)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("sensors", "0001_sensorthings_entities")]

    operations = [migrations.RunPython(forwards, backwards)]
