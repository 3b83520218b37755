"""What workflows adds to the rest of the application (read side only): the task inbox in the
navigation (every role's home page), the review panel on the case page and the review flow in
the inbox. What a case's changes change elsewhere is written in workflows.lifecycle."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts import navigation
from cases import registry


def _review_panel(request, view):
    from workflows.selectors import acting_for, case_reviews, open_review_task

    if not view.sees("reviews"):
        return None
    task = open_review_task(view.case)
    can_act = task is not None and acting_for(request.user, task) is not None
    return {"reviews": case_reviews(view.case), "open_task": task, "can_act": can_act}


def _inbox_count(request):
    from workflows.inbox import open_task_count

    count = getattr(request, "open_task_count", None)  # the inbox page already counted them
    if count is None:
        count = open_task_count(request.user)
    return count or None


def _open_review_badges(user, case_ids) -> dict[int, list[str]]:
    """Badges on the mentor's case cards: the quarterly review waiting for them (one query)."""
    from viewflow.workflow.status import STATUS

    from cases.models import quarter_label
    from workflows.models import ReviewProcess
    from workflows.review_flow import QuarterlyReviewFlow

    rows = ReviewProcess.objects.filter(
        case_id__in=case_ids,
        task__flow_task=QuarterlyReviewFlow.draft,
        task__owner=user,
        task__status__in=[STATUS.ASSIGNED, STATUS.STARTED],
    ).values_list("case_id", "review__quarter")
    out: dict[int, list[str]] = {}
    for case_id, quarter in rows:
        out.setdefault(case_id, []).append(str(_("Cần soạn đánh giá quý %(q)s") % {"q": quarter_label(quarter)}))
    return out


def register() -> None:
    from mentors.selectors import register_card_badge
    from workflows import inbox
    from workflows.review_flow import QuarterlyReviewFlow
    from workflows.selectors import describe_review_tasks

    navigation.register(
        navigation.NavItem(
            key="tasks",
            label=_("Việc cần làm"),
            url_name="workflows:inbox",
            order=10,
            visible=lambda request: request.user.is_authenticated,
            count=_inbox_count,
        )
    )
    registry.register_panel(registry.Panel(key="reviews", template="workflows/includes/review_panel.html", context=_review_panel, order=20))
    register_card_badge("open_review", _open_review_badges)
    inbox.register_flow(QuarterlyReviewFlow, describe_review_tasks, delegable_nodes=[QuarterlyReviewFlow.decide])
