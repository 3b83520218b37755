"""Plans of queries on PostgreSQL, for tests that assert an index serves a query."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection


@contextmanager
def seqscans_priced_out():
    """Within the block, PostgreSQL plans as if sequential scans were too dear (as they are on
    a table of millions of rows; a test's handful of rows would otherwise be scanned)."""
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET enable_seqscan")


def plan_of(sql: str, params=()) -> str:
    """The text of EXPLAIN for `sql`."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())
