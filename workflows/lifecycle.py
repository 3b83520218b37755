"""The orchestration of a case's life: every change of a case that other records hang on is
made here, with its consequences, in one transaction. Reading `close_case` tells everything
closing a case changes; no callback registered elsewhere adds to it.

workflows is the highest app that knows all of them: the case (cases), its assignment
(mentors), its referrals (support) and its quarterly reviews (this app).

- Ending a case (close, transfer, graduate, an escalation resolved by closing): its open
  referrals are withdrawn with the reason that the case ended (they leave every inbox and any
  later action on them is refused) and its open reviews are cancelled.
- Assigning or reassigning a case: the open review draft moves to the new mentor.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from cases import services as case_services
from cases.models import Case
from mentors import services as mentor_services
from mentors.models import Branch, Mentor
from support import services as support_services
from workflows import services as review_services


def _end_what_hangs_on(case: Case, *, actor: User, transition: str) -> None:
    """A case just reached a terminal state (its row is locked by the caller's transaction)."""
    label = str(case_services.TRANSITION_LABELS[transition])
    support_services.withdraw_open_referrals(case, actor=actor, reason=_("Hồ sơ đã kết thúc (%(how)s).") % {"how": label})
    review_services.cancel_open_reviews(case, actor=actor, transition=transition)


@transaction.atomic
def close_case(case: Case | int, *, actor: User, reason_code: str, reason: str = "", expected_revision: int | None = None) -> Case:
    case = case_services.close_case(case, actor=actor, reason_code=reason_code, reason=reason, expected_revision=expected_revision)
    _end_what_hangs_on(case, actor=actor, transition="close")
    return case


@transaction.atomic
def graduate_case(
    case: Case | int, *, actor: User, reason: str, acting_for: User | None = None, expected_revision: int | None = None
) -> Case:
    case = case_services.graduate(case, actor=actor, reason=reason, acting_for=acting_for, expected_revision=expected_revision)
    _end_what_hangs_on(case, actor=actor, transition="graduate")
    return case


@transaction.atomic
def transfer_case(case: Case | int, *, actor: User, to_area, reason: str, expected_revision: int | None = None) -> Case:
    """Returns the new case at the destination; the old one is closed (transferred)."""
    new = case_services.transfer_case(case, actor=actor, to_area=to_area, reason=reason, expected_revision=expected_revision)
    old = Case.objects.get(pk=new.transferred_from_id)
    _end_what_hangs_on(old, actor=actor, transition="transfer")
    return new


@transaction.atomic
def end_by_legal_clock(case: Case | int, *, actor: User, reason: str = "") -> Case:
    """The head or the commune front confirms the legal clock has ended (cases.legal_services)."""
    from cases import legal_services

    case = legal_services.end_by_legal_clock(case, actor=actor, reason=reason)
    _end_what_hangs_on(case, actor=actor, transition="graduate")
    return case


@transaction.atomic
def resolve_escalation(case: Case | int, *, actor: User, outcome: str, reason: str, expected_revision: int | None = None) -> Case:
    case = case_services.resolve_escalation(case, actor=actor, outcome=outcome, reason=reason, expected_revision=expected_revision)
    if case.is_terminal:
        _end_what_hangs_on(case, actor=actor, transition="resolve_escalation")
    return case


@transaction.atomic
def escalate(case: Case | int, *, actor: User, reason: str, acting_for: User | None = None, expected_revision: int | None = None) -> Case:
    return case_services.escalate(case, actor=actor, reason=reason, acting_for=acting_for, expected_revision=expected_revision)


@transaction.atomic
def start_mentoring(case: Case | int, *, actor: User, reason: str = "", expected_revision: int | None = None) -> Case:
    return case_services.start_mentoring(case, actor=actor, reason=reason, expected_revision=expected_revision)


@transaction.atomic
def assign_case(
    case: Case | int,
    *,
    actor: User,
    branch: Branch | None,
    mentor: Mentor | None,
    reason: str = "",
    expected_revision: int | None = None,
):
    result = mentor_services.assign_case(
        case, actor=actor, branch=branch, mentor=mentor, reason=reason, expected_revision=expected_revision
    )
    assignment = result.assignment
    if result.old_user != assignment.mentor.user:
        review_services.move_open_drafts(assignment.case, new_user=assignment.mentor.user)
    return assignment


@transaction.atomic
def reassign_cases(items: list[mentor_services.Reassignment], *, actor: User, reason: str):
    """The handover: all or nothing (mentors.services.reassign_cases), each open draft moved."""
    results = mentor_services.reassign_cases(items, actor=actor, reason=reason)
    for result in results:
        if result.old_user != result.assignment.mentor.user:
            review_services.move_open_drafts(result.assignment.case, new_user=result.assignment.mentor.user)
    return [r.assignment for r in results]


def run_transition(name: str, case: Case, *, actor: User, data: dict) -> Case:
    """The case page's transition forms (workflows.case_views) by name."""
    revision = data.get("revision")
    if name == "start_mentoring":
        return start_mentoring(case, actor=actor, reason=data["reason"], expected_revision=revision)
    if name == "graduate":
        return graduate_case(case, actor=actor, reason=data["reason"], expected_revision=revision)
    if name == "escalate":
        return escalate(case, actor=actor, reason=data["reason"], expected_revision=revision)
    if name == "resolve_escalation":
        return resolve_escalation(case, actor=actor, outcome=data["outcome"], reason=data["reason"], expected_revision=revision)
    if name == "close":
        return close_case(case, actor=actor, reason_code=data["reason_code"], reason=data["reason"], expected_revision=revision)
    if name == "transfer":
        return transfer_case(case, actor=actor, to_area=data["to_area"], reason=data["reason"], expected_revision=revision)
    raise ValueError(name)
