"""Writes about organisations and mentors; assignment goes through the case services."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import services as case_services
from cases.errors import DomainError
from cases.models import Case, Category
from mentors.models import Assignment, Branch, Mentor
from mentors.selectors import education_limit, open_caseload


def _check_assignment(case: Case, branch: Branch | None, mentor: Mentor) -> None:
    if branch is None:
        raise DomainError(_("Vui lòng chọn chi hội / chi đoàn nhận giúp đỡ."), field="branch")
    if branch.commune_id != case.commune_id:
        raise DomainError(
            _("Chi hội / chi đoàn “%(branch)s” không thuộc xã/phường của hồ sơ.") % {"branch": branch.name}, field="branch"
        )
    if not branch.is_active:
        raise DomainError(_("Chi hội / chi đoàn “%(branch)s” đã ngừng hoạt động.") % {"branch": branch.name}, field="branch")
    # Lock the mentor row so that two assignments to the same mentor are checked one at a time.
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    if not mentor.is_active:
        raise DomainError(_("Người giúp đỡ “%(name)s” đã ngừng hoạt động.") % {"name": mentor.full_name}, field="mentor")
    if mentor.commune_id != case.commune_id:
        raise DomainError(_("Người giúp đỡ “%(name)s” không thuộc xã/phường của hồ sơ.") % {"name": mentor.full_name}, field="mentor")
    if mentor.kind == Mentor.Kind.BRANCH_MEMBER and mentor.branch_id != branch.pk:
        raise DomainError(
            _("Người giúp đỡ “%(name)s” không phải là hội viên của “%(branch)s”.") % {"name": mentor.full_name, "branch": branch.name},
            field="mentor",
        )
    current = Assignment.objects.current().filter(case=case).first()
    if current is not None and current.mentor_id == mentor.pk and current.branch_id == branch.pk:
        raise DomainError(_("Hồ sơ đã được phân công cho người giúp đỡ này."), field="mentor")
    total, education = open_caseload(mentor)
    if current is not None and current.mentor_id == mentor.pk:
        total -= 1  # same mentor, another branch: not an extra case
    if total >= mentor.effective_caseload_limit:
        raise DomainError(
            _("Người giúp đỡ “%(name)s” đã nhận đủ %(limit)d người, không thể nhận thêm.")
            % {"name": mentor.full_name, "limit": mentor.effective_caseload_limit},
            field="mentor",
        )
    if case.subject.category == Category.COMMUNE_EDUCATION and education >= education_limit():
        raise DomainError(
            _("Người giúp đỡ “%(name)s” đã giúp đỡ %(limit)d người bị áp dụng biện pháp giáo dục tại xã (tối đa theo Nghị định 120/2021).")
            % {"name": mentor.full_name, "limit": education_limit()},
            field="mentor",
        )


@transaction.atomic
def assign_case(case: Case | int, *, actor, branch: Branch | None, mentor: Mentor | None, reason: str = "") -> Assignment:
    """Assign an identified case, or reassign one under way (the state is kept). The old
    mentor loses access to the case in the same transaction."""
    if mentor is None:
        raise DomainError(_("Vui lòng chọn người giúp đỡ."), field="mentor")
    pk = case.pk if isinstance(case, Case) else case
    locked = case_services.set_case_mentor(
        pk,
        actor=actor,
        mentor_user=mentor.user,
        reason=reason,
        event_data={"mentor_id": mentor.pk, "mentor_name": mentor.full_name,
                    "branch_id": branch.pk if branch else None, "branch_name": branch.name if branch else ""},
        check=lambda c: _check_assignment(c, branch, mentor),
    )
    now = timezone.now()
    for previous in Assignment.objects.current().filter(case_id=pk).select_for_update():
        previous.ended_at = now
        case_services.save_with_history(previous, actor=actor, reason=reason or _("Phân công lại"))
    assignment = Assignment(case=locked, branch=branch, mentor=mentor, started_at=now, assigned_by=actor)
    case_services.save_with_history(assignment, actor=actor, reason=reason or _("Phân công"))
    return assignment
