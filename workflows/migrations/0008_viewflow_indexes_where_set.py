"""viewflow's single-column indexes on columns this project never sets (artifacts, seeds,
external ids, permission owners, timers, sub-processes) become partial: `WHERE column IS NOT
NULL`, under the same name. A quarter opening writes two tasks and a process for every active
case (1.4 million tasks a quarter at national scale), and each of them wrote an entry for its
NULL into each of these indexes: a third of the index writes of the opening, for lookups that
never happen. A lookup by a value (`column = x`, `column < x`) implies `IS NOT NULL`, so
PostgreSQL still answers it from the partial index; only a search for the NULLs loses it.

The pattern-ops copy of the status index (`…_like`, for LIKE 'x%' on status) is dropped: no
query filters tasks by a status prefix. The same for the pattern copy of external_task_id, made
partial like its plain index.

The names stay viewflow's, so a later viewflow migration that alters or drops one of these
fields finds its index by introspection as before (and Django drops `_like` indexes with IF
EXISTS). PostgreSQL only, CONCURRENTLY (no write lock on the task table; hence atomic = False);
SQLite keeps viewflow's indexes as they are. Reversible: the backwards step builds the full
indexes again."""

from django.db import migrations

# (table, column): viewflow's plain index on the column (and its pattern copy, if any) becomes partial
WHERE_SET = [
    ("viewflow_task", "artifact_content_type_id"),
    ("viewflow_task", "external_task_id"),
    ("viewflow_task", "owner_permission_content_type_id"),
    ("viewflow_task", "scheduled"),
    ("viewflow_task", "seed_content_type_id"),
    ("viewflow_process", "artifact_content_type_id"),
    ("viewflow_process", "parent_task_id"),
    ("viewflow_process", "seed_content_type_id"),
]
# viewflow's composite (artifact_content_type_id, artifact_object_id) index on the process
COMPOSITE = ("viewflow_process", "artifact_content_type_id", "artifact_object_id")
# (table, column) whose pattern-ops index is dropped
DROP_PATTERN = [("viewflow_task", "status")]


def _indexes(cursor, table: str, columns: tuple[str, ...], *, partial: bool):
    """(name, definition) of the non-unique indexes of `table` on exactly `columns`, in order."""
    cursor.execute(
        """SELECT i.relname, pg_get_indexdef(i.oid)
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
        WHERE t.relname = %s AND t.relnamespace = current_schema()::regnamespace AND NOT x.indisunique
          AND (x.indpred IS NOT NULL) = %s
          AND ARRAY(SELECT a.attname::text FROM unnest(x.indkey) WITH ORDINALITY k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n) = %s
        ORDER BY i.relname""",
        [table, partial, list(columns)],
    )
    return cursor.fetchall()


def _targets():
    yield from ((table, (column,), column) for table, column in WHERE_SET)
    table, *columns = COMPOSITE
    yield table, tuple(columns), columns[0]


def _rebuild(schema_editor, name: str, definition: str, predicate: str | None) -> None:
    """Build `definition` (pg_get_indexdef of index `name`) again under the same name, with
    `predicate` (or none), without locking writes: build a new one, drop the old, rename."""
    quote = schema_editor.quote_name
    body = definition.split(" WHERE ", 1)[0].split(" ON ", 1)[1]
    temporary = f"{name[:50]}_swap"
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {quote(temporary)}")
    where = f" WHERE {predicate}" if predicate else ""
    schema_editor.execute(f"CREATE INDEX CONCURRENTLY {quote(temporary)} ON {body}{where}")
    schema_editor.execute(f"DROP INDEX CONCURRENTLY {quote(name)}")
    schema_editor.execute(f"ALTER INDEX {quote(temporary)} RENAME TO {quote(name)}")


def _pattern_index(schema_editor, table: str, column: str) -> str:
    """The name Django gives the pattern-ops index of a column (and looks for when it alters it)."""
    return schema_editor._create_index_name(table, [column], suffix="_like")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table, columns, column in _targets():
            for name, definition in _indexes(cursor, table, columns, partial=False):
                _rebuild(schema_editor, name, definition, f"{schema_editor.quote_name(column)} IS NOT NULL")
        for table, column in DROP_PATTERN:
            schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {schema_editor.quote_name(_pattern_index(schema_editor, table, column))}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    with schema_editor.connection.cursor() as cursor:
        for table, columns, _column in _targets():
            for name, definition in _indexes(cursor, table, columns, partial=True):
                _rebuild(schema_editor, name, definition, None)
        for table, column in DROP_PATTERN:
            name = _pattern_index(schema_editor, table, column)
            schema_editor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {quote(name)} ON {quote(table)} ({quote(column)} varchar_pattern_ops)")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("workflows", "0007_reminder_preference"),
        ("viewflow", "0015_task_scheduled"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
