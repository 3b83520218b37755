"""The one sanctioned way past the database's append-only guards.

On PostgreSQL, triggers (added by a migration) refuse UPDATE and DELETE on the access log,
the case events and the history tables, unless the transaction has set
`dong_hanh.anonymising = 'on'`. Only the retention job's anonymisation opens that window,
and only for its own transaction (SET LOCAL ends with the transaction).
On SQLite there are no triggers and this is a no-op.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections, transaction

SETTING = "dong_hanh.anonymising"


@contextmanager
def anonymisation_window(using: str = "default") -> Iterator[None]:
    """Inside one transaction, allow the anonymisation's UPDATEs of guarded rows."""
    with transaction.atomic(using=using):
        connection = connections[using]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'on', true)", [SETTING])
        yield
