"""Conditions of the state machine that read more than the case row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from cases.models import Case


def required_progress_reviews() -> int:
    return int(settings.DONG_HANH["GRADUATION_PROGRESS_REVIEWS"])


def progress_rule_met(case: Case) -> bool:
    """The last N approved quarterly reviews all rate the person as progressing."""
    from cases.models import ReviewRating, ReviewStatus

    n = required_progress_reviews()
    ratings = list(case.quarterly_reviews.filter(status=ReviewStatus.APPROVED).order_by("-quarter").values_list("rating", flat=True)[:n])
    return len(ratings) == n and all(r == ReviewRating.PROGRESSING for r in ratings)
