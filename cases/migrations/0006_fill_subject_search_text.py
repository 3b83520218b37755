"""Fill Subject.search_text for the people listed before it existed (see cases.search)."""

import re
import unicodedata

from django.db import migrations


def _normalise(text):
    text = unicodedata.normalize("NFD", text or "")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d").replace("Đ", "D").casefold()
    text = re.sub(r"[^\w]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def forwards(apps, schema_editor):
    Subject = apps.get_model("cases", "Subject")
    batch = []
    for subject in Subject.objects.select_related("area").only("pk", "full_name", "national_id", "area__name").iterator(chunk_size=2000):
        parts = [_normalise(subject.full_name), _normalise(subject.area.name), subject.national_id or ""]
        subject.search_text = (" " + " ".join(p for p in parts if p))[:300]
        batch.append(subject)
        if len(batch) >= 2000:
            Subject.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Subject.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_subject_search_text")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
