"""Fill ResidentialArea.search_text for the khu dân cư recorded before it existed (areas.search)."""

import re
import unicodedata

from django.db import migrations

AREA_LABELS = {
    "thon": "Thôn", "to_dan_pho": "Tổ dân phố", "ap": "Ấp", "ban": "Bản", "khu_pho": "Khu phố",
    "khom": "Khóm", "xom": "Xóm", "lang": "Làng", "buon": "Buôn", "soc": "Sóc",
}
COMMUNE_LABELS = {"xa": "Xã", "phuong": "Phường", "dac_khu": "Đặc khu"}


def _normalise(text):
    text = unicodedata.normalize("NFD", text or "")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d").replace("Đ", "D").casefold()
    text = re.sub(r"[^\w]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def forwards(apps, schema_editor):
    Area = apps.get_model("areas", "ResidentialArea")
    batch = []
    for area in Area.objects.select_related("commune__province").iterator(chunk_size=2000):
        parts = [
            f"{AREA_LABELS.get(area.kind, '')} {area.name}", f"{COMMUNE_LABELS.get(area.commune.kind, '')} {area.commune.name}",
            area.commune.province.name, area.code,
        ]
        area.search_text = (" " + " ".join(_normalise(p) for p in parts if p))[:300]
        batch.append(area)
        if len(batch) >= 2000:
            Area.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Area.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("areas", "0004_residential_area_search_text")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
