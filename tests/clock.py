"""Moments for test data that must fall on today's local date.

A fixture that assigns a mentor now and logs a visit "an hour ago" breaks in the first hour
after midnight in Asia/Ho_Chi_Minh (17:00 UTC): the visit is then dated the day before the
assignment, which the visit rule refuses, rightly."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def earlier_today(now: dt.datetime, before: dt.timedelta, rank: int) -> dt.datetime:
    """`now - before`, or, when that is before today's local midnight, `rank` seconds after
    the midnight (give a later moment a larger rank: the order of the moments is kept)."""
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(now - before, midnight + dt.timedelta(seconds=rank))
