"""Quarters ("2026Q4"): parsing, bounds and the due date of a quarter's review."""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.utils import timezone

QUARTER_RE = re.compile(r"^(\d{4})Q([1-4])$")


def quarter_of(day: dt.date | None = None) -> str:
    day = day or timezone.localdate()
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def parse_quarter(quarter: str) -> tuple[int, int]:
    match = QUARTER_RE.match(quarter or "")
    if not match:
        raise ValueError(quarter)
    return int(match.group(1)), int(match.group(2))


def quarter_bounds(quarter: str) -> tuple[dt.date, dt.date]:
    year, q = parse_quarter(quarter)
    start = dt.date(year, 3 * (q - 1) + 1, 1)
    end = dt.date(year + 1, 1, 1) if q == 4 else dt.date(year, 3 * q + 1, 1)
    return start, end - dt.timedelta(days=1)


def due_date(quarter: str) -> dt.date:
    """A review is due N days after its quarter ends (DONG_HANH["REVIEW_DUE_DAYS"])."""
    return quarter_bounds(quarter)[1] + dt.timedelta(days=int(settings.DONG_HANH["REVIEW_DUE_DAYS"]))


def previous_quarter(quarter: str) -> str:
    year, q = parse_quarter(quarter)
    return f"{year - 1}Q4" if q == 1 else f"{year}Q{q - 1}"
