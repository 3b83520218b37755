"""Plans of queries on PostgreSQL, for tests that assert an index serves a query."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection


@contextmanager
def seqscans_priced_out(*also: str):
    """Within the block, PostgreSQL plans as if sequential scans were too dear (as they are on
    a table of millions of rows; a test's handful of rows would otherwise be scanned), and the
    plan nodes named in `also` too ("sort": sorting every row of a place to show its first page)."""
    names = ["seqscan", *also]
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"SET enable_{name} = off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name in names:
                cursor.execute(f"RESET enable_{name}")


def plan_of(sql: str, params=()) -> str:
    """The text of EXPLAIN for `sql`."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())
