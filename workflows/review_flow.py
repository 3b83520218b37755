"""The quarterly review as a viewflow process.

start → the mentor drafts (the case's current mentor user) → the committee head decides (the
head of the case's khu dân cư, or the commune front officer where there is none; a deputy in
an active delegation may act for the head) → returned: back to the mentor; approved: a
Function node applies the decision through the case services → end.

The task pages are our own views (workflows.views); viewflow's frontend is not mounted, so the
`View` nodes carry a placeholder that only redirects to them.
"""

from __future__ import annotations

from django.shortcuts import redirect
from viewflow import this
from viewflow.workflow import flow, lock

from cases.models import ReviewStatus
from workflows.models import ReviewProcess


def _task_page(request, process_pk: int, task_pk: int, **kwargs):
    """Never mounted; kept so a mounted viewset would still land on our own page."""
    return redirect("workflows:review_task", task_pk=task_pk)


class QuarterlyReviewFlow(flow.Flow):
    """Đánh giá hằng quý"""

    process_class = ReviewProcess
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.begin).Next(this.draft)
    draft = flow.View(_task_page).Assign(this.draft_owner).Next(this.decide)
    decide = flow.View(_task_page).Assign(this.decision_owner).Next(this.check_returned)
    check_returned = flow.If(this.is_returned).Then(this.draft).Else(this.apply_decision)
    apply_decision = flow.Function(this.apply).Next(this.end)
    end = flow.End()

    def begin(self, activation, review):
        activation.process.case_id = review.case_id
        activation.process.review = review
        return activation.process

    def draft_owner(self, activation):
        from workflows.selectors import review_drafter

        return review_drafter(activation.process.case)

    def decision_owner(self, activation):
        from workflows.selectors import review_decider

        review = activation.process.review
        review.refresh_from_db(fields=["drafted_by"])
        return review_decider(activation.process.case, not_user_id=review.drafted_by_id)

    def is_returned(self, activation) -> bool:
        activation.process.review.refresh_from_db()
        return activation.process.review.status == ReviewStatus.RETURNED

    def apply(self, activation) -> None:
        from workflows.services import apply_review_decision

        apply_review_decision(activation.process.review_id)
