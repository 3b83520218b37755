"""What real files hold, made clean: dates as Excel dates, Excel serial numbers or dd/mm/yyyy
text; identity numbers Excel stored as numbers (a leading zero lost); non-breaking and repeated
spaces; names in mixed case. Each cleaner returns the value and, when it had to repair
something, a note the preview shows."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from django.utils.translation import gettext as _

from areas.search import normalise

_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u200b\ufeff]+")
_DATE_TEXT = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
EXCEL_EPOCH = dt.date(1899, 12, 30)


class CellError(ValueError):
    """A value that cannot be read; the message is Vietnamese and names no cell (the caller does)."""


def text(value) -> str:
    """A cell as text: non-breaking spaces, tabs and line breaks become one space; trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _SPACES.sub(" ", str(value)).strip()


def person_name(value) -> str:
    """Vietnamese names capitalise every word: "NGUYỄN  văn hùng" → "Nguyễn Văn Hùng"."""
    return " ".join(word[:1].upper() + word[1:].lower() for word in text(value).split(" ") if word)


def date(value) -> dt.date | None:
    """A date from an Excel date, an Excel serial number, or text dd/mm/yyyy (also d-m-yy, d.m.yyyy)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 100000:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise CellError(_("không phải một ngày"))
    raw = text(value)
    if not raw:
        return None
    match = _DATE_TEXT.match(raw)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            if len(match.group(3)) == 2:  # "05/03/90"; a year written in four digits is that year ("0001")
                year += 2000 if year <= timezone.localdate().year % 100 else 1900
            return dt.date(year, month, day)
        iso = _ISO_DATE.match(raw)
        if iso:
            return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    except ValueError as exc:
        raise CellError(_("ngày không có thật")) from exc
    raise CellError(_("không đọc được ngày (viết theo dạng ngày/tháng/năm, ví dụ 05/03/1990)"))


def identity_number(value) -> tuple[str, str]:
    """(the 12-digit number or "", a repair note or ""). A number Excel stored as a number lost
    its leading zero (province codes start with 0): 11 digits become 12 again."""
    if value is None or value == "":
        return "", ""
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(_("số định danh phải là 12 chữ số"))
        value = int(value)
    raw = re.sub(r"[\s.\-\u00a0]", "", text(value))
    if raw.startswith("'"):
        raw = raw[1:]
    if not raw:
        return "", ""
    if not raw.isdigit():
        raise CellError(_("số định danh chỉ gồm chữ số"))
    if len(raw) == 11:  # every province-of-birth code starts with 0 (001–096)
        return "0" + raw, _("Excel đã làm mất số 0 đầu: %(raw)s → 0%(raw)s") % {"raw": raw}
    if len(raw) != 12:
        raise CellError(_("số định danh phải có 12 chữ số (đang có %(n)d)") % {"n": len(raw)})
    return raw, ""


def phone(value) -> tuple[str, str]:
    """(the phone number as written, a repair note or ""). A number Excel stored as a number
    lost its leading 0 (912345678 for 0912345678); it is put back. Whether the result is a
    phone number is the model's check (accounts.validators.normalise_phone), as on the form."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        raw = str(value)
        if len(raw) == 9 and raw[0] in "35789" or raw[0] == "2" and len(raw) in (9, 10):
            return "0" + raw, _("Excel đã làm mất số 0 đầu: %(raw)s → 0%(raw)s") % {"raw": raw}
        return raw, ""
    return text(value), ""


def integer(value) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and value >= 0:
            return int(value)
        raise CellError(_("phải là số nguyên không âm"))
    raw = text(value)
    if not raw:
        return None
    if not raw.isdigit():
        raise CellError(_("phải là số nguyên không âm"))
    return int(raw)


def choice_map(choices: list[tuple[str, str]]) -> dict[str, str]:
    """Normalised label or code → code (the first wins, as in `choice`)."""
    found: dict[str, str] = {}
    for code, label in choices:
        found.setdefault(normalise(str(label)), code)
        found.setdefault(normalise(code), code)
    return found


def choice_code(value, codes: dict[str, str]) -> str:
    raw = normalise(text(value))
    if not raw:
        return ""
    if raw in codes:
        return codes[raw]
    raise CellError(_("không có trong danh sách chọn"))


def choice(value, choices: list[tuple[str, str]]) -> str:
    """A coded value from its label (as the drop-down offers it) or its code, any case or accents."""
    raw = normalise(text(value))
    if not raw:
        return ""
    for code, label in choices:
        if raw in (normalise(str(label)), normalise(code)):
            return code
    raise CellError(_("không có trong danh sách chọn"))


def header_key(value) -> str:
    """A header cell for matching: no accents, no case, no '*', no spaces at the ends."""
    return normalise(text(value).replace("*", ""))
