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


TASK_FIELDS = ("flow_task", "flow_task_type", "status", "token", "owner_id", "owner_permission", "owner_permission_content_type_id",
               "owner_permission_obj_pk", "external_task_id", "scheduled", "assigned", "data", "seed_content_type_id", "seed_object_id",
               "artifact_content_type_id", "artifact_object_id")
PROCESS_FIELDS = ("flow_class", "status", "finished", "data", "parent_task_id", "seed_content_type_id", "seed_object_id",
                  "artifact_content_type_id", "artifact_object_id")


def snapshot(review):
    """What viewflow holds for a review's process, without ids and timestamps."""
    process = ReviewProcess.objects.get(review=review)
    tasks = list(Task.objects.filter(process=process).order_by("pk"))
    return {
        "process": {name: getattr(process, name) for name in PROCESS_FIELDS} | {"case": process.case_id == review.case_id},
        "tasks": [
            {name: str(getattr(t, name)) for name in TASK_FIELDS}
            | {"started": t.started is not None, "finished": t.finished is not None,
               "previous": [tasks.index(p) for p in t.previous.all()]}
            for t in tasks
        ],
    }


def test_the_bulk_start_writes_what_viewflows_own_start_writes(make_case, world):
    """Guards the bulk path against viewflow upgrades: same rows as QuarterlyReviewFlow.start.run()."""
    from workflows.quarters import due_date

    by_viewflow, by_command = make_case("in_review"), make_case("in_review")
    reference = QuarterlyReview.objects.create(case=by_viewflow, quarter="2026Q4", due_on=due_date("2026Q4"))
    QuarterlyReviewFlow.start.run(review=reference)
    call_command("open_quarterly_reviews", "--quarter", "2026Q4")
    bulk = QuarterlyReview.objects.get(case=by_command, quarter="2026Q4")
    expected = snapshot(reference)
    assert expected["tasks"][1]["owner_id"] == str(world.mentor.user.pk)
    assert snapshot(bulk) == expected
    assert len(expected["tasks"]) == 2 and expected["tasks"][1]["previous"] == [0]


def test_a_case_whose_mentor_has_no_account_is_drafted_by_the_head_or_the_front_officer(make_case, world):
    from mentors.models import Mentor

    no_account = Mentor.objects.create(full_name="Lê Văn Không", commune=world.commune, branch=world.branch)
    with_head = make_case("in_review", mentor=no_account)
    without_head = make_case("in_review", mentor=no_account, area=world.area2)
    world.area2.front_committee.delete()
    assert with_head.mentor_user_id is None
    call_command("open_quarterly_reviews", "--quarter", "2026Q4")
    owners = {
        t.process.reviewprocess.case_id: (t.owner, t.status)
        for t in Task.objects.filter(flow_task=QuarterlyReviewFlow.draft).select_related("owner", "process__reviewprocess")
    }
    assert owners == {with_head.pk: (world.head, "ASSIGNED"), without_head.pk: (world.front, "ASSIGNED")}


def test_the_bulk_run_writes_one_history_row_per_review_by_the_system_user(make_case):
    from accounts.selectors import system_user

    cases = [make_case("in_review") for _ in range(3)]
    call_command("open_quarterly_reviews", "--quarter", "2026Q4")
    call_command("open_quarterly_reviews", "--quarter", "2026Q4")
    rows = QuarterlyReview.history.filter(case_id__in=[c.pk for c in cases])
    assert rows.count() == 3
    assert {(r.history_type, r.history_user_id, r.history_change_reason) for r in rows} == {("+", system_user().pk, "Mở kỳ đánh giá")}


def test_a_review_opened_by_the_command_is_drafted_and_approved_through_the_task_pages(make_case, login, world):
    from django.urls import reverse
    from viewflow.workflow.status import PROCESS

    from cases.models import CaseStatus, ReviewStatus
    from conftest import ASSESSMENT

    case = make_case("in_review")
    call_command("open_quarterly_reviews", "--quarter", "2026Q4")
    review = QuarterlyReview.objects.get(case=case, quarter="2026Q4")
    client = login(world.mentor.user)
    inbox = client.get(reverse("workflows:inbox")).content.decode()
    draft_task = Task.objects.get(process__reviewprocess__review=review, flow_task=QuarterlyReviewFlow.draft)
    url = reverse("workflows:review_task", args=[draft_task.pk])
    assert url in inbox
    assert client.get(url).status_code == 200
    assert client.post(url, {**ASSESSMENT, "recommendation": "escalate", "action": "submit"}).status_code == 302
    decide_task = Task.objects.get(process__reviewprocess__review=review, flow_task=QuarterlyReviewFlow.decide)
    assert decide_task.owner == world.head
    head = login(world.head)
    response = head.post(reverse("workflows:review_task", args=[decide_task.pk]), {"decision": "approve"})
    assert response.status_code == 302
    review.refresh_from_db()
    case.refresh_from_db()
    assert review.status == ReviewStatus.APPROVED and case.status == CaseStatus.ESCALATED
    assert ReviewProcess.objects.get(review=review).status == PROCESS.DONE
