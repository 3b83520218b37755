"""Writes about organisations and mentors; assignment goes through the case services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import policy as case_policy
from cases import services as case_services
from cases.errors import DomainError, PermissionRefused
from cases.models import Case, CaseStatus, Category
from mentors import policy
from mentors.models import Assignment, Branch, Mentor, Visit, VisitMode
from mentors.selectors import education_limit, open_caseload


def _check_assignment(case: Case, branch: Branch | None, mentor: Mentor) -> None:
    if branch is None:
        raise DomainError(_("Vui lòng chọn chi hội / chi đoàn nhận giúp đỡ."), field="branch")
    if branch.commune_id != case.commune_id:
        raise DomainError(_("Chi hội / chi đoàn “%(branch)s” không thuộc xã/phường của hồ sơ.") % {"branch": branch.name}, field="branch")
    if not branch.is_active:
        raise DomainError(_("Chi hội / chi đoàn “%(branch)s” đã ngừng hoạt động.") % {"branch": branch.name}, field="branch")
    # Lock the mentor row so that two assignments to the same mentor are checked one at a time.
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    if not mentor.is_active:
        raise DomainError(_("Người giúp đỡ “%(name)s” đã ngừng hoạt động.") % {"name": mentor.full_name}, field="mentor")
    if mentor.commune_id != case.commune_id:
        raise DomainError(_("Người giúp đỡ “%(name)s” không thuộc xã/phường của hồ sơ.") % {"name": mentor.full_name}, field="mentor")
    # Branch and mentor agree: a mentor who belongs to a branch helps under that branch; a
    # respected person without a branch may help under any branch of the commune.
    if mentor.branch_id is not None and mentor.branch_id != branch.pk:
        raise DomainError(
            _("Người giúp đỡ “%(name)s” thuộc “%(own)s”, không thuộc “%(branch)s” đã chọn.")
            % {"name": mentor.full_name, "own": mentor.branch.name, "branch": branch.name},
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


@dataclass(frozen=True)
class AssignmentResult:
    assignment: Assignment
    old_user: Any  # the previous mentor's account (the caller moves what they held)


@transaction.atomic
def assign_case(
    case: Case | int,
    *,
    actor,
    branch: Branch | None,
    mentor: Mentor | None,
    reason: str = "",
    expected_revision: int | None = None,
) -> AssignmentResult:
    """Assign an identified case, or reassign one under way (the state is kept). The old
    mentor loses access to the case in the same transaction. What the old mentor held on the
    case (the review draft) is moved by the caller, workflows.lifecycle.assign_case."""
    if mentor is None:
        raise DomainError(_("Vui lòng chọn người giúp đỡ."), field="mentor")
    pk = case.pk if isinstance(case, Case) else case
    locked, old_user = case_services.set_case_mentor(
        pk,
        actor=actor,
        mentor_user=mentor.user,
        reason=reason,
        event_data={
            "mentor_id": mentor.pk,
            "mentor_name": mentor.full_name,
            "branch_id": branch.pk if branch else None,
            "branch_name": branch.name if branch else "",
        },
        check=lambda c: _check_assignment(c, branch, mentor),
        expected_revision=expected_revision,
    )
    now = timezone.now()
    for previous in Assignment.objects.current().filter(case_id=pk).select_for_update():
        previous.ended_at = now
        case_services.save_with_history(previous, actor=actor, reason=reason or _("Phân công lại"))
    assignment = Assignment(case=locked, branch=branch, mentor=mentor, started_at=now, assigned_by=actor)
    case_services.save_with_history(assignment, actor=actor, reason=reason or _("Phân công"))
    return AssignmentResult(assignment=assignment, old_user=old_user)


# --- visits ----------------------------------------------------------------------------------

# The fields of a visit a mentor fills in (and may correct), besides the date and time.
VISIT_FIELDS = (
    "mode",
    "place",
    "duration_minutes",
    "present",
    "work_study",
    "family_community",
    "health",
    "substance_use",
    "compliance",
    "support_needs",
    "notes",
    "next_contact_on",
    "sensitive_note",
)
TEXT_LIMITS = {"place": 200, "present": 300}


def _clean_visit(case: Case, assignment: Assignment, visited_at: dt.datetime | None, data: dict[str, Any]) -> dict[str, Any]:
    """Validate a visit against its case and assignment; returns the cleaned fields."""
    if visited_at is None:
        raise DomainError(_("Vui lòng nhập ngày tiếp xúc."), field="visit_date")
    if timezone.is_naive(visited_at):
        visited_at = timezone.make_aware(visited_at)
    now = timezone.now()
    if timezone.localdate(visited_at) > timezone.localdate(now):
        raise DomainError(_("Ngày tiếp xúc không được sau ngày hôm nay."), field="visit_date")
    if visited_at > now + dt.timedelta(minutes=5):
        raise DomainError(_("Giờ tiếp xúc không được sau thời điểm hiện tại."), field="visit_time")
    started = timezone.localdate(assignment.started_at)
    if timezone.localdate(visited_at) < started:
        raise DomainError(
            _("Ngày tiếp xúc không được trước ngày được phân công giúp đỡ (%(day)s).") % {"day": started.strftime("%d/%m/%Y")},
            field="visit_date",
        )
    cleaned: dict[str, Any] = {}
    for name in VISIT_FIELDS:
        value = data.get(name)
        if isinstance(value, str):
            value = value.strip()
        cleaned[name] = value
    mode = cleaned["mode"] or ""
    if mode not in VisitMode.values:
        raise DomainError(_("Vui lòng chọn hình thức tiếp xúc."), field="mode")
    for name, limit in TEXT_LIMITS.items():
        cleaned[name] = cleaned[name] or ""
        if len(cleaned[name]) > limit:
            raise DomainError(_("Nội dung quá dài (tối đa %(n)d ký tự).") % {"n": limit}, field=name)
    for name in VISIT_FIELDS:
        if name not in ("mode", "duration_minutes", "next_contact_on") and cleaned[name] is None:
            cleaned[name] = ""
    duration = cleaned["duration_minutes"]
    if duration is not None and not (0 < int(duration) <= 24 * 60):
        raise DomainError(_("Thời lượng phải từ 1 đến 1440 phút."), field="duration_minutes")
    nxt = cleaned["next_contact_on"]
    if nxt is not None and nxt < timezone.localdate(visited_at):
        raise DomainError(_("Ngày dự kiến tiếp xúc lần sau không được trước ngày tiếp xúc này."), field="next_contact_on")
    cleaned["visited_at"] = visited_at
    return cleaned


@transaction.atomic
def log_visit(case: Case | int, *, actor, visited_at: dt.datetime | None, idempotency_key: str | None = None, **data: Any) -> Visit:
    """Record a contact with the person helped. The first visit on an assigned case starts the
    mentoring (assigned → in_review) in the same transaction. Nothing is saved on error.

    `idempotency_key` (the form's, or the phone's): a doubled or replayed submit with the
    same key returns the visit the first one created, and creates nothing."""
    locked = case_services.lock_case(case)
    if idempotency_key:
        earlier = Visit.objects.filter(recorded_by=actor, idempotency_key=idempotency_key).first()
        if earlier is not None:
            return earlier
    case_policy.require(policy.can_log_visit(actor, locked), field="case")
    assignment = Assignment.objects.current().filter(case=locked).select_related("mentor").first()
    cleaned = _clean_visit(locked, assignment, visited_at, data)
    visit = Visit(
        case=locked,
        mentor=assignment.mentor,
        recorded_by=actor,
        created_at=timezone.now(),
        idempotency_key=idempotency_key or None,
        **cleaned,
    )
    case_services.save_with_history(visit, actor=actor, reason=_("Ghi nhận tiếp xúc"))
    case_services.record_event(
        locked,
        actor=actor,
        transition="visit_logged",
        data={"visit": visit.pk, "mode": visit.mode, "mentor_name": assignment.mentor.full_name},
    )
    if locked.status == CaseStatus.ASSIGNED:
        case_services.start_mentoring(locked, actor=actor, reason=_("Lần tiếp xúc đầu tiên"))
    return visit


@transaction.atomic
def correct_visit(visit: Visit | int, *, actor, reason: str, visited_at: dt.datetime | None, **data: Any) -> Visit:
    """Correct a visit. Only the user who recorded it may, with a reason; the previous version
    stays in the history (simple-history), nothing is deleted."""
    pk = visit.pk if isinstance(visit, Visit) else visit
    locked = case_services.lock_case(Visit.objects.values_list("case_id", flat=True).get(pk=pk))
    visit = Visit.objects.select_for_update().get(pk=pk)
    case_policy.require(policy.can_correct_visit(actor, visit, locked), field="visit")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Vui lòng nêu lý do sửa."), field="reason")
    assignment = (
        Assignment.objects.filter(case=locked, mentor=visit.mentor, started_at__lte=visit.visited_at).order_by("-started_at").first()
        or Assignment.objects.filter(case=locked, mentor=visit.mentor).order_by("started_at").first()
    )
    cleaned = _clean_visit(locked, assignment, visited_at, data)
    for name, value in cleaned.items():
        setattr(visit, name, value)
    visit.corrected_at = timezone.now()
    case_services.save_with_history(visit, actor=actor, reason=_("Sửa: %(reason)s") % {"reason": reason})
    case_services.record_event(locked, actor=actor, transition="visit_corrected", reason=reason, data={"visit": visit.pk})
    return visit


# --- handover --------------------------------------------------------------------------------


@transaction.atomic
def deactivate_mentor(mentor: Mentor | int, *, actor, reason: str) -> Mentor:
    """A mentor stops (moves away, leaves the branch, steps down). Their open cases stay with
    them until the head reassigns them (mentors.selectors.handover_assignments lists them)."""
    from mentors.selectors import supervised_communes

    pk = mentor.pk if isinstance(mentor, Mentor) else mentor
    mentor = Mentor.objects.select_for_update().get(pk=pk)
    if mentor.commune_id not in supervised_communes(actor):
        raise PermissionRefused(_("Bạn không có quyền thay đổi người giúp đỡ này."))
    if not mentor.is_active:
        raise DomainError(_("Người giúp đỡ “%(name)s” đã ngừng hoạt động.") % {"name": mentor.full_name})
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Vui lòng nêu lý do."), field="reason")
    mentor.is_active = False
    case_services.save_with_history(mentor, actor=actor, reason=_("Ngừng hoạt động: %(reason)s") % {"reason": reason})
    return mentor


@dataclass(frozen=True)
class Reassignment:
    case: Case
    mentor: Mentor | None
    branch: Branch | None = None


@transaction.atomic
def reassign_cases(items: list[Reassignment], *, actor, reason: str) -> list[AssignmentResult]:
    """Hand several cases over in one step, all or nothing: each goes through assign_case (so
    each case gets its own event and permission move); the first refusal undoes them all and
    names the case that failed."""
    if not items:
        raise DomainError(_("Không có hồ sơ nào để phân công lại."))
    done = []
    for item in items:
        branch = item.branch
        if branch is None and item.mentor is not None:
            # A branch member takes the case into their branch; a respected person (no branch of
            # their own) keeps the branch that holds the case.
            branch = item.mentor.branch if item.mentor.kind == Mentor.Kind.BRANCH_MEMBER else None
            if branch is None:
                current = Assignment.objects.current().filter(case=item.case).select_related("branch").first()
                branch = current.branch if current else item.mentor.branch
        try:
            done.append(assign_case(item.case, actor=actor, branch=branch, mentor=item.mentor, reason=reason or _("Bàn giao")))
        except DomainError as exc:
            raise type(exc)(
                _("Hồ sơ #%(pk)d (%(name)s): %(message)s")
                % {"pk": item.case.pk, "name": item.case.subject.full_name, "message": exc.message},
                field=exc.field,
            ) from exc
    return done
