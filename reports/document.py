"""The parts of a Vietnamese administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I):
issuing body and number on the left, Quốc hiệu and Tiêu ngữ on the right, the place-and-date
line, title, recipients ("Nơi nhận") and the signature block. reports.exports lays them out
on an A4 page; what each line says for a report is decided here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from areas.models import Commune, Province, ResidentialArea

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


@dataclass
class OfficialHeader:
    parent_body: str  # cơ quan chủ quản (upper case)
    issuing_body: str  # cơ quan ban hành (upper case, bold)
    number: str  # "Số: 12/BC-MTTQ" or "Số:     /BC-MTTQ" left for the clerk
    place_name: str  # the place in "Hoàn Sơn, ngày … tháng … năm …"
    day: dt.date
    title: str
    subtitle: str
    recipients: list[str] = field(default_factory=list)
    signing_for: str = ""  # "TM. BAN THƯỜNG TRỰC"
    signer_title: str = ""  # "CHỦ TỊCH"
    signer_name: str = ""

    @property
    def place_and_date(self) -> str:
        # Days and months under 10 are written with a leading 0 for 1–2 (NĐ 30: "ngày 05 tháng 02").
        d, m = self.day.day, self.day.month
        day = f"{d:02d}" if d < 10 else str(d)
        month = f"{m:02d}" if m < 3 else str(m)
        return _("%(place)s, ngày %(d)s tháng %(m)s năm %(y)s") % {"place": self.place_name, "d": day, "m": month, "y": self.day.year}


def _province(name: str) -> str:
    """ "tỉnh Bắc Ninh" (lower case inside a sentence)."""
    from reports.naming import province_title

    title = province_title(name)
    return title[:1].lower() + title[1:]


def _bare(name: str) -> str:
    """ "Bắc Ninh" for the place-and-date line."""
    for prefix in ("Tỉnh ", "Thành phố "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _upper(text: str) -> str:
    return str(text).upper()


def report_header(report, *, number: int | None = None, signer_name: str = "", day: dt.date | None = None) -> OfficialHeader:
    """The header of the periodic report of `report.root` (a PlaceRef): the Ủy ban MTTQ of the
    place issues it (the Ban Công tác Mặt trận for a khu dân cư) to the level above."""
    root = report.root
    day = day or timezone.localdate()
    num = f"{number}" if number else "      "
    title = _("BÁO CÁO")
    subtitle = _("Kết quả cảm hóa, giáo dục, giúp đỡ người lầm lỗi tại gia đình và cộng đồng dân cư, %(period)s") % {
        "period": report.period.name.lower() if report.period.kind in ("half", "year", "custom") else report.period.name
    }
    if root.level == "area":
        area = ResidentialArea.objects.select_related("commune").get(pk=root.id)
        commune = area.commune
        return OfficialHeader(
            parent_body=_upper(_("Ủy ban MTTQ %(commune)s") % {"commune": f"{commune.get_kind_display()} {commune.name}"}),
            issuing_body=_upper(_("Ban Công tác Mặt trận %(area)s") % {"area": root.name}),
            number=_("Số: %(n)s/BC-BCTMT") % {"n": num},
            place_name=commune.name,
            day=day,
            title=title,
            subtitle=subtitle,
            recipients=[_("Ban Thường trực Ủy ban MTTQ %(c)s;") % {"c": f"{commune.get_kind_display()} {commune.name}"}, _("Lưu.")],
            signing_for=_("TM. BAN CÔNG TÁC MẶT TRẬN"),
            signer_title=_("TRƯỞNG BAN"),
            signer_name=signer_name,
        )
    if root.level == "commune":
        commune = Commune.objects.select_related("province").get(pk=root.id)
        return OfficialHeader(
            parent_body=_upper(_("Ủy ban MTTQ Việt Nam")),
            issuing_body=_upper(root.name),
            number=_("Số: %(n)s/BC-MTTQ") % {"n": num},
            place_name=commune.name,
            day=day,
            title=title,
            subtitle=subtitle,
            recipients=[
                _("Ban Thường trực Ủy ban MTTQ Việt Nam %(p)s (qua Ban Phong trào);") % {"p": _province(commune.province.name)},
                _("Công an %(c)s;") % {"c": f"{commune.get_kind_display().lower()} {commune.name}"},
                _("Lưu: VT."),
            ],
            signing_for=_("TM. BAN THƯỜNG TRỰC"),
            signer_title=_("CHỦ TỊCH"),
            signer_name=signer_name,
        )
    if root.level == "province":
        province = Province.objects.get(pk=root.id)
        return OfficialHeader(
            parent_body=_upper(_("Ủy ban MTTQ Việt Nam %(p)s") % {"p": _province(province.name)}),
            issuing_body=_upper(_("Ban Thường trực")),
            number=_("Số: %(n)s/BC-MTTQ-BTT") % {"n": num},
            place_name=_bare(province.name),
            day=day,
            title=title,
            subtitle=subtitle,
            recipients=[_("Ủy ban Trung ương MTTQ Việt Nam;"), _("Ủy ban nhân dân tỉnh;"), _("Công an tỉnh;"), _("Lưu: VT, Ban PT.")],
            signing_for=_("TM. BAN THƯỜNG TRỰC"),
            signer_title=_("CHỦ TỊCH"),
            signer_name=signer_name,
        )
    return OfficialHeader(
        parent_body=_upper(_("Ủy ban Trung ương")),
        issuing_body=_upper(_("MTTQ Việt Nam")),
        number=_("Số: %(n)s/BC-MTTW") % {"n": num},
        place_name=_("Hà Nội"),
        day=day,
        title=title,
        subtitle=subtitle,
        recipients=[_("Lưu: VT.")],
        signing_for=_("TM. BAN THƯỜNG TRỰC"),
        signer_title=_("CHỦ TỊCH"),
        signer_name=signer_name,
    )
