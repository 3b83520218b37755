"""The Vietnamese working-day calendar.

A working day is Monday to Friday that is not a public holiday. Public holidays come from the
`holidays` package (Vietnam: the fixed days, Tết Nguyên đán and Giỗ Tổ Hùng Vương by the lunar
calendar, and the substitutions it knows); the government's yearly decisions on extra days off
and make-up working days (WorkingDayAdjustment, edited in the admin) win over both.

"Within N working days of D" (Nghị định 120/2021 Điều 29; Thông tư 10/2024/TT-BCA Điều 8): the
day of D is not counted; the deadline is the N-th working day after it.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("VN", years=year).keys())


def _adjustments(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    from cases.models import WorkingDayAdjustment

    return dict(WorkingDayAdjustment.objects.filter(date__range=(start, end)).values_list("date", "kind"))


def is_working_day(day: dt.date, adjustments: dict[dt.date, str] | None = None) -> bool:
    if adjustments is None:
        adjustments = _adjustments(day, day)
    kind = adjustments.get(day)
    if kind == "working_day":
        return True
    if kind == "day_off":
        return False
    return day.weekday() < 5 and day not in _public_holidays(day.year)


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The n-th working day after `start` (start itself not counted)."""
    # Tết and a long holiday never take more than a few weeks: look ahead generously, once.
    window_end = start + dt.timedelta(days=n * 3 + 30)
    adjustments = _adjustments(start, window_end)
    day, counted = start, 0
    while counted < n:
        day += dt.timedelta(days=1)
        if day > window_end:
            adjustments.update(_adjustments(day, day + dt.timedelta(days=60)))
            window_end = day + dt.timedelta(days=60)
        if is_working_day(day, adjustments):
            counted += 1
    return day
