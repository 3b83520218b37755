"""Demo quarterly reviews: last quarter approved for most active cases (so case pages show a
history), a few reviews from two quarters ago still open (overdue), this quarter's reviews
open in the mentors' inboxes, one awaiting the head's decision and one returned for revision.
Everything goes through the workflow services, so tasks, events and history rows are real."""

from __future__ import annotations

from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from accounts.selectors import system_user
from cases.models import ACTIVE_MENTORING_STATES, Case
from workflows import services
from workflows.quarters import previous_quarter, quarter_bounds, quarter_of
from workflows.review_flow import QuarterlyReviewFlow

ASSESSMENTS = [
    {
        "rating": "progressing",
        "contacts_count": 5,
        "work": "Làm thợ xây, thu nhập khoảng 6 triệu đồng/tháng",
        "family_ties": "Sống cùng vợ con, quan hệ hàng xóm tốt",
        "compliance": "Chấp hành tốt quy định của địa phương",
        "narrative": "Có nhiều tiến bộ, tích cực tham gia lao động.",
        "recommendation": "continue",
    },
    {
        "rating": "not_progressing",
        "contacts_count": 2,
        "work": "Chưa có việc làm ổn định",
        "family_ties": "Mâu thuẫn với gia đình",
        "compliance": "Có lúc không có mặt khi được mời làm việc",
        "support_needs": "Học nghề sửa xe máy",
        "narrative": "Cần hỗ trợ học nghề.",
        "recommendation": "continue",
    },
]


def _task(review, node):
    return Task.objects.get(process_id=review.process.pk, flow_task=node, status__in=[STATUS.ASSIGNED, STATUS.STARTED])


def _draft(review, data):
    task = _task(review, QuarterlyReviewFlow.draft)
    services.save_assessment(review, actor=task.owner, data=data, submit=True)


def _approve(review, decision="approve", comment=""):
    task = _task(review, QuarterlyReviewFlow.decide)
    services.decide_review(review, actor=task.owner, decision=decision, comment=comment)


def _mentored_by(case, quarter: str) -> bool:
    """A review belongs to a quarter the case was under a mentor: assigned before it ended."""
    from django.utils import timezone

    from cases.models import CaseEvent

    assigned = CaseEvent.objects.filter(case=case, transition="assign").order_by("created_at").first()
    return assigned is not None and timezone.localtime(assigned.created_at).date() <= quarter_bounds(quarter)[1]


def seed(ctx) -> None:
    if not ctx.created:
        return
    actor = system_user()
    current = quarter_of()
    last = previous_quarter(current)
    older = previous_quarter(last)
    active = list(Case.objects.filter(pk__in=[c.pk for c in ctx.cases], status__in=ACTIVE_MENTORING_STATES).order_by("pk"))
    # Two quarters ago: two reviews never drafted, now overdue.
    for case in [c for c in active if _mentored_by(c, older)][:2]:
        services.open_review(case, quarter=older, actor=actor)
    # Last quarter: approved for every case mentored then but the last two.
    for i, case in enumerate([c for c in active if _mentored_by(c, last)][:-2]):
        review = services.open_review(case, quarter=last, actor=actor)
        _draft(review, ASSESSMENTS[i % 3 == 2])
        _approve(review)
    # This quarter: open for all; one sent to the head, one returned for revision.
    demo_mentor = ctx.users["mentor"]
    opened = [services.open_review(case, quarter=current, actor=actor) for case in active]
    mine = [r for r in opened if r.case.mentor_user_id == demo_mentor.pk]
    if len(mine) >= 3:
        _draft(mine[0], ASSESSMENTS[0])
        _draft(mine[1], ASSESSMENTS[1])
        _approve(mine[1], decision="return", comment="Đề nghị ghi rõ số lần gặp gỡ và kế hoạch học nghề.")
