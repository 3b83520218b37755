"""Who may assign a case, record and correct visits, and oversee mentors: built on the core's
role table (cases.policy). Answers a Decision (allowed, or refused with a Vietnamese reason)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.selectors import user_scope
from cases import policy
from cases.models import TERMINAL_STATES, Case, CaseStatus
from cases.policy import ALLOWED, FRONT, HEAD, MENTOR, Decision, refused


def assignment_transition(case: Case) -> str:
    return "assign" if case.status == CaseStatus.IDENTIFIED else "reassign"


def can_assign(user, case: Case) -> Decision:
    """Assign an identified case, or reassign one under way (head, commune front)."""
    decision = policy.can_act(user, case, assignment_transition(case))
    if not decision:
        return refused(_("Bạn không có quyền phân công hồ sơ này."))
    return policy.state_allows(case, assignment_transition(case))


def can_log_visit(user, case: Case) -> Decision:
    """The assigned mentor records their own visits. A mentor without an account (a village
    elder, say) reports to the committee head or commune front, who record it for them."""
    from mentors.models import Assignment

    if case.status in TERMINAL_STATES:
        return refused(
            _("Hồ sơ đã kết thúc (“%(state)s”), không thể ghi nhận tiếp xúc.") % {"state": CaseStatus(case.status).label},
            kind="state",
        )
    if case.status == CaseStatus.IDENTIFIED:
        return refused(_("Hồ sơ chưa được phân công người giúp đỡ."), kind="state")
    assignment = Assignment.objects.current().filter(case=case).select_related("mentor").first()
    if assignment is None:
        return refused(_("Hồ sơ này chưa được phân công cho bạn giúp đỡ."))
    roles = policy.case_roles(user, case)
    mentor = assignment.mentor
    if mentor.user_id is not None:
        if mentor.user_id == user.pk and MENTOR in roles:
            return ALLOWED
        return refused(_("Hồ sơ này được phân công cho người giúp đỡ khác; bạn không thể ghi nhận tiếp xúc."))
    if roles & {HEAD, FRONT}:
        return ALLOWED
    return refused(_("Hồ sơ này được phân công cho người giúp đỡ khác; bạn không thể ghi nhận tiếp xúc."))


def can_correct_visit(user, visit, case: Case) -> Decision:
    """Only the user who recorded a visit corrects it, while the case is open."""
    if visit.recorded_by_id != user.pk or not policy.case_roles(user, case):
        return refused(_("Chỉ người đã ghi nhận lần tiếp xúc này mới được sửa."))
    if case.status in TERMINAL_STATES:
        return refused(
            _("Hồ sơ đã kết thúc (“%(state)s”), không thể sửa tiếp xúc.") % {"state": CaseStatus(case.status).label},
            kind="state",
        )
    return ALLOWED


def may_supervise(user) -> bool:
    """Committee heads and commune front officers oversee mentors (caseload, handover)."""
    scope = user_scope(user)
    return bool(scope.head_area_ids or scope.front_commune_ids)


def may_use_mentor_home(user) -> bool:
    return MENTOR in user_scope(user).roles
