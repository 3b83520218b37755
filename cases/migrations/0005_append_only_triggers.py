"""PostgreSQL: the access log, the case events and the history tables are append-only in the
database (UPDATE and DELETE refused by a trigger), except inside the anonymisation's window
(config.dbguard). A no-op on SQLite."""

from django.db import migrations

from config import dbguard


def install(apps, schema_editor):
    dbguard.install_guards(schema_editor.connection, dbguard.guarded_tables(apps))


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(dbguard.DROP_FUNCTION)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_review_cancelled_status"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
