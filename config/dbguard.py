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
    with _window(using):
        yield


@contextmanager
def backdating_window(using: str = "default") -> Iterator[None]:
    """The demo data (demo/) and the tests' report data backdate events and history rows so
    that timelines and past periods exist. Refused unless ALLOW_BACKDATING (on with DEBUG and
    in the test settings, off in production): production data is never backdated."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    if not getattr(settings, "ALLOW_BACKDATING", False):
        raise ImproperlyConfigured("Backdating events runs only with DJANGO_DEBUG=1 (demo) or in tests.")
    with _window(using):
        yield


@contextmanager
def _window(using: str) -> Iterator[None]:
    # SET LOCAL lasts until the outermost transaction ends, so when the window is nested in a
    # larger transaction (a request, a test) it is closed again explicitly on the way out; on an
    # error the savepoint's rollback undoes the setting by itself.
    with transaction.atomic(using=using):
        connection = connections[using]
        postgres = connection.vendor == "postgresql"
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'on', true)", [SETTING])
        yield
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'off', true)", [SETTING])


# --- The guards themselves (PostgreSQL) ------------------------------------------------------
# One trigger function refuses UPDATE and DELETE unless the transaction opened the window above.
# The cases migration 0005 installs it with the triggers on the tables that exist then; the
# post_migrate receiver below adds the triggers to the history tables of apps migrated later.
# TRUNCATE fires no row trigger: only the tables' owner (the migrations role) may truncate,
# see README "Database roles".

FUNCTION = "dong_hanh_append_only"
TRIGGER = "dong_hanh_append_only"

CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('{SETTING}', true), '') = 'on' THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'Đồng Hành: % on % is refused: the table is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Only the anonymisation (config.dbguard.anonymisation_window) may change these rows.';
END
$$;
"""
DROP_FUNCTION = f"DROP FUNCTION IF EXISTS {FUNCTION}() CASCADE;"

# Guarded besides every history table (simple-history's Historical* models).
GUARDED_MODELS = ("cases.AccessLog", "cases.CaseEvent")


def guarded_tables(app_registry) -> list[str]:
    tables = []
    for model in app_registry.get_models():
        is_history = model.__name__.startswith("Historical") and any(f.name == "history_id" for f in model._meta.fields)
        if is_history or model._meta.label in GUARDED_MODELS:
            tables.append(model._meta.db_table)
    return sorted(set(tables))


def install_guards(connection, tables) -> list[str]:
    """Create the function and a trigger on each existing table; idempotent. Returns the
    tables that are guarded."""
    if connection.vendor != "postgresql":
        return []
    existing = set(connection.introspection.table_names())
    done = []
    with connection.cursor() as cursor:
        cursor.execute(CREATE_FUNCTION)
        for table in tables:
            if table not in existing:
                continue
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {quoted}")
            cursor.execute(f"CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON {quoted} FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()")
            done.append(table)
    return done


def install_guards_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate receiver: history tables of every app, those added later included."""
    from django.apps import apps

    install_guards(connections[using], guarded_tables(apps))
