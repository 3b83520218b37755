"""The indexes a quarter opening writes to (migrations cases 0017 and workflows 0008): on the
columns a new review, process or task leaves empty, viewflow's and ours are partial (`IS NOT
NULL`), so the opening writes no index entry for those NULLs, and a lookup by a value still
reads the index."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.utils import timezone
from viewflow.workflow.models import Process, Task

from cases.models import QuarterlyReview
from tests.plans import plan_of, seqscans_priced_out

pytestmark = pytest.mark.postgres

# (model, column): partial on IS NOT NULL
PARTIAL = [
    (Task, "artifact_content_type_id"),
    (Task, "external_task_id"),
    (Task, "owner_permission_content_type_id"),
    (Task, "scheduled"),
    (Task, "seed_content_type_id"),
    (Process, "artifact_content_type_id"),
    (Process, "parent_task_id"),
    (Process, "seed_content_type_id"),
    (QuarterlyReview, "drafted_by_id"),
    (QuarterlyReview, "decided_by_id"),
    (QuarterlyReview, "decided_on_behalf_of_id"),
]


def _indexes(table: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
        return dict(cursor.fetchall())


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "column"), PARTIAL, ids=[f"{m._meta.db_table}.{c}" for m, c in PARTIAL])
def test_the_index_on_an_empty_column_is_partial_and_still_serves_a_lookup(model, column):
    table = model._meta.db_table
    # viewflow's own (and, on the process, its composite artifact index), not the wider ones of ours
    on_column = {name: sql for name, sql in _indexes(table).items() if re.search(rf"btree \({column}[ ,)]", sql)}
    assert on_column, f"no index on {table}.{column}"
    for name, sql in on_column.items():
        assert sql.endswith(f"WHERE ({column} IS NOT NULL)"), (name, sql)
    value = {"scheduled": timezone.now(), "external_task_id": "x"}.get(column, 1)
    with seqscans_priced_out():
        plan = plan_of(f"SELECT id FROM {table} WHERE {column} = %s", [value])
    assert any(name in plan for name in on_column), plan


@pytest.mark.django_db
def test_the_task_status_keeps_its_index_and_loses_the_pattern_copy():
    definitions = _indexes(Task._meta.db_table).values()
    on_status = [sql for sql in definitions if "(status" in sql and "flow_task_type" not in sql]
    assert on_status and all("pattern_ops" not in sql and "WHERE" not in sql for sql in on_status), on_status


@pytest.mark.django_db(transaction=True)
def test_the_migration_reverses_to_viewflows_full_indexes_and_back():
    from django.core.management import call_command

    call_command("migrate", "workflows", "0007", verbosity=0)
    try:
        definitions = _indexes(Task._meta.db_table)
        assert not any("IS NOT NULL" in sql for sql in definitions.values())
        assert any(name.endswith("_like") and "(status varchar_pattern_ops)" in sql for name, sql in definitions.items())
    finally:
        call_command("migrate", "workflows", verbosity=0)
    assert sum("IS NOT NULL" in sql for sql in _indexes(Task._meta.db_table).values()) == 6  # 5 columns, external_task_id twice
