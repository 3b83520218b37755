"""A covering index for the reports' live "state at the period end" (reports.indicators.
live_state_at_end_sql: the last event with a to_state before a moment, per case). In the
window's order (case, latest first) and holding to_state, PostgreSQL reads it as an index-only
scan already sorted for the window, instead of sorting every event of the country. Partial:
events without a to_state never count. Built CONCURRENTLY on PostgreSQL (atomic = False);
SQLite has no INCLUDE, so to_state is a key column there."""

from django.db import migrations

INDEX = "caseevent_state_at_end"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON cases_caseevent (case_id, created_at DESC, id DESC) "
            "INCLUDE (to_state) WHERE to_state <> ''"
        )
    elif vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON cases_caseevent (case_id, created_at DESC, id DESC, to_state) WHERE to_state <> ''"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("cases", "0012_merge_notification_case_optional")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
