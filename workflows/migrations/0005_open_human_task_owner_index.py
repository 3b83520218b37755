"""A partial index on viewflow's task table for the inbox and the menu's count: the open human
tasks by (owner, node). viewflow's table is not ours, so the index is raw SQL rather than a
model Meta.index; its predicate is the inbox's (workflows.inbox.open_tasks_query), so it stays
as small as the open tasks however many done tasks accumulate quarter after quarter.

PostgreSQL builds it CONCURRENTLY (no write lock on a table of millions of tasks; hence
atomic = False); SQLite has partial indexes too and builds it plainly."""

from django.db import migrations

INDEX = "workflows_open_human_task_owner"
COLUMNS_AND_PREDICATE = "(owner_id, flow_task) WHERE flow_task_type = 'HUMAN' AND status IN ('ASSIGNED', 'STARTED')"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON viewflow_task {COLUMNS_AND_PREDICATE}")
    elif vendor == "sqlite":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON viewflow_task {COLUMNS_AND_PREDICATE}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("workflows", "0004_delegation_and_referral_process_leave"),
        ("viewflow", "0015_task_scheduled"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
