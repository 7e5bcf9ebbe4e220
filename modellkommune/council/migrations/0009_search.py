"""Search that finds what German users type (see council/selectors_search.py and docs/council.md "Suche").

PostgreSQL only: a stored, weighted full-text vector kept by a trigger, so that the admin, the importer,
bulk inserts and raw SQL cannot leave it stale: German snowball stems of the title (A) and of title, text and
file texts (B), for prefix queries ("Breitband:*" finds "Breitbandversorgung"), and every suffix of every
title word unstemmed (A), so that a prefix query is a substring query on the title ("Anlage" finds
"Windkraftanlage"). One GIN index answers both. The column is not a model field: Django never reads or
writes it. The expression index of 0002 is replaced. SavedSearch gets an unguessable token for its RSS feed."""

import secrets

from django.db import migrations, models

import modellkommune.council.models.paper

VECTOR = (
    "setweight(to_tsvector('german'::regconfig, coalesce({row}.name, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, council_word_suffixes({row}.name)), 'A') || "
    "setweight(to_tsvector('german'::regconfig, coalesce({row}.search_text, '')), 'B')"
)
FORWARD = [
    "ALTER TABLE council_paper ADD COLUMN IF NOT EXISTS search_vector tsvector",
    # Every suffix (3 letters or more) of every title word, unstemmed: a prefix query on them is a substring
    # query on the title ("anlag:*" matches the suffix "anlage" of "windkraftanlage").
    """CREATE OR REPLACE FUNCTION council_word_suffixes(title text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(string_agg(substr(word, i), ' '), '')
        FROM regexp_split_to_table(lower(coalesce(title, '')), '[^[:alnum:]]+') AS word,
             generate_series(1, length(word) - 2) AS i
    $$""",
    f"""CREATE OR REPLACE FUNCTION council_paper_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector := {VECTOR.format(row="NEW")};
        RETURN NEW;
    END $$""",
    "DROP TRIGGER IF EXISTS council_paper_search_vector ON council_paper",
    "CREATE TRIGGER council_paper_search_vector BEFORE INSERT OR UPDATE OF name, search_text ON council_paper "
    "FOR EACH ROW EXECUTE FUNCTION council_paper_search_vector()",
    f"UPDATE council_paper SET search_vector = {VECTOR.format(row='council_paper')}",
    "CREATE INDEX IF NOT EXISTS council_paper_search_vector ON council_paper USING GIN (search_vector)",
    "DROP INDEX IF EXISTS council_paper_search_de",
]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS council_paper_search_de ON council_paper USING GIN (to_tsvector('german', search_text))",
    "DROP TRIGGER IF EXISTS council_paper_search_vector ON council_paper",
    "DROP FUNCTION IF EXISTS council_paper_search_vector()",
    "DROP FUNCTION IF EXISTS council_word_suffixes(text)",
    "ALTER TABLE council_paper DROP COLUMN IF EXISTS search_vector",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


def fill_tokens(apps, schema_editor):
    SavedSearch = apps.get_model("council", "SavedSearch")
    for saved in SavedSearch.objects.filter(token__isnull=True):
        saved.token = secrets.token_urlsafe(32)
        saved.save(update_fields=["token"])


class Migration(migrations.Migration):
    dependencies = [("council", "0008_members_reports")]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.AddField(
            model_name="savedsearch",
            name="token",
            field=models.CharField(editable=False, max_length=64, null=True, verbose_name="Feed-Schlüssel"),
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="savedsearch",
            name="token",
            field=models.CharField(
                default=modellkommune.council.models.paper.saved_search_token,
                editable=False,
                max_length=64,
                unique=True,
                verbose_name="Feed-Schlüssel",
            ),
        ),
    ]
