"""Writes of the quarterly review workflow. Each runs in one transaction; task steps run
under the flow lock (the Process row) and lock the Case row before anything else, so that
they serialise with the case services (reassignment locks the Case and then moves tasks)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from cases import registry
from cases import services as case_services
from cases.errors import DomainError, PermissionRefused
from cases.models import ACTIVE_MENTORING_STATES, Case, QuarterlyReview, ReviewDecision, ReviewRecommendation, ReviewStatus
from workflows.models import Delegation, ReviewProcess
from workflows.quarters import due_date, parse_quarter

ASSESSMENT_FIELDS = ("rating", "contacts_count", "work", "family_ties", "compliance", "support_needs", "narrative", "recommendation")


# --- opening reviews --------------------------------------------------------------------------


def open_review(case: Case, *, quarter: str, actor) -> QuarterlyReview | None:
    """Open the case's review for `quarter` and start its process. Returns None when the case
    already has one: the unique constraint decides, so concurrent runs open exactly one."""
    from workflows.review_flow import QuarterlyReviewFlow

    parse_quarter(quarter)
    with transaction.atomic():
        try:
            with transaction.atomic():
                review = QuarterlyReview(case=case, quarter=quarter, due_on=due_date(quarter), opened_at=timezone.now())
                case_services.save_with_history(review, actor=actor, reason=_("Mở kỳ đánh giá"))
        except IntegrityError:
            return None
        review.case = case
        QuarterlyReviewFlow.start.run(review=review)
        return review


@dataclass
class OpenResult:
    eligible: int
    opened: int


def open_quarterly_reviews(*, quarter: str, actor, on_each: Callable[[QuarterlyReview], Any] | None = None) -> OpenResult:
    """Open a review for every case in assigned, in_review or supported that has none for the
    quarter. One query finds them; each case is opened in its own transaction."""
    parse_quarter(quarter)
    eligible = (
        Case.objects.filter(status__in=ACTIVE_MENTORING_STATES)
        .exclude(pk__in=QuarterlyReview.objects.filter(quarter=quarter).values("case_id"))
        .select_related("mentor_user")
        .order_by("pk")
    )
    total = opened = 0
    for case in eligible.iterator(chunk_size=500):
        total += 1
        review = open_review(case, quarter=quarter, actor=actor)
        if review is not None:
            opened += 1
            if on_each:
                on_each(review)
    return OpenResult(eligible=total, opened=opened)


# --- running a task ---------------------------------------------------------------------------


def _run_task(task_pk: int, *, actor, node, work: Callable[[Any, QuarterlyReview, Any], bool]) -> QuarterlyReview:
    """Run `work(activation, review, principal)` on an open task under the flow lock, then
    complete the task when `work` returns True. Any DomainError rolls everything back."""
    from workflows.review_flow import QuarterlyReviewFlow
    from workflows.selectors import acting_for

    process_id = Task.objects.filter(pk=task_pk).values_list("process_id", flat=True).first()
    if process_id is None:
        raise DomainError(_("Không tìm thấy việc cần làm."))
    with QuarterlyReviewFlow.lock(process_id), transaction.atomic():
        process = ReviewProcess.objects.get(pk=process_id)
        Case.objects.select_for_update().filter(pk=process.case_id).exists()  # Case before Task: same order as reassignment
        task = Task.objects.select_for_update().get(pk=task_pk)
        if task.flow_task != node or task.status not in (STATUS.ASSIGNED, STATUS.STARTED):
            raise DomainError(_("Việc này đã được xử lý hoặc không còn mở."))
        principal = acting_for(actor, task)
        if principal is None:
            raise PermissionRefused(_("Việc này không được giao cho bạn."))
        review = QuarterlyReview.objects.select_for_update().select_related("case").get(pk=process.review_id)
        activation = node.activation_class(task)
        if work(activation, review, principal):
            if task.status == STATUS.ASSIGNED:
                activation.start(None)
            activation.execute()
        return review


def save_assessment(task_pk: int, *, actor, data: dict, submit: bool) -> QuarterlyReview:
    """The mentor saves the assessment; `submit` sends it to the head (completes the task)."""
    from workflows.review_flow import QuarterlyReviewFlow

    def work(activation, review: QuarterlyReview, principal) -> bool:
        if review.status not in (ReviewStatus.DRAFT, ReviewStatus.RETURNED):
            raise DomainError(_("Đánh giá này không còn ở bước soạn thảo."))
        for name in ASSESSMENT_FIELDS:
            if name in data:
                setattr(review, name, data[name] if data[name] is not None else getattr(review, name))
        if submit:
            if not review.rating:
                raise DomainError(_("Vui lòng chọn mức đánh giá."), field="rating")
            if not review.recommendation:
                raise DomainError(_("Vui lòng chọn đề xuất."), field="recommendation")
            if review.recommendation == ReviewRecommendation.REFER_SUPPORT and not review.support_needs.strip():
                raise DomainError(_("Vui lòng nêu nhu cầu hỗ trợ khi đề xuất hỗ trợ."), field="support_needs")
            review.status = ReviewStatus.SUBMITTED
            review.drafted_by = actor
            review.drafted_at = timezone.now()
            review.decision = ""
            review.outcome = ""
        case_services.save_with_history(review, actor=actor, reason=_("Gửi duyệt đánh giá") if submit else _("Lưu nháp đánh giá"))
        if submit:
            case_services.record_event(
                review.case, actor=actor, transition="review_submitted", from_state=review.case.status, to_state=review.case.status,
                data={"review": review.pk, "quarter": review.quarter, "rating": review.rating, "recommendation": review.recommendation},
            )
        return submit

    return _run_task(task_pk, actor=actor, node=QuarterlyReviewFlow.draft, work=work)


def decide_review(task_pk: int, *, actor, decision: str, outcome: str = "", comment: str = "") -> QuarterlyReview:
    """The head (or their deputy) approves as recommended, decides otherwise with a reason, or
    returns the review for revision with a comment. Approval applies the outcome to the case
    in the same transaction (the flow's apply node); a refusal there rolls everything back."""
    from workflows.review_flow import QuarterlyReviewFlow

    comment = (comment or "").strip()

    def work(activation, review: QuarterlyReview, principal) -> bool:
        if review.status != ReviewStatus.SUBMITTED:
            raise DomainError(_("Đánh giá này chưa được gửi duyệt."))
        if decision not in ReviewDecision.values:
            raise DomainError(_("Vui lòng chọn quyết định."), field="decision")
        now = timezone.now()
        review.decision = decision
        review.decision_comment = comment
        review.decided_by = actor
        review.decided_on_behalf_of = principal if principal.pk != actor.pk else None
        review.decided_at = now
        data = {"review": review.pk, "quarter": review.quarter, "rating": review.rating, "decision": decision}
        if review.decided_on_behalf_of:
            data["on_behalf_of"] = principal.pk
            data["on_behalf_of_name"] = principal.display_name
        if decision == ReviewDecision.RETURN:
            if not comment:
                raise DomainError(_("Vui lòng ghi ý kiến để người giúp đỡ sửa lại."), field="comment")
            review.status = ReviewStatus.RETURNED
            review.revision_count += 1
            review.outcome = ""
            case_services.save_with_history(review, actor=actor, reason=_("Trả lại để sửa"))
            case_services.record_event(
                review.case, actor=actor, transition="review_returned", from_state=review.case.status,
                to_state=review.case.status, reason=comment, data=data,
            )
            return True
        if decision == ReviewDecision.OTHERWISE:
            if outcome not in ReviewRecommendation.values:
                raise DomainError(_("Vui lòng chọn kết quả quyết định."), field="outcome")
            if not comment:
                raise DomainError(_("Vui lòng nêu lý do khi quyết định khác với đề xuất."), field="comment")
            review.outcome = outcome
        else:
            review.outcome = review.recommendation
        review.status = ReviewStatus.APPROVED
        review.approved_at = now
        case_services.save_with_history(review, actor=actor, reason=_("Duyệt đánh giá"))
        data["outcome"] = review.outcome
        case_services.record_event(
            review.case, actor=actor, transition="review_approved", from_state=review.case.status,
            to_state=review.case.status, reason=comment, data=data,
        )
        return True

    return _run_task(task_pk, actor=actor, node=QuarterlyReviewFlow.decide, work=work)


def apply_review_decision(review_pk: int) -> None:
    """Called by the flow's apply node once the review is approved: moves the case."""
    review = QuarterlyReview.objects.select_related("case", "decided_by", "decided_on_behalf_of").get(pk=review_pk)
    actor = review.decided_by
    own = review.decided_on_behalf_of_id is None  # a deputy acts with the head's authority
    reason = _("Theo đánh giá quý %(q)s đã duyệt") % {"q": review.quarter}
    if review.decision_comment:
        reason = f"{reason}: {review.decision_comment}"
    if review.outcome == ReviewRecommendation.GRADUATE:
        case_services.graduate(review.case_id, actor=actor, reason=reason, check_permission=own)
    elif review.outcome == ReviewRecommendation.ESCALATE:
        case_services.escalate(review.case_id, actor=actor, reason=reason, check_permission=own)
    elif review.outcome == ReviewRecommendation.REFER_SUPPORT:
        registry.request_support(review.case, actor=actor, review=review, needs=review.support_needs)


# --- reassignment and delegation ----------------------------------------------------------------


def move_open_drafts(case, *, old_user, new_user, actor) -> None:
    """After a reassignment (called by cases.services.set_case_mentor, Case row locked): the
    open draft task of the case's review moves to the new mentor."""
    from workflows.review_flow import QuarterlyReviewFlow
    from workflows.selectors import review_decider

    owner = new_user or review_decider(case)
    tasks = Task.objects.filter(
        process__in=ReviewProcess.objects.filter(case_id=case.pk).values("pk"),
        flow_task=QuarterlyReviewFlow.draft,
        status__in=[STATUS.ASSIGNED, STATUS.STARTED],
    )
    tasks.update(owner=owner, status=STATUS.ASSIGNED if owner else STATUS.NEW)


@transaction.atomic
def create_delegation(*, actor, deputy, starts_on, ends_on, reason: str = "") -> Delegation:
    """A committee head (or commune front officer) names a deputy for a period."""
    from accounts.selectors import user_scope

    scope = user_scope(actor)
    if not (scope.head_area_ids or scope.front_commune_ids):
        raise PermissionRefused(_("Chỉ Trưởng Ban Công tác Mặt trận hoặc cán bộ MTTQ xã được ủy quyền."))
    if deputy is None:
        raise DomainError(_("Vui lòng chọn người được ủy quyền."), field="deputy")
    if deputy.pk == actor.pk:
        raise DomainError(_("Không thể ủy quyền cho chính mình."), field="deputy")
    if not starts_on or not ends_on or ends_on < starts_on:
        raise DomainError(_("Ngày kết thúc không được trước ngày bắt đầu."), field="ends_on")
    if ends_on < timezone.localdate():
        raise DomainError(_("Thời gian ủy quyền đã qua."), field="ends_on")
    delegation = Delegation(principal=actor, deputy=deputy, starts_on=starts_on, ends_on=ends_on, reason=reason.strip())
    case_services.save_with_history(delegation, actor=actor, reason=_("Ủy quyền"))
    return delegation


@transaction.atomic
def revoke_delegation(delegation: Delegation, *, actor) -> Delegation:
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    if delegation.principal_id != actor.pk:
        raise PermissionRefused(_("Bạn chỉ được thu hồi ủy quyền của mình."))
    if delegation.revoked_at is None:
        delegation.revoked_at = timezone.now()
        case_services.save_with_history(delegation, actor=actor, reason=_("Thu hồi ủy quyền"))
    return delegation
