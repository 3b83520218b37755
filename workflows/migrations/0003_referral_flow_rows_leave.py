"""The referral's status is its one state (support.Referral, a protected django-fsm field with
its own history): the viewflow rows that only mirrored it leave with the referral flow."""

from django.db import migrations

FORWARD = [
    "DELETE FROM viewflow_task_previous WHERE from_task_id IN (SELECT id FROM viewflow_task WHERE process_id IN (SELECT process_ptr_id FROM workflows_referralprocess)) OR to_task_id IN (SELECT id FROM viewflow_task WHERE process_id IN (SELECT process_ptr_id FROM workflows_referralprocess))",
    "DELETE FROM viewflow_task WHERE process_id IN (SELECT process_ptr_id FROM workflows_referralprocess)",
    "CREATE TEMPORARY TABLE dh_referral_processes AS SELECT process_ptr_id FROM workflows_referralprocess",
    "DELETE FROM workflows_referralprocess",
    "DELETE FROM viewflow_process WHERE id IN (SELECT process_ptr_id FROM dh_referral_processes)",
    "DROP TABLE dh_referral_processes",
]


def forward(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for sql in FORWARD:
            cursor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('workflows', '0002_referral_process'),
        ('viewflow', '0015_task_scheduled'),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
