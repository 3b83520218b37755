"""The indicator definitions issue 15 corrected, on hand-built histories at their boundaries."""

from __future__ import annotations

import pytest

from cases.models import ReviewRating
from mentors.models import Assignment, Branch, OrganisationType
from reports.indicators import INDICATORS_BY_KEY
from reports.periods import parse_period
from reports.selectors import build_report, resolve_place
from reports.tests.helpers import Story, at

pytestmark = pytest.mark.django_db


def fig(world, period: str, key: str, place=None):
    root = place or resolve_place("commune", world.commune.code)
    report = build_report(root, parse_period(period), with_previous=False)
    return report.root_figures.value(INDICATORS_BY_KEY[key])


def test_a_branch_still_helping_last_years_person_adopts_in_this_period(world):
    s = Story(world)
    case = s.listed("2025-03-01")
    s.assigned(case, "2025-04-01")  # the chi hội takes the person on in Q2 2025 and keeps them
    s.mentoring(case, "2025-04-10")
    for period in ("2025Q2", "2025Q4", "2026Q1", "2026H1"):
        assert fig(world, period, "branches_adopting") == 1, period
        assert fig(world, period, "branches_adopting_share") == 100.0, period
    assert fig(world, "2025Q1", "branches_adopting") == 0  # before it started


def test_a_branch_whose_person_left_counts_in_the_period_it_ended_and_not_after(world):
    s = Story(world)
    case = s.listed("2025-03-01")
    s.assigned(case, "2025-04-01")
    Assignment.objects.filter(case=case).update(ended_at=at("2026-01-01"))  # ended on the first day of Q1
    assert fig(world, "2025Q4", "branches_adopting") == 1
    assert fig(world, "2026Q1", "branches_adopting") == 1  # helped on 01/01
    assert fig(world, "2026Q2", "branches_adopting") == 0


def test_a_branch_helping_nobody_misses_the_target(world):
    s = Story(world)
    case = s.listed("2025-03-01")
    s.assigned(case, "2025-04-01")
    Branch.objects.create(commune=world.commune, area=world.area2, organisation=OrganisationType.FARMERS, name="Chi hội Nông dân Núi Móng")
    assert fig(world, "2026Q1", "branches") == 2
    assert fig(world, "2026Q1", "branches_adopting_share") == 50.0
    assert fig(world, "2026Q1", "branches_adopting_share") < INDICATORS_BY_KEY["branches_adopting_share"].target_value()


def test_the_progress_share_divides_by_everyone_helped_in_the_period_not_only_the_rated(world):
    s = Story(world)
    rated = []
    for _i in range(5):
        case = s.listed("2025-10-01")
        s.assigned(case, "2025-10-05")
        s.mentoring(case, "2025-10-10")
        rated.append(case)
    for case in rated[:3]:
        s.review(case, "2025Q4", ReviewRating.PROGRESSING, approved="2026-01-10")
    # 3 of 5 rated progressing: 60 % of all five, target met; 2 not rated.
    assert fig(world, "2026Q1", "rated") == 3
    assert fig(world, "2026Q1", "not_rated") == 2
    assert fig(world, "2026Q1", "progress_share") == 60.0
    # A sixth person, listed and never rated: 3 of 6, under the target.
    s.listed("2026-02-01")
    assert fig(world, "2026Q1", "not_rated") == 3
    assert fig(world, "2026Q1", "progress_share") == 50.0
    # A review approved after the period's end does not count in it.
    s.review(rated[3], "2026Q1", ReviewRating.PROGRESSING, approved="2026-04-01")
    assert fig(world, "2026Q1", "progress_share") == 50.0


def test_a_person_who_ended_in_the_period_stays_in_the_denominator_one_who_ended_before_does_not(world):
    s = Story(world)
    a = s.listed("2025-10-01")
    s.closed(a, "2026-02-01")
    b = s.listed("2025-10-01")
    s.closed(b, "2025-12-01")
    c = s.listed("2025-10-01")
    s.assigned(c, "2025-10-05")
    s.mentoring(c, "2025-10-10")
    s.review(c, "2025Q4", ReviewRating.PROGRESSING, approved="2026-01-10")
    assert fig(world, "2026Q1", "not_rated") == 1  # a; b ended before Q1
    assert fig(world, "2026Q1", "progress_share") == 50.0
