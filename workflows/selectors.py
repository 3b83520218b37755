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
from workflows.models import Delegation, ReviewProcess


def review_decider(case):
    """The head of the case's khu dân cư, else the commune front officer (first by id)."""
    from mentors.models import FrontCommittee

    head_id = FrontCommittee.objects.filter(area_id=case.area_id, head__isnull=False, head__is_active=True).values_list("head_id", flat=True).first()
    if head_id is None:
        membership = (
            Membership.objects.active()
            .filter(role=Role.COMMUNE_FRONT, commune_id=case.commune_id, user__is_active=True)
            .select_related("user").order_by("pk").first()
        )
        return membership.user if membership else None
    from accounts.models import User

    return User.objects.get(pk=head_id)


def review_drafter(case):
    """The case's current mentor; the decider drafts when the mentor has no account."""
    return case.mentor_user or review_decider(case)


def acting_for(user, task) -> object | None:
    """Return the task owner `user` acts for: the owner itself, or the head who named `user`
    deputy today (for delegable nodes); None when `user` may not act on the task."""
    from workflows.inbox import delegable_nodes

    if task.owner_id is None:
        return None
    if task.owner_id == user.pk:
        return user
    if task.flow_task in delegable_nodes() and Delegation.objects.active_on().filter(principal_id=task.owner_id, deputy=user).exists():
        return task.owner
    return None


def get_review_task_for_user(user, task_pk: int):
    """An open review task `user` may act on, or 404 (outsiders learn nothing)."""
    from workflows.review_flow import QuarterlyReviewFlow

    task = (
        Task.objects.filter(pk=task_pk, process__flow_class=QuarterlyReviewFlow, status__in=[STATUS.ASSIGNED, STATUS.STARTED])
        .select_related("owner").first()
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
            title = _("Soạn đánh giá quý %(q)s") % {"q": review.quarter}
            if review.status == "returned":
                title = _("Sửa đánh giá quý %(q)s (bị trả lại)") % {"q": review.quarter}
        else:
            title = _("Duyệt đánh giá quý %(q)s") % {"q": review.quarter}
        out[task.pk] = TaskInfo(
            title=title,
            subtitle=f"{process.case.subject.full_name} · {process.case.area.name}",
            url=reverse("workflows:review_task", args=[task.pk]),
            due_on=review.due_on,
            case_id=process.case_id,
        )
    return out


def case_reviews(case) -> list[QuarterlyReview]:
    return list(QuarterlyReview.objects.filter(case=case).select_related("decided_by", "decided_on_behalf_of", "drafted_by").order_by("-quarter"))


def open_review_task(case):
    from workflows.review_flow import QuarterlyReviewFlow

    return (
        Task.objects.filter(
            process__in=ReviewProcess.objects.filter(case=case).values("pk"),
            process__flow_class=QuarterlyReviewFlow,
            flow_task_type="HUMAN",
            status__in=[STATUS.ASSIGNED, STATUS.STARTED],
        )
        .select_related("owner").order_by("-created").first()
    )
