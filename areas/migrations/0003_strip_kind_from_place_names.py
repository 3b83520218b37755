"""Place names carry their kind once: "Tổ dân phố Chợ" of kind tổ dân phố becomes "Chợ"."""

from django.db import migrations

AREA_LABELS = {
    "thon": "Thôn", "to_dan_pho": "Tổ dân phố", "ap": "Ấp", "ban": "Bản", "khu_pho": "Khu phố",
    "khom": "Khóm", "xom": "Xóm", "lang": "Làng", "buon": "Buôn", "soc": "Sóc",
}
COMMUNE_LABELS = {"xa": "Xã", "phuong": "Phường", "dac_khu": "Đặc khu"}


def _strip(name, label):
    prefix = label.casefold() + " "
    if name.casefold().startswith(prefix) and len(name) > len(prefix):
        return name[len(prefix):]
    return name


def forwards(apps, schema_editor):
    for model_name, labels in (("ResidentialArea", AREA_LABELS), ("Commune", COMMUNE_LABELS)):
        model = apps.get_model("areas", model_name)
        for place in model.objects.all().only("pk", "name", "kind"):
            label = labels.get(place.kind)
            if label:
                bare = _strip(place.name, label)
                if bare != place.name:
                    model.objects.filter(pk=place.pk).update(name=bare)


class Migration(migrations.Migration):
    dependencies = [("areas", "0002_residential_area_kinds")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
