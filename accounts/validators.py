"""Checks on contact details shared by every app that keeps a phone number (a user's, for the
SMS and Zalo reminders; a person's on their case; a partner's), and by the Excel import of the
same data. `accounts` is the lowest app that knows people, so the others import from here.

A Vietnamese phone number, as people write it: spaces, dots and dashes between the groups, a
leading 0 or +84. Stored as digits only, with the + kept for the international form:

- mobile: 0 and 9 digits (10 in all), the networks' prefixes 03, 05, 07, 08, 09 (since the 2018
  change from 11-digit numbers); +84 and the same 9 digits;
- landline: 02 and the area code and number, 10 or 11 digits in all (024 3825 1234,
  0222 3712 345); +84 and the same digits without the 0.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# What people put between the groups: spaces (also non-breaking ones from Excel), dots, dashes.
_SEPARATORS = re.compile(r"[\s\u00a0\u2007\u202f.\-]+")
# The national number, without its leading 0 (or +84).
_MOBILE = re.compile(r"^[35789]\d{8}$")
_LANDLINE = re.compile(r"^2\d{8,9}$")


def normalise_phone(value: str | None) -> str:
    """The number as stored ("0912345678", "+84912345678", "02223712345"), "" for an empty
    value; a ValidationError with a Vietnamese message naming the field for anything else."""
    raw = _SEPARATORS.sub("", str(value or "")).strip()
    if not raw:
        return ""
    if raw.startswith("+84"):
        prefix, national = "+84", raw[3:]
    elif raw.startswith("0"):
        prefix, national = "0", raw[1:]
    else:
        prefix, national = "", ""
    if prefix and national.isdigit() and (_MOBILE.match(national) or _LANDLINE.match(national)):
        return prefix + national
    raise ValidationError(
        _(
            "Số điện thoại: không đúng dạng số điện thoại Việt Nam. Di động gồm 10 chữ số bắt đầu bằng 0 (ví dụ 0912 345 678) "
            "hoặc +84 và 9 chữ số; máy bàn gồm 10–11 chữ số bắt đầu bằng 02."
        ),
        code="phone",
    )
