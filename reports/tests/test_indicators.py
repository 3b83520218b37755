"""Each indicator on hand-built data with known answers (period 2026Q1: 01/01–31/03/2026)."""

from __future__ import annotations

import pytest

from areas.models import ResidentialArea
from cases.models import ReviewRating
from mentors.models import Mentor
from reports.indicators import INDICATORS_BY_KEY, NATION, SOURCES
from reports.periods import parse_period
from reports.selectors import build_report, resolve_place
from reports.tests.helpers import Story

Q1 = parse_period("2026Q1")


@pytest.fixture
def story(world):
    s = Story(world)
    c1 = s.listed("2025-11-10", classification="A")
    s.assigned(c1, "2025-12-01")
    s.mentoring(c1, "2026-01-05")
    s.review(c1, "2025Q4", ReviewRating.PROGRESSING, approved="2026-01-10")
    # c2: new in Q1, graduated AFTER the end: counted as in_review
    c2 = s.listed("2026-02-01")
    s.assigned(c2, "2026-02-10")
    s.mentoring(c2, "2026-02-15")
    s.review(c2, "2026Q1", ReviewRating.NOT_PROGRESSING, approved="2026-03-20")
    s.graduated(c2, "2026-04-10")
    # c3: khu dân cư 2, re-imprisoned in Q1
    c3 = s.listed("2026-01-15", area=world.area2)
    s.closed(c3, "2026-03-01", reason_code="reimprisoned")
    # c4: escalated in Q1
    c4 = s.listed("2026-01-20")
    s.assigned(c4, "2026-01-25")
    s.mentoring(c4, "2026-02-01")
    s.escalated(c4, "2026-03-10")
    # c5: listed after the end
    s.listed("2026-04-05")
    # c6: another commune, same province
    s.listed("2025-10-01", area=world.other_area, classification="C")
    # c7: mentored since Q4 2025; its Q4 review never approved (overdue)
    c7 = s.listed("2025-10-15")
    s.assigned(c7, "2025-10-20")
    s.mentoring(c7, "2025-10-25")
    s.review(c7, "2025Q4")
    s.cases = {"c1": c1, "c2": c2, "c3": c3, "c4": c4, "c7": c7}
    return s


def commune_report(world, **kw):
    return build_report(resolve_place("commune", world.commune.code), Q1, **kw)


def fig(figures, key):
    return figures.value(INDICATORS_BY_KEY[key])


def prev(figures, key):
    return figures.previous_value(INDICATORS_BY_KEY[key])


def test_people_under_management_are_counted_by_their_state_at_the_period_end(world, story):
    r = commune_report(world).root_figures
    assert fig(r, "active") == 4
    assert fig(r, "state:in_review") == 3  # c1, c7 and c2 (graduated only after the end)
    assert fig(r, "state:escalated") == 1
    assert fig(r, "state:identified") == 0
    assert fig(r, "state:assigned") == 0


def test_the_previous_period_is_counted_as_it_was_at_its_own_end(world, story):
    r = commune_report(world).root_figures
    assert prev(r, "active") == 2  # c1 assigned, c7 in review at 31/12/2025
    assert prev(r, "state:assigned") == 1
    assert prev(r, "state:in_review") == 1
    assert prev(r, "new") == 2


def test_categories_and_classifications_cover_people_under_management(world, story):
    r = commune_report(world).root_figures
    assert fig(r, "cat:prison_released") == 3
    assert fig(r, "cat:probation") == 1
    assert fig(r, "cls:A") == 1
    assert fig(r, "cls:-") == 3
    assert fig(r, "cls:C") == 0  # c6 lives in the other commune


def test_newly_listed_counts_cases_opened_within_the_period(world, story):
    assert fig(commune_report(world).root_figures, "new") == 3  # c2, c3, c4; not c5


def test_share_with_a_mentor_is_over_people_under_management(world, story):
    r = commune_report(world).root_figures
    assert fig(r, "with_mentor") == 4
    assert fig(r, "with_mentor_share") == 100.0


def test_reviews_approved_due_and_overdue(world, story):
    r = commune_report(world).root_figures
    assert fig(r, "reviews_approved") == 2
    assert fig(r, "reviews_due") == 2  # the 2025Q4 reviews fall due on 15/01/2026
    assert fig(r, "reviews_overdue") == 1


def test_progress_share_uses_the_latest_approved_review_and_misses_the_target(world, story):
    r = commune_report(world).root_figures
    assert fig(r, "rated") == 2
    # 1 progressing (c1) of the 5 helped in the period (4 under management + c3 ended), not of
    # the 2 rated: the 3 not rated count against the target.
    assert fig(r, "not_rated") == 3
    assert fig(r, "progress_share") == 20.0
    row = next(x for x in r.rows() if x["key"] == "progress_share")
    assert row["target"] == 60.0
    assert row["met"] is False


def test_graduated_escalated_and_reoffending(world, story):
    r = commune_report(world).root_figures
    assert fig(r, "graduated") == 0  # c2 graduated on 10/04, after the end
    assert fig(r, "closed") == 1
    assert fig(r, "escalated") == 1
    assert fig(r, "reoffended") == 1
    assert fig(r, "reoffending_rate") == 20.0  # 1 of 5 managed (4 under management + 1 ended)


def test_the_next_quarter_sees_the_graduation(world, story):
    r = build_report(resolve_place("commune", world.commune.code), parse_period("2026Q2")).root_figures
    assert fig(r, "graduated") == 1
    assert fig(r, "state:in_review") == 2


def test_branches_adopting_and_mentors(world, story):
    r = commune_report(world).root_figures
    assert fig(r, "branches") == 1
    assert fig(r, "branches_adopting") == 1
    assert fig(r, "branches_adopting_share") == 100.0
    row = next(x for x in r.rows() if x["key"] == "branches_adopting_share")
    assert row["met"] is True
    assert fig(r, "mentors") == 2
    assert fig(r, "mentors_with_cases") == 1
    assert prev(r, "branches_adopting") == 1  # c1 and c7 assigned in Q4 2025


def test_khu_dan_cu_figures_add_up_to_the_commune(world, story):
    report = commune_report(world)
    by_code = {f.place.code: f for f in report.children()}
    assert fig(by_code[world.area.code], "active") == 4
    assert fig(by_code[world.area2.code], "active") == 0
    assert fig(by_code[world.area2.code], "reoffended") == 1
    assert fig(by_code[world.area2.code], "reoffending_rate") == 100.0
    assert fig(by_code[world.area2.code], "with_mentor_share") is None  # nobody to share over


def test_the_province_and_the_nation_roll_up_every_commune(world, story):
    for root in (resolve_place("province", world.province.code), NATION):
        report = build_report(root, Q1, grain="area")
        r = report.root_figures
        assert fig(r, "active") == 5
        assert fig(r, "cls:C") == 1
        assert fig(r, "branches") == 2
        communes = {f.place.code: f for f in report.level("commune")}
        assert fig(communes[world.other_commune.code], "active") == 1
        assert fig(communes[world.commune.code], "active") == 4
        assert len(report.level("area")) == ResidentialArea.objects.count()


def test_the_report_query_count_does_not_grow_with_cases_or_places(world, django_assert_max_num_queries, story):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        build_report(NATION, Q1, grain="area")
    s = Story(world)
    for i in range(6):
        area = ResidentialArea.objects.create(commune=world.commune, code=f"X-{i}", name=f"Khu {i}")
        c = s.listed("2026-02-01", area=area)
        mentor = Mentor.objects.create(full_name=f"Người giúp đỡ {i}", commune=world.commune, branch=world.branch)
        s.assigned(c, "2026-02-02", mentor=mentor)
    with CaptureQueriesContext(connection) as large:
        build_report(NATION, Q1, grain="area")
    assert len(large) == len(small)
    # 3 place lists + each source × (this and the previous period); on PostgreSQL + the report
    # session's settings
    assert len(small) <= 3 + 2 * len(SOURCES) + (1 if connection.vendor == "postgresql" else 0)
