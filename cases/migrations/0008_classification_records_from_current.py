"""Data: each person's current A/B/C/D classification becomes the first row of its history,
dated the day the person was listed (the only date known for it), set by nobody recorded."""

from django.db import migrations
from django.utils import timezone

NOTE = "Phân loại có trước khi lưu lịch sử phân loại"


def forwards(apps, schema_editor):
    Subject = apps.get_model("cases", "Subject")
    ClassificationRecord = apps.get_model("cases", "ClassificationRecord")
    rows = []
    for subject_id, classification, created_at in Subject.objects.exclude(classification="").values_list(
        "pk", "classification", "created_at"
    ):
        if ClassificationRecord.objects.filter(subject_id=subject_id).exists():
            continue
        rows.append(
            ClassificationRecord(
                subject_id=subject_id, classification=classification, set_on=timezone.localtime(created_at).date(), note=NOTE
            )
        )
    ClassificationRecord.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_legal_tasks_shortenings_calendar_classifications")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
