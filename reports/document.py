"""What each line of a report's administrative header says (Nghị định 30/2020/NĐ-CP, Phụ lục
I): issuing body and number, place and date, title, recipients ("Nơi nhận"), signature block.
The layout is config.documents, shared with the case history PDF."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from areas.models import Commune, Province, ResidentialArea
from config.documents import BLANK_NUMBER, OfficialHeader


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
    num = f"{number}" if number else BLANK_NUMBER
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
