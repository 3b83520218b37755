"""The kinds of community models named in the seed plans (000, 002, 003, 004); more can be
added in the admin."""

from django.db import migrations

KINDS = [
    # code, name, mediation, self-management, core group
    ("to_hoa_giai", "Tổ hòa giải", True, False, False),
    ("tu_quan_antt", "Tự quản về an ninh trật tự", False, True, False),
    ("gia_dinh_tu_quan", "Gia đình tự quản", False, True, False),
    ("dong_ho_tu_quan", "Dòng họ tự quản", False, True, False),
    ("to_tu_quan", "Tổ tự quản", False, True, False),
    ("khu_dan_cu_tu_quan", "Khu dân cư tự quản", False, True, False),
    ("to_lien_gia_an_toan", "Tổ liên gia an toàn", False, True, False),
    ("doi_xung_kich", "Đội xung kích phòng, chống tội phạm", False, True, False),
    ("nhom_nong_cot", "Nhóm nòng cốt", False, False, True),
    ("cau_lac_bo", "Câu lạc bộ phòng, chống tội phạm", False, False, False),
    ("cau_lac_bo_hoi_gia", "Câu lạc bộ gia đình và người hồi gia", False, False, False),
]


def add_kinds(apps, schema_editor):
    ModelKind = apps.get_model("community", "ModelKind")
    for order, (code, name, mediation, self_managed, core) in enumerate(KINDS, start=1):
        ModelKind.objects.get_or_create(
            code=code,
            defaults={"name": name, "is_mediation": mediation, "is_self_management": self_managed, "is_core_group": core, "order": order * 10},
        )


class Migration(migrations.Migration):
    dependencies = [("community", "0001_registries")]
    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
