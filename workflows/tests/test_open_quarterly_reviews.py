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


TASK_FIELDS = (
    "flow_task",
    "flow_task_type",
    "status",
    "token",
    "owner_id",
    "owner_permission",
    "owner_permission_content_type_id",
    "owner_permission_obj_pk",
    "external_task_id",
    "scheduled",
    "assigned",
    "data",
    "seed_content_type_id",
    "seed_object_id",
    "artifact_content_type_id",
    "artifact_object_id",
)
PROCESS_FIELDS = (
    "flow_class",
    "status",
    "finished",
    "data",
    "parent_task_id",
    "seed_content_type_id",
    "seed_object_id",
    "artifact_content_type_id",
    "artifact_object_id",
)


def snapshot(review):
    """What viewflow holds for a review's process, without ids and timestamps."""
    process = ReviewProcess.objects.get(review=review)
    tasks = list(Task.objects.filter(process=process).order_by("pk"))
    return {
        "process": {name: getattr(process, name) for name in PROCESS_FIELDS} | {"case": process.case_id == review.case_id},
        "tasks": [
            {name: str(getattr(t, name)) for name in TASK_FIELDS}
            | {"started": t.started is not None, "finished": t.finished is not None, "previous": [tasks.index(p) for p in t.previous.all()]}
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


def _one_review_and_one_process_each(cases, quarter="2026Q4"):
    from collections import Counter

    reviews = Counter(QuarterlyReview.objects.filter(quarter=quarter).values_list("case_id", flat=True))
    processes = Counter(ReviewProcess.objects.filter(review__quarter=quarter).values_list("case_id", flat=True))
    drafts = Counter(
        Task.objects.filter(flow_task=QuarterlyReviewFlow.draft, process__reviewprocess__review__quarter=quarter).values_list(
            "process__reviewprocess__case_id", flat=True
        )
    )
    expected = Counter(c.pk for c in cases)
    return reviews == expected and processes == expected and drafts == expected


def test_the_opening_runs_in_keyset_chunks_and_counts_what_it_found(make_case):
    from accounts.selectors import system_user
    from workflows.services import open_quarterly_reviews

    cases = [make_case("in_review") for _ in range(5)]
    result = open_quarterly_reviews(quarter="2026Q4", actor=system_user(), chunk=2)
    assert (result.eligible, result.opened) == (5, 5)
    assert _one_review_and_one_process_each(cases)


def test_slices_split_the_opening_and_each_slice_is_idempotent(make_case):
    from accounts.selectors import system_user
    from workflows.services import case_slices, open_quarterly_reviews

    cases = [make_case("assigned" if i % 2 else "in_review") for i in range(5)]
    make_case("identified")
    slices = case_slices("2026Q4", 2)
    assert len(slices) == 2 and slices[0][0] == 0 and slices[-1][1] is None
    actor = system_user()
    assert sum(open_quarterly_reviews(quarter="2026Q4", actor=actor, after=a, upto=u).opened for a, u in slices) == 5
    assert sum(open_quarterly_reviews(quarter="2026Q4", actor=actor, after=a, upto=u).opened for a, u in slices) == 0
    assert _one_review_and_one_process_each(cases)
    assert case_slices("2026Q4", 2) == []


class Killed(Exception):
    pass


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_opening_killed_half_way_is_completed_by_a_rerun_with_one_review_and_process_each(make_case, world, monkeypatch):
    """Killed twice: once between chunks (chunk 1 committed) and once inside a chunk's
    transaction (after its reviews were inserted, before its processes): the rerun completes
    the quarter and no case has two reviews or a review without its process."""
    from accounts.selectors import system_user
    from workflows import services

    world.mentor.caseload_limit = 50
    world.mentor.save()
    cases = [make_case("in_review") for _ in range(7)]
    actor = system_user()
    seen = []

    def die_after_first_chunk(review_pk):
        seen.append(review_pk)
        if len(seen) == 2:
            raise Killed

    with pytest.raises(Killed):
        services.open_quarterly_reviews(quarter="2026Q4", actor=actor, chunk=2, on_each=die_after_first_chunk)
    assert QuarterlyReview.objects.filter(quarter="2026Q4").count() == 2

    real_start = services._start_review_processes
    calls = []

    def die_inside_the_second_chunk(reviews, rows, *, now):
        calls.append(1)
        if len(calls) == 2:
            raise Killed
        real_start(reviews, rows, now=now)

    monkeypatch.setattr(services, "_start_review_processes", die_inside_the_second_chunk)
    with pytest.raises(Killed):
        services.open_quarterly_reviews(quarter="2026Q4", actor=actor, chunk=2)
    assert QuarterlyReview.objects.filter(quarter="2026Q4").count() == 4  # the chunk killed inside left nothing
    assert QuarterlyReview.objects.filter(quarter="2026Q4", process__isnull=True).count() == 0
    monkeypatch.setattr(services, "_start_review_processes", real_start)

    result = services.open_quarterly_reviews(quarter="2026Q4", actor=actor, chunk=2)
    assert result.opened == 3
    assert services.open_quarterly_reviews(quarter="2026Q4", actor=actor).opened == 0
    assert _one_review_and_one_process_each(cases)


@pytest.mark.postgres
def test_finding_the_cases_to_open_is_an_anti_join_not_a_subplan(make_case):
    from workflows.services import cases_to_open

    make_case("in_review")
    plan = cases_to_open("2026Q4").explain()
    assert "Anti Join" in plan and "SubPlan" not in plan, plan
