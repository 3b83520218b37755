"""open_quarterly_reviews: one review per eligible case, idempotent, safe from two threads."""

from __future__ import annotations

import threading

import pytest
from django.core.management import call_command
from django.db import connection
from viewflow.workflow.models import Task

from cases.models import QuarterlyReview
from workflows.models import ReviewProcess
from workflows.review_flow import QuarterlyReviewFlow


def eligible_and_not(make_case):
    eligible = [make_case("assigned"), make_case("in_review"), make_case("supported")]
    others = [make_case("identified"), make_case("escalated"), make_case("graduated"), make_case("closed")]
    return eligible, others


def test_the_command_opens_one_review_per_eligible_case_and_is_idempotent(make_case, capsys):
    eligible, others = eligible_and_not(make_case)
    call_command("open_quarterly_reviews", "--quarter", "2026Q4")
    call_command("open_quarterly_reviews", "--quarter", "2026Q4")
    reviews = QuarterlyReview.objects.filter(quarter="2026Q4")
    assert sorted(reviews.values_list("case_id", flat=True)) == sorted(c.pk for c in eligible)
    assert ReviewProcess.objects.count() == 3
    assert Task.objects.filter(flow_task=QuarterlyReviewFlow.draft).count() == 3
    out = capsys.readouterr().out
    assert "mở 3 kỳ đánh giá" in out and "mở 0 kỳ đánh giá" in out


def test_the_command_refuses_a_malformed_quarter(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Quý không hợp lệ"):
        call_command("open_quarterly_reviews", "--quarter", "2026-4")


def test_finding_eligible_cases_is_one_query_whatever_their_number(make_case, django_assert_num_queries):
    from accounts.selectors import system_user
    from workflows.services import open_quarterly_reviews

    for _ in range(4):
        make_case("in_review")
    actor = system_user()
    assert open_quarterly_reviews(quarter="2026Q4", actor=actor).opened == 4
    with django_assert_num_queries(1):
        result = open_quarterly_reviews(quarter="2026Q4", actor=actor)
    assert (result.eligible, result.opened) == (0, 0)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_open_exactly_one_review_per_eligible_case(world, make_case):
    for mentor in (world.mentor, world.mentor2):
        mentor.caseload_limit = 50
        mentor.save()
    eligible, _others = eligible_and_not(make_case)
    for i in range(20):
        eligible.append(make_case("in_review" if i % 2 else "assigned", mentor=world.mentor2))
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait()
            call_command("open_quarterly_reviews", "--quarter", "2026Q4")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    counts = list(QuarterlyReview.objects.filter(quarter="2026Q4").values_list("case_id", flat=True))
    assert sorted(counts) == sorted(c.pk for c in eligible)
    assert ReviewProcess.objects.count() == len(eligible)
    assert Task.objects.filter(flow_task=QuarterlyReviewFlow.draft).count() == len(eligible)
