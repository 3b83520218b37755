"""Số định danh cá nhân: 12 digits = PPP G YY RRRRRR, no checksum.

PPP is the code of the province where the birth was registered (63 legacy codes, not
contiguous); G encodes century and sex; YY the last two digits of the birth year.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PROVINCE_BIRTH_CODES: dict[str, str] = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu",
    "079": "Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}

_SHAPE = re.compile(r"^\d{12}$")


def century_sex_digit(date_of_birth: dt.date, sex: str) -> int:
    """0/1 for the 1900s, 2/3 for the 2000s, … ; even for male, odd for female."""
    century_index = (date_of_birth.year // 100) - 19
    return century_index * 2 + (1 if sex == "female" else 0)


def validate_national_id(value: str, *, date_of_birth: dt.date | None = None, sex: str | None = None) -> None:
    """Raise ValidationError (Vietnamese message) when the number cannot be this person's."""
    if not value:
        return
    if not _SHAPE.match(value):
        raise ValidationError(
            _("Số định danh cá nhân phải gồm đúng 12 chữ số (đã nhập %(n)d ký tự).") % {"n": len(value)},
            code="shape",
        )
    if value[:3] not in PROVINCE_BIRTH_CODES:
        raise ValidationError(
            _("Số định danh cá nhân có mã tỉnh nơi đăng ký khai sinh “%(code)s” không tồn tại.") % {"code": value[:3]},
            code="province",
        )
    if date_of_birth is None:
        return
    if value[4:6] != f"{date_of_birth.year % 100:02d}":
        raise ValidationError(
            _("Hai chữ số năm sinh trong số định danh (%(yy)s) không khớp với ngày sinh %(dob)s.")
            % {"yy": value[4:6], "dob": date_of_birth.strftime("%d/%m/%Y")},
            code="year",
        )
    if sex in ("male", "female"):
        expected = century_sex_digit(date_of_birth, sex)
        if int(value[3]) != expected:
            raise ValidationError(
                _("Chữ số thế kỷ và giới tính trong số định danh (%(g)s) không khớp với ngày sinh và giới tính đã nhập.") % {"g": value[3]},
                code="sex",
            )


def mask_national_id(value: str) -> str:
    """Shown to roles that do not need the full number."""
    if not value:
        return ""
    return value[:3] + "*" * 6 + value[-3:]
