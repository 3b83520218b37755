"""The quarterly review process end to end through the services: each decision, return for
revision, the progress rule, who may act, reassignment and delegation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from accounts.models import Delegation
from cases.errors import DomainError, PermissionRefused, TransitionRefused
from cases.models import CaseEvent, CaseStatus, QuarterlyReview, ReviewStatus
from conftest import ASSESSMENT
from workflows import lifecycle, services
from workflows.models import ReviewProcess
from workflows.review_flow import QuarterlyReviewFlow


def draft(review, review_task, actor, **changes):
    return services.save_assessment(review, actor=actor, data={**ASSESSMENT, **changes}, submit=True)


def decide(review, review_task, actor, decision="approve", **kw):
    return services.decide_review(review, actor=actor, decision=decision, **kw)


def decide_as_deputy(review, review_task, actor, principal, decision="approve", **kw):
    return services.decide_review(review, actor=actor, acting_for=principal, decision=decision, **kw)


def approve_past_review(world, case, quarter, rating="progressing"):
    """An earlier quarter's review, approved through the flow with outcome 'continue'."""
    from accounts.selectors import system_user

    review = services.open_review(case, quarter=quarter, actor=system_user())
    services.save_assessment(review, actor=world.mentor.user, data={**ASSESSMENT, "rating": rating}, submit=True)
    services.decide_review(review, actor=world.head, decision="approve")
    return review


def test_opening_a_review_assigns_the_draft_to_the_cases_mentor_with_a_due_date(make_case, open_review, review_task, world, settings):
    settings.DONG_HANH = {**settings.DONG_HANH, "REVIEW_DUE_DAYS": 15}
    case = make_case("in_review")
    review = open_review(case)
    task = review_task(review)
    assert task.owner == world.mentor.user and task.status == STATUS.ASSIGNED
    assert review.due_on == dt.date(2027, 1, 15)
    assert review.history.count() == 1


def test_continue_approval_keeps_the_case_state_and_records_who_decided(make_case, open_review, review_task, world):
    case = make_case("in_review")
    review = open_review(case)
    draft(review, review_task, world.mentor.user)
    decide(review, review_task, world.head)
    review.refresh_from_db()
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW
    assert review.status == ReviewStatus.APPROVED and review.outcome == "continue"
    assert review.drafted_by == world.mentor.user and review.drafted_at is not None
    assert review.decided_by == world.head and review.decided_on_behalf_of is None and review.approved_at is not None
    assert list(case.events.filter(transition__startswith="review_").values_list("transition", flat=True)) == [
        "review_submitted",
        "review_approved",
    ]
    assert review.history.count() == 3  # opened, submitted, approved
    assert ReviewProcess.objects.get(pk=review.process.pk).status == PROCESS.DONE


def test_graduation_approval_counts_the_review_being_approved(make_case, open_review, review_task, world, settings):
    settings.DONG_HANH = {**settings.DONG_HANH, "GRADUATION_PROGRESS_REVIEWS": 2}
    case = make_case("in_review", category="at_risk")
    approve_past_review(world, case, "2026Q3")
    review = open_review(case)
    draft(review, review_task, world.mentor.user, recommendation="graduate")
    decide(review, review_task, world.head)
    case.refresh_from_db()
    assert case.status == CaseStatus.GRADUATED and case.graduation_basis == "progress"
    event = case.events.get(transition="graduate")
    assert event.actor == world.head and "quý 4/2026" in event.reason
    assert case.history.first().status == CaseStatus.GRADUATED and case.history.first().history_user == world.head


def test_graduation_is_refused_with_a_vietnamese_message_when_the_last_n_reviews_are_not_all_progressing(
    make_case, open_review, review_task, world, settings
):
    settings.DONG_HANH = {**settings.DONG_HANH, "GRADUATION_PROGRESS_REVIEWS": 3}
    case = make_case("in_review", category="at_risk")
    approve_past_review(world, case, "2026Q2")
    approve_past_review(world, case, "2026Q3", rating="not_progressing")
    review = open_review(case)
    draft(review, review_task, world.mentor.user, recommendation="graduate")
    with pytest.raises(TransitionRefused, match="Chưa đủ điều kiện đưa ra khỏi diện quản lý: cần 3 kỳ"):
        decide(review, review_task, world.head)
    review.refresh_from_db()
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW
    assert review.status == ReviewStatus.SUBMITTED  # nothing half-written
    assert review_task(review, "decide").status == STATUS.ASSIGNED
    assert not case.events.filter(transition="review_approved", data__review=review.pk).exists()


def test_graduation_with_the_progress_setting_met_by_this_review_alone(make_case, open_review, review_task, world, settings):
    settings.DONG_HANH = {**settings.DONG_HANH, "GRADUATION_PROGRESS_REVIEWS": 1}
    case = make_case("supported", category="at_risk")
    review = open_review(case)
    draft(review, review_task, world.mentor.user, recommendation="graduate")
    decide(review, review_task, world.head)
    case.refresh_from_db()
    assert case.status == CaseStatus.GRADUATED


def test_escalation_approval_moves_the_case_to_the_police(make_case, open_review, review_task, world):
    case = make_case("in_review")
    review = open_review(case)
    draft(review, review_task, world.mentor.user, rating="violation", recommendation="escalate")
    decide(review, review_task, world.head)
    case.refresh_from_db()
    assert case.status == CaseStatus.ESCALATED
    event = case.events.get(transition="escalate")
    assert (event.from_state, event.to_state, event.actor) == ("in_review", "escalated", world.head)
    assert case.history.first().status == CaseStatus.ESCALATED


def test_deciding_otherwise_requires_a_reason_and_applies_the_heads_outcome(make_case, open_review, review_task, world):
    case = make_case("in_review")
    review = open_review(case)
    draft(review, review_task, world.mentor.user, recommendation="continue")
    with pytest.raises(DomainError, match="lý do"):
        decide(review, review_task, world.head, decision="otherwise", outcome="escalate")
    decide(review, review_task, world.head, decision="otherwise", outcome="escalate", comment="Vi phạm nghiêm trọng")
    review.refresh_from_db()
    case.refresh_from_db()
    assert review.decision == "otherwise" and review.outcome == "escalate" and review.recommendation == "continue"
    assert case.status == CaseStatus.ESCALATED


def test_refer_for_support_creates_a_draft_referral_through_the_support_app(make_case, open_review, review_task, world):
    from support.models import Referral, ReferralStatus

    case = make_case("in_review")
    review = open_review(case)
    draft(review, review_task, world.mentor.user, recommendation="refer_support", support_needs="Học nghề hàn")
    decide(review, review_task, world.head)
    referral = Referral.objects.get(case=case)
    assert (referral.status, referral.review_id, referral.needs, referral.referred_by) == (
        ReferralStatus.DRAFT,
        review.pk,
        "Học nghề hàn",
        world.head,
    )
    assert referral.history.count() == 1
    event = case.events.get(transition="review_approved")
    assert event.data["outcome"] == "refer_support" and event.actor == world.head
    review.refresh_from_db()
    case.refresh_from_db()
    assert review.status == ReviewStatus.APPROVED and case.status == CaseStatus.IN_REVIEW  # supported once the referral is sent
    assert ReviewProcess.objects.get(pk=review.process.pk).status == PROCESS.DONE


def test_a_deputy_approving_a_referral_recommendation_refers_with_the_heads_authority(make_case, open_review, review_task, world):
    from support.models import Referral

    case = make_case("in_review")
    review = open_review(case)
    draft(review, review_task, world.mentor.user, recommendation="refer_support", support_needs="Vay vốn chăn nuôi")
    today = timezone.localdate()
    services.create_delegation(actor=world.head, deputy=world.head2, starts_on=today, ends_on=today)
    decide_as_deputy(review, review_task, world.head2, world.head)
    referral = Referral.objects.get(case=case)
    assert referral.referred_by == world.head2 and referral.review_id == review.pk
    event = case.events.get(transition="review_approved")
    assert event.actor == world.head2 and event.data["on_behalf_of"] == world.head.pk
    created = case.events.get(transition="referral_created")
    assert created.actor == world.head2 and created.data["on_behalf_of"] == world.head.pk


def test_return_for_revision_loops_back_to_the_mentor_and_then_approves(make_case, open_review, review_task, world):
    case = make_case("in_review")
    review = open_review(case)
    draft(review, review_task, world.mentor.user)
    with pytest.raises(DomainError, match="ý kiến"):
        decide(review, review_task, world.head, decision="return")
    decide(review, review_task, world.head, decision="return", comment="Bổ sung số lần gặp")
    review.refresh_from_db()
    assert review.status == ReviewStatus.RETURNED and review.revision_count == 1
    second = review_task(review, "draft")
    assert second.owner == world.mentor.user
    assert Task.objects.filter(process_id=review.process.pk, flow_task=QuarterlyReviewFlow.draft).count() == 2
    assert case.events.get(transition="review_returned").reason == "Bổ sung số lần gặp"
    draft(review, review_task, world.mentor.user, contacts_count=6)
    decide(review, review_task, world.head)
    review.refresh_from_db()
    case.refresh_from_db()
    assert review.status == ReviewStatus.APPROVED and review.contacts_count == 6
    assert case.status == CaseStatus.IN_REVIEW
    assert [h.status for h in review.history.order_by("history_date", "history_id")] == [
        "draft",
        "submitted",
        "returned",
        "submitted",
        "approved",
    ]


def test_only_the_assigned_mentor_can_draft(make_case, open_review, review_task, world):
    case = make_case("in_review")
    review = open_review(case)
    for intruder in (world.mentor2.user, world.head, world.police, world.outsider):
        with pytest.raises(PermissionRefused):
            draft(review, review_task, intruder)
    review.refresh_from_db()
    assert review.status == ReviewStatus.DRAFT


def test_only_the_head_or_the_deputy_in_period_can_decide(make_case, open_review, review_task, world):
    case = make_case("in_review")
    review = open_review(case)
    draft(review, review_task, world.mentor.user)
    for intruder in (world.mentor.user, world.head2, world.police, world.front, world.outsider):
        with pytest.raises(PermissionRefused):
            decide(review, review_task, intruder)
    today = timezone.localdate()
    Delegation.objects.create(
        principal=world.head, deputy=world.head2, starts_on=today - dt.timedelta(days=10), ends_on=today - dt.timedelta(days=1)
    )
    with pytest.raises(PermissionRefused):
        decide_as_deputy(review, review_task, world.head2, world.head)
    services.create_delegation(
        actor=world.head, deputy=world.head2, starts_on=today, ends_on=today + dt.timedelta(days=7), reason="Đi công tác"
    )
    with pytest.raises(PermissionRefused):  # acting for someone is explicit, never implied
        decide(review, review_task, world.head2)
    decide_as_deputy(review, review_task, world.head2, world.head)
    review.refresh_from_db()
    assert review.decided_by == world.head2 and review.decided_on_behalf_of == world.head
    assert CaseEvent.objects.get(case=case, transition="review_approved").data["on_behalf_of"] == world.head.pk


def test_a_deputy_head_of_another_khu_dan_cu_can_graduate_on_the_heads_behalf(make_case, open_review, review_task, world, settings):
    settings.DONG_HANH = {**settings.DONG_HANH, "GRADUATION_PROGRESS_REVIEWS": 1}
    case = make_case("in_review", category="at_risk")
    review = open_review(case)
    draft(review, review_task, world.mentor.user, recommendation="graduate")
    today = timezone.localdate()
    services.create_delegation(actor=world.head, deputy=world.head2, starts_on=today, ends_on=today)
    decide_as_deputy(review, review_task, world.head2, world.head)
    case.refresh_from_db()
    assert case.status == CaseStatus.GRADUATED
    graduated = case.events.get(transition="graduate")
    assert graduated.actor == world.head2 and graduated.data["on_behalf_of"] == world.head.pk


def test_a_head_cannot_name_a_mentor_as_deputy(world):
    today = timezone.localdate()
    with pytest.raises(PermissionRefused, match="không ủy quyền cho người giúp đỡ"):
        services.create_delegation(actor=world.head, deputy=world.mentor2.user, starts_on=today, ends_on=today)
    assert not Delegation.objects.exists()


def test_the_drafter_of_a_review_never_approves_it_even_as_deputy_and_the_case_stays(make_case, open_review, review_task, world, settings):
    """The defect: a head named a mentor as deputy; the mentor approved the graduation they had
    drafted and the case graduated. A delegation row made outside the service (an old one, or
    by hand) still gives the drafter no way to decide."""
    settings.DONG_HANH = {**settings.DONG_HANH, "GRADUATION_PROGRESS_REVIEWS": 1}
    case = make_case("in_review")
    review = open_review(case)
    draft(review, review_task, world.mentor.user, recommendation="graduate")
    today = timezone.localdate()
    Delegation.objects.create(principal=world.head, deputy=world.mentor.user, starts_on=today, ends_on=today)
    with pytest.raises(PermissionRefused, match="bốn mắt"):
        decide_as_deputy(review, review_task, world.mentor.user, world.head)
    case.refresh_from_db()
    review.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW and review.status == ReviewStatus.SUBMITTED


def test_a_head_who_drafts_for_a_mentor_without_an_account_sends_the_decision_to_the_commune_front(
    make_case, open_review, review_task, world
):
    case = make_case("in_review")
    review = open_review(case)
    task = review_task(review)
    # the head records the assessment for the respected person (the draft task's owner here)
    task.owner = world.head
    task.save(update_fields=["owner"])
    draft(review, review_task, world.head)
    assert review_task(review, "decide").owner == world.front
    with pytest.raises(PermissionRefused):
        decide(review, review_task, world.head)
    decide(review, review_task, world.front)
    review.refresh_from_db()
    assert review.status == ReviewStatus.APPROVED and review.decided_by == world.front


def test_the_commune_front_officer_decides_where_the_area_has_no_head(make_case, open_review, review_task, world):
    case = make_case("in_review", area=world.area2)
    world.area2.front_committee.delete()
    review = open_review(case)
    draft(review, review_task, world.mentor.user)
    assert review_task(review, "decide").owner == world.front


def test_reassigning_the_case_moves_the_open_draft_to_the_new_mentor(make_case, open_review, review_task, world):
    case = make_case("in_review")
    review = open_review(case)
    lifecycle.assign_case(case, actor=world.front, branch=world.branch, mentor=world.mentor2, reason="Đổi người")
    task = review_task(review)
    assert task.owner == world.mentor2.user
    with pytest.raises(PermissionRefused):
        draft(review, review_task, world.mentor.user)
    draft(review, review_task, world.mentor2.user)
    review.refresh_from_db()
    assert review.drafted_by == world.mentor2.user


def test_a_completed_task_cannot_be_run_again(make_case, open_review, review_task, world):
    case = make_case("in_review")
    review = open_review(case)
    services.save_assessment(review, actor=world.mentor.user, data=ASSESSMENT, submit=True)
    with pytest.raises(DomainError, match="đã được xử lý"):
        services.save_assessment(review, actor=world.mentor.user, data=ASSESSMENT, submit=True)


def test_saving_a_draft_keeps_the_task_with_the_mentor(make_case, open_review, review_task, world):
    case = make_case("in_review")
    review = open_review(case)
    services.save_assessment(review, actor=world.mentor.user, data={**ASSESSMENT, "rating": None, "narrative": "Nháp"}, submit=False)
    review.refresh_from_db()
    assert review.status == ReviewStatus.DRAFT and review.narrative == "Nháp"
    assert review_task(review).owner == world.mentor.user
    with pytest.raises(DomainError, match="mức đánh giá"):
        services.save_assessment(review, actor=world.mentor.user, data={"rating": ""}, submit=True)


def test_overdue_is_computed_from_the_due_date_and_nothing_closes(make_case, open_review, world):
    case = make_case("in_review")
    review = open_review(case, quarter="2020Q1")
    assert review.due_on == dt.date(2020, 4, 15)
    assert review.is_overdue()
    assert not review.is_overdue(on=dt.date(2020, 4, 15))
    assert QuarterlyReview.objects.get(pk=review.pk).status == ReviewStatus.DRAFT


def test_closing_a_case_cancels_its_open_review_draft(make_case, open_review, review_task, world, login):
    from workflows.inbox import open_task_count

    case = make_case("in_review")
    review = open_review(case)
    assert open_task_count(world.mentor.user) == 1
    lifecycle.close_case(case, actor=world.front, reason_code="moved", reason="Chuyển đi")
    process = ReviewProcess.objects.get(pk=review.process.pk)
    assert process.status == PROCESS.CANCELED
    assert not Task.objects.filter(process=process, status__in=[STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]).exists()
    assert open_task_count(world.mentor.user) == 0
    event = case.events.get(transition="review_canceled")
    assert (event.actor, event.data["quarter"], event.data["after"]) == (world.front, "2026Q4", "close")
    review.refresh_from_db()
    assert review.status == "cancelled" and review.cancelled_at is not None
    assert not review.is_open and not review.is_overdue()
    assert review.history.first().history_change_reason == "Hủy kỳ đánh giá do hồ sơ đã kết thúc"
    html = login(world.front).get(reverse("cases:timeline", args=[case.pk])).content.decode()
    assert "Hủy đánh giá hằng quý do hồ sơ đã kết thúc" in html
    draft_task = Task.objects.get(process=process, flow_task=QuarterlyReviewFlow.draft)
    assert draft_task.status == STATUS.CANCELED
    with pytest.raises(DomainError, match="không còn mở"):
        services.save_assessment(review, actor=world.mentor.user, data=ASSESSMENT, submit=True)


def test_transferring_a_case_cancels_the_review_waiting_for_the_heads_decision(make_case, open_review, review_task, world):
    case = make_case("in_review")
    review = open_review(case)
    draft(review, review_task, world.mentor.user)
    lifecycle.transfer_case(case, actor=world.front, to_area=world.area2, reason="Chuyển nơi cư trú")
    assert ReviewProcess.objects.get(pk=review.process.pk).status == PROCESS.CANCELED
    assert case.events.filter(transition="review_canceled").count() == 1
    assert not Task.objects.filter(owner=world.head, status=STATUS.ASSIGNED).exists()


def test_a_graduation_by_the_review_itself_completes_its_process_and_cancels_only_other_open_reviews(
    make_case, open_review, review_task, world, settings
):
    settings.DONG_HANH = {**settings.DONG_HANH, "GRADUATION_PROGRESS_REVIEWS": 1}
    case = make_case("in_review", category="at_risk")
    older = open_review(case, quarter="2026Q3")  # never drafted
    review = open_review(case)
    draft(review, review_task, world.mentor.user, recommendation="graduate")
    decide(review, review_task, world.head)
    case.refresh_from_db()
    assert case.status == CaseStatus.GRADUATED
    assert ReviewProcess.objects.get(pk=review.process.pk).status == PROCESS.DONE
    assert ReviewProcess.objects.get(pk=older.process.pk).status == PROCESS.CANCELED
    assert list(case.events.filter(transition="review_canceled").values_list("data__quarter", flat=True)) == ["2026Q3"]


def test_a_non_terminal_transition_leaves_the_open_review_alone(make_case, open_review, review_task, world):
    from cases import services as case_services

    case = make_case("in_review")
    review = open_review(case)
    case_services.escalate(case, actor=world.front, reason="Vi phạm")
    assert ReviewProcess.objects.get(pk=review.process.pk).status == PROCESS.NEW
    assert review_task(review).status == STATUS.ASSIGNED
