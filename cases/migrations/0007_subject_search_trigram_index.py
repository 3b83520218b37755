"""On PostgreSQL: the pg_trgm extension and a trigram index on Subject.search_text, so that
`LIKE '%…%'` searches stay fast at a million people. Nothing on other databases (SQLite scans)."""

from django.db import migrations

INDEX = "cases_subject_search_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON cases_subject USING gin (search_text gin_trgm_ops)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_fill_subject_search_text")]
    operations = [migrations.RunPython(forwards, backwards)]
