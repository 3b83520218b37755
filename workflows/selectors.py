"""Reads for the review workflow: who drafts and decides a case's review, which task a user
may act on, and the review history of a case."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from accounts.models import Membership, Role
from cases.models import QuarterlyReview
from workflows.inbox import TaskInfo
from workflows.models import ReviewProcess


def review_decider_ids(cases: dict[int, tuple[int, int]]) -> dict[int, int | None]:
    """{case_id: (area_id, commune_id)} -> {case_id: decider's user id or None}: the head of
    the case's khu dân cư, else the commune front officer (first by id). Two queries at most."""
    from mentors.models import FrontCommittee

    areas = {area_id for area_id, _commune_id in cases.values()}
    heads = dict(
        FrontCommittee.objects.filter(area_id__in=areas, head__isnull=False, head__is_active=True).values_list("area_id", "head_id")
    )
    communes = {commune_id for area_id, commune_id in cases.values() if area_id not in heads}
    fronts: dict[int, int] = {}
    if communes:
        rows = (
            Membership.objects.active()
            .filter(role=Role.COMMUNE_FRONT, commune_id__in=communes, user__is_active=True)
            .order_by("-pk")
            .values_list("commune_id", "user_id")
        )
        fronts = dict(rows)  # ordered by -pk: the first membership by id wins
    return {pk: heads.get(area_id) or fronts.get(commune_id) for pk, (area_id, commune_id) in cases.items()}


def review_decider(case, *, not_user_id: int | None = None):
    """The head of the case's khu dân cư, else the commune front officer (first by id).
    Four eyes: `not_user_id` (the review's drafter) is passed over, so a head who drafted for
    a mentor without an account sends the decision to the commune front."""
    from accounts.models import User

    user_id = review_decider_ids({case.pk: (case.area_id, case.commune_id)})[case.pk]
    if user_id is not None and user_id != not_user_id:
        return User.objects.get(pk=user_id)
    front = (
        Membership.objects.active()
        .filter(role=Role.COMMUNE_FRONT, commune_id=case.commune_id, user__is_active=True)
        .exclude(user_id=not_user_id)
        .order_by("pk")
        .values_list("user_id", flat=True)
        .first()
    )
    return User.objects.get(pk=front) if front else None


def review_drafter(case):
    """The case's current mentor; the decider drafts when the mentor has no account."""
    return case.mentor_user or review_decider(case)


def acting_for(user, task) -> object | None:
    """Return the task owner `user` acts for: the owner itself, or the head who named `user`
    deputy with a delegation covering today and the case's commune (for delegable nodes; the
    same rule the decision service applies, accounts.selectors.delegation_covers); None when
    `user` may not act on the task."""
    from accounts.selectors import delegation_covers
    from workflows.inbox import delegable_nodes

    if task.owner_id is None:
        return None
    if task.owner_id == user.pk:
        return user
    if task.flow_task not in delegable_nodes():
        return None
    process = ReviewProcess.objects.filter(pk=task.process_id).select_related("case").first()
    if process is not None and delegation_covers(principal=task.owner, deputy=user, case=process.case):
        return task.owner
    return None


def get_review_task_for_user(user, task_pk: int):
    """An open review task `user` may act on, or 404 (outsiders learn nothing)."""
    from workflows.review_flow import QuarterlyReviewFlow

    task = (
        Task.objects.filter(pk=task_pk, process__flow_class=QuarterlyReviewFlow, status__in=[STATUS.ASSIGNED, STATUS.STARTED])
        .select_related("owner")
        .first()
    )
    if task is None or acting_for(user, task) is None:
        raise Http404(_("Không tìm thấy việc cần làm."))
    return task


def review_for_task(task) -> QuarterlyReview:
    process = ReviewProcess.objects.select_related("review", "case__subject", "case__area", "case__commune").get(pk=task.process_id)
    return process.review


def describe_review_tasks(tasks: list) -> dict[int, TaskInfo]:
    from django.urls import reverse

    from workflows.review_flow import QuarterlyReviewFlow

    processes = {
        p.pk: p
        for p in ReviewProcess.objects.filter(pk__in={t.process_id for t in tasks}).select_related("review", "case__subject", "case__area")
    }
    out = {}
    for task in tasks:
        process = processes.get(task.process_id)
        if process is None:
            continue
        review = process.review
        if task.flow_task == QuarterlyReviewFlow.draft:
            title = _("Soạn đánh giá quý %(q)s") % {"q": review.quarter_label}
            if review.status == "returned":
                title = _("Sửa đánh giá quý %(q)s (bị trả lại)") % {"q": review.quarter_label}
        else:
            title = _("Duyệt đánh giá quý %(q)s") % {"q": review.quarter_label}
        out[task.pk] = TaskInfo(
            title=title,
            subtitle=f"{process.case.subject.full_name} · {process.case.area.name}",
            url=reverse("workflows:review_task", args=[task.pk]),
            due_on=review.due_on,
            case_id=process.case_id,
        )
    return out


def review_visit_count(review: QuarterlyReview) -> int:
    """Visits recorded for the review's case within its quarter (one query)."""
    from mentors.selectors import contacts_in_period
    from workflows.quarters import quarter_bounds

    start, end = quarter_bounds(review.quarter)
    return contacts_in_period([review.case_id], start, end)[review.case_id]


def case_reviews(case) -> list[QuarterlyReview]:
    return list(
        QuarterlyReview.objects.filter(case=case).select_related("decided_by", "decided_on_behalf_of", "drafted_by").order_by("-quarter")
    )


def open_review_task(case):
    from workflows.review_flow import QuarterlyReviewFlow

    return (
        Task.objects.filter(
            process__in=ReviewProcess.objects.filter(case=case).values("pk"),
            process__flow_class=QuarterlyReviewFlow,
            flow_task_type="HUMAN",
            status__in=[STATUS.ASSIGNED, STATUS.STARTED],
        )
        .select_related("owner")
        .order_by("-created")
        .first()
    )
