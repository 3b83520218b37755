"""An optional read replica for reads that tolerate lag (reports).

Nothing is routed unless code runs inside `replica_reads(alias)`: the report pages do, through
config.middleware.ReplicaReadsMiddleware, when READ_REPLICA_ALIAS names a configured database
(DATABASE_REPLICA_URL). Writes and migrations always go to "default"."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_alias: ContextVar[str | None] = ContextVar("dong_hanh_replica_alias", default=None)


@contextmanager
def replica_reads(alias: str) -> Iterator[None]:
    token = _alias.set(alias)
    try:
        yield
    finally:
        _alias.reset(token)


class ReadReplicaRouter:
    def db_for_read(self, model, **hints):
        return _alias.get()

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
