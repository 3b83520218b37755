"""On PostgreSQL: a pattern index on Subject.national_id (varchar_pattern_ops), so that the
start of an identity number (`national_id LIKE '001092%'`, cases.search.identity_prefix_q)
is an index range scan at a million people. The unique constraint's ordinary b-tree cannot
serve LIKE under a collation other than "C" (the databases run C.UTF-8 or vi_VN). Built
CONCURRENTLY (no write lock on the people; hence atomic = False). Nothing on SQLite."""

from django.db import migrations

INDEX = "cases_subject_national_id_pattern"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON cases_subject (national_id varchar_pattern_ops) WHERE national_id <> ''"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("cases", "0013_caseevent_state_at_end_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
