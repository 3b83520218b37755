"""Report periods: a month (2026M11), a quarter (2026Q3), a half (2026H1), a year (2026) or
custom dates (2026-01-01:2026-03-31 or 01/01/2026:31/03/2026). People pick them from lists
(reports.forms.PeriodForm) or write them as they would on paper ("quý 3/2026", "tháng
11/2026", "6 tháng đầu năm 2026"); the codes are what links carry.

Quarters are calendar quarters (quarterly reviews are per calendar quarter). Halves and years
end on the cut-off days in settings.DONG_HANH (REPORT_CUTOFF_H1, REPORT_CUTOFF_YEAR), so a
front committee whose 6-month report closes on 15/5 gets 16/11 of the previous year to 15/5.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _


class PeriodError(ValueError):
    """A period that cannot be read; the message is user-facing (Vietnamese)."""


# The years a period read from people (parse_period, reports.forms.PeriodForm) may fall in:
# from 2000, long before any record of the programme, to next year (the year list's last
# choice; next year's first half starts in this year's last weeks). A year outside would
# otherwise reach arithmetic that cannot be done (year 0 or 10000: the day before 01/01/0001,
# the day after 31/12/9999, the comparison period before it) and be an error page. Periods
# built in code (previous(), recent_periods) are not limited: the period before 2000's is 1999's.
FIRST_YEAR = 2000


def year_range(today: dt.date | None = None) -> tuple[int, int]:
    """The first and the last year a period read from people may be in."""
    today = today or timezone.localdate()
    return FIRST_YEAR, today.year + 1


def check_year(year: int) -> int:
    """`year` if a period read from people may be in it; otherwise a PeriodError saying which
    years may be."""
    first, last = year_range()
    if not first <= year <= last:
        raise PeriodError(
            _("Năm %(year)s không hợp lệ; kỳ báo cáo phải trong các năm từ %(first)s đến %(last)s.")
            % {"year": f"{year:04d}", "first": first, "last": last}
        )
    return year


@dataclass(frozen=True)
class Period:
    kind: str  # "month", "quarter", "half", "year", "custom"
    code: str  # 2026M11, 2026Q3, 2026H1, 2026, 2026-01-01:2026-03-31
    start: dt.date
    end: dt.date  # inclusive

    def __post_init__(self):
        if self.start > self.end:
            raise PeriodError(_("Ngày bắt đầu phải trước ngày kết thúc."))

    @property
    def name(self) -> str:
        """The period as a report's title names it: "Tháng 11/2026", "Quý 3/2026", "6 tháng
        đầu năm 2026", "Năm 2026", "Từ 01/01/2026 đến 31/03/2026"."""
        if self.kind == "month":
            return _("Tháng %(m)s/%(y)s") % {"m": int(self.code[5:]), "y": self.code[:4]}
        if self.kind == "quarter":
            return _("Quý %(q)s/%(y)s") % {"q": self.code[-1], "y": self.code[:4]}
        if self.kind == "half":
            name = _("6 tháng đầu năm") if self.code.endswith("H1") else _("6 tháng cuối năm")
            return f"{name} {self.code[:4]}"
        if self.kind == "year":
            return _("Năm %(y)s") % {"y": self.code}
        return _("Từ %(start)s đến %(end)s") % {"start": f"{self.start:%d/%m/%Y}", "end": f"{self.end:%d/%m/%Y}"}

    @property
    def slug(self) -> str:
        """The name in a file name: lower case, no diacritics, no English ("quy-3-2026")."""
        from django.utils.text import slugify

        from reports.naming import ascii_fold

        return slugify(ascii_fold(self.name.replace("/", " ")))

    @property
    def label(self) -> str:
        dates = f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"
        if self.kind == "month":
            return f"{self.name} ({dates})"
        if self.kind == "quarter":
            return _("Quý %(q)s/%(y)s (%(dates)s)") % {"q": self.code[-1], "y": self.code[:4], "dates": dates}
        if self.kind == "half":
            name = _("6 tháng đầu năm") if self.code.endswith("H1") else _("6 tháng cuối năm")
            return f"{name} {self.code[:4]} ({dates})"
        if self.kind == "year":
            return _("Năm %(y)s (%(dates)s)") % {"y": self.code, "dates": dates}
        return dates

    # Datetime bounds in the installation's time zone: [start_at, end_before).
    @property
    def start_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time.min))

    @property
    def end_before(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min))

    def previous(self) -> Period:
        if self.kind == "month":
            year, m = int(self.code[:4]), int(self.code[5:])
            return month(year - 1, 12) if m == 1 else month(year, m - 1)
        if self.kind == "quarter":
            year, q = int(self.code[:4]), int(self.code[-1])
            return quarter(year - 1, 4) if q == 1 else quarter(year, q - 1)
        if self.kind == "half":
            year = int(self.code[:4])
            return half(year - 1, 2) if self.code.endswith("H1") else half(year, 1)
        if self.kind == "year":
            return year_period(int(self.code) - 1)
        length = self.end - self.start
        end = self.start - dt.timedelta(days=1)
        return custom(end - length, end)


def _cutoff(key: str, year: int) -> dt.date:
    raw = str(settings.DONG_HANH[key])
    day, month = (int(x) for x in raw.split("/"))
    if month == 2 and day == 29:
        day = 28
    return dt.date(year, month, day)


def month(year: int, m: int) -> Period:
    if not 1 <= m <= 12:
        raise PeriodError(_("Tháng phải từ 1 đến 12."))
    start = dt.date(year, m, 1)
    end = (dt.date(year + 1, 1, 1) if m == 12 else dt.date(year, m + 1, 1)) - dt.timedelta(days=1)
    return Period("month", f"{year}M{m:02d}", start, end)


def quarter(year: int, q: int) -> Period:
    if q not in (1, 2, 3, 4):
        raise PeriodError(_("Quý phải từ 1 đến 4."))
    start = dt.date(year, 3 * q - 2, 1)
    end = (dt.date(year + 1, 1, 1) if q == 4 else dt.date(year, 3 * q + 1, 1)) - dt.timedelta(days=1)
    return Period("quarter", f"{year}Q{q}", start, end)


def half(year: int, h: int) -> Period:
    if h not in (1, 2):
        raise PeriodError(_("Kỳ 6 tháng phải là H1 hoặc H2."))
    h1_end = _cutoff("REPORT_CUTOFF_H1", year)
    if h == 1:
        start = _cutoff("REPORT_CUTOFF_YEAR", year - 1) + dt.timedelta(days=1)
        return Period("half", f"{year}H1", start, h1_end)
    return Period("half", f"{year}H2", h1_end + dt.timedelta(days=1), _cutoff("REPORT_CUTOFF_YEAR", year))


def year_period(year: int) -> Period:
    start = _cutoff("REPORT_CUTOFF_YEAR", year - 1) + dt.timedelta(days=1)
    return Period("year", str(year), start, _cutoff("REPORT_CUTOFF_YEAR", year))


def custom(start: dt.date, end: dt.date) -> Period:
    return Period("custom", f"{start:%Y-%m-%d}:{end:%Y-%m-%d}", start, end)


def _date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
        check_year(day.year)
        return day
    raise PeriodError(_("Ngày “%(text)s” không đúng dạng dd/mm/yyyy.") % {"text": text})


ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


def _written(text: str) -> Period | None:
    """A period as people write it: "quý 3/2026", "Quý III/2026", "tháng 11/2026", "11/2026",
    "6 tháng đầu năm 2026", "6 tháng cuối năm 2026", "năm 2026", "01/01/2026 - 31/03/2026"."""
    from reports.naming import ascii_fold

    t = re.sub(r"\s+", " ", ascii_fold(text).lower().strip())
    if m := re.fullmatch(r"(?:quy|q) ?([1-4]|i{1,3}|iv)(?: ?[/\- ] ?| nam )(\d{4})", t):
        q = m[1]
        return quarter(check_year(int(m[2])), int(q) if q.isdigit() else ROMAN[q.upper()])
    if m := re.fullmatch(r"(?:thang ?)?(\d{1,2}) ?[/\- ] ?(\d{4})", t):
        return month(check_year(int(m[2])), int(m[1]))
    if m := re.fullmatch(r"(?:6|06|sau) thang (dau|cuoi) nam (\d{4})", t):
        return half(check_year(int(m[2])), 1 if m[1] == "dau" else 2)
    if m := re.fullmatch(r"(?:ca )?nam (\d{4})", t):
        return year_period(check_year(int(m[1])))
    if m := re.fullmatch(r"(?:tu )?(\d{1,2}/\d{1,2}/\d{4}) ?(?:-|–|den|:) ?(\d{1,2}/\d{1,2}/\d{4})", t):
        return custom(_date(m[1]), _date(m[2]))
    return None


def parse_period(text: str) -> Period:
    """2026M11, 2026Q3, 2026H1, 2026, from:to dates, or the period as people write it, in the
    years check_year allows (PeriodError otherwise, as for anything unreadable)."""
    raw = (text or "").strip()
    text = raw.upper()
    if m := re.fullmatch(r"(\d{4})M(\d{1,2})", text):
        return month(check_year(int(m[1])), int(m[2]))
    if m := re.fullmatch(r"(\d{4})Q([1-4])", text):
        return quarter(check_year(int(m[1])), int(m[2]))
    if m := re.fullmatch(r"(\d{4})H([12])", text):
        return half(check_year(int(m[1])), int(m[2]))
    if re.fullmatch(r"\d{4}", text):
        return year_period(check_year(int(text)))
    if ":" in text:
        left, right = text.split(":", 1)
        return custom(_date(left), _date(right))
    if written := _written(raw):
        return written
    raise PeriodError(
        _(
            "Kỳ báo cáo “%(text)s” không hợp lệ. Chọn kỳ trong danh sách, hoặc viết như “quý 3/2026”, “tháng 11/2026”, “6 tháng đầu năm 2026”, “năm 2026”, “01/01/2026 - 30/06/2026”."
        )
        % {"text": raw}
    )


def current_half(today: dt.date | None = None) -> Period:
    today = today or timezone.localdate()
    for year in (today.year, today.year + 1):
        for h in (1, 2):
            p = half(year, h)
            if p.start <= today <= p.end:
                return p
    return half(today.year, 1)  # unreachable with sane cut-offs


def quarter_ends_until(end: dt.date, count: int) -> list[dt.date]:
    """`count` dates, oldest first: the calendar quarter ends before `end`, then `end` itself."""
    points = [end]
    y, q = end.year, (end.month - 1) // 3 + 1
    while len(points) < count:
        qe = quarter(y, q).end
        if qe < end:
            points.append(qe)
        y, q = (y - 1, 4) if q == 1 else (y, q - 1)
    return sorted(points)


def review_quarters_due(period: Period) -> list[str]:
    """Quarter codes whose review falls due (quarter end + REVIEW_DUE_DAYS) inside the period."""
    due_days = int(settings.DONG_HANH["REVIEW_DUE_DAYS"])
    out = []
    y = period.start.year - 1
    while y <= period.end.year:
        for q in (1, 2, 3, 4):
            due = quarter(y, q).end + dt.timedelta(days=due_days)
            if period.start <= due <= period.end:
                out.append(f"{y}Q{q}")
        y += 1
    return out


def last_quarter_due_before(day: dt.date) -> str | None:
    """The latest quarter code whose review due date (quarter end + REVIEW_DUE_DAYS) is before
    `day`, i.e. whose open review is overdue on `day`. Quarter codes sort as text (2025Q4 <
    2026Q1), so "every quarter up to this one" is a `quarter <= code` filter."""
    due_days = int(settings.DONG_HANH["REVIEW_DUE_DAYS"])
    y, q = day.year, (day.month - 1) // 3 + 1
    for _step in range(12):
        if quarter(y, q).end + dt.timedelta(days=due_days) < day:
            return f"{y}Q{q}"
        y, q = (y - 1, 4) if q == 1 else (y, q - 1)
    return None


# --- sending deadlines ------------------------------------------------------------------------


def send_by(period: Period) -> dt.date | None:
    """The last day the commune's report of `period` may be sent on time (settings.DONG_HANH
    ["REPORT_SEND_BY"], per kind; "half" for the first half, "half2" for the second): "+N" is N days after the period's last day; "dd/mm" that day
    in the year the period ends. Seed 000 sends the 6-month report before 15/5 and the annual
    one before 15/11, before the half or the year is over (figures as of the day sent, the
    usual "ước thực hiện"); seed 003 on the period's last day (10/6, 10/12). A day on or before
    the deadline is on time. Custom periods have no deadline."""
    table = settings.DONG_HANH.get("REPORT_SEND_BY", {})
    kind = "half2" if period.kind == "half" and period.code.endswith("H2") and "half2" in table else period.kind
    rule = str(table.get(kind, "") or "").strip()
    if not rule:
        return None
    if rule.startswith("+") or rule.isdigit():
        return period.end + dt.timedelta(days=int(rule.lstrip("+")))
    day, mon = (int(x) for x in rule.split("/"))
    return dt.date(period.end.year, mon, 28 if (mon == 2 and day == 29) else day)


def recent_periods(kind: str, today: dt.date | None = None, count: int = 4) -> list[Period]:
    """The `count` latest finished periods of `kind` (for the province's follow-up), newest first."""
    today = today or timezone.localdate()
    makers = {
        "month": lambda y, i: month(y, i),
        "quarter": lambda y, i: quarter(y, i),
        "half": lambda y, i: half(y, i),
        "year": lambda y, _i: year_period(y),
    }
    per_year = {"month": 12, "quarter": 4, "half": 2, "year": 1}[kind]
    out: list[Period] = []
    for year in range(today.year, today.year - 6, -1):
        for i in range(per_year, 0, -1):
            p = makers[kind](year, i)
            if p.end < today and p not in out:
                out.append(p)
    return out[:count]
