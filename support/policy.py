"""Who may refer a case for support and who acts on a referral: the referrers of the case
(its mentor, the committee head, the commune front) and the labour office of the receiving
commune. Built on the core's role table (cases.policy)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.models import labour_role_noun
from accounts.selectors import user_scope
from cases import policy
from cases.models import CaseStatus
from cases.policy import ALLOWED, FRONT, HEAD, MENTOR, Decision, refused

REFERRER_ROLES = frozenset({MENTOR, HEAD, FRONT})
REFERRABLE_CASE_STATES = (CaseStatus.IN_REVIEW, CaseStatus.SUPPORTED)


def is_referrer(user, case) -> bool:
    """Mentor, committee head or commune front of the case: may refer it (and edit its drafts)."""
    return bool(policy.case_roles(user, case) & REFERRER_ROLES)


def may_follow_referrals(user) -> bool:
    """Holds a referrer's role somewhere (a mentor, a committee head, a commune front): the
    "Giới thiệu hỗ trợ" list of the referrals of their cases."""
    return bool(user_scope(user).roles & REFERRER_ROLES)


def can_refer(user, case) -> Decision:
    """Who (a referrer of the case) and where (a case under mentoring or support)."""
    if not is_referrer(user, case):
        return refused(_("Bạn không có quyền đề nghị hỗ trợ cho hồ sơ này."))
    if case.status not in REFERRABLE_CASE_STATES:
        return refused(
            _("Chỉ đề nghị hỗ trợ được cho hồ sơ đang giúp đỡ hoặc đang hỗ trợ (hiện tại: “%(state)s”).")
            % {"state": case.get_status_display()},
            kind="state",
        )
    return ALLOWED


def is_officer_of(user, commune_id: int) -> bool:
    return commune_id in user_scope(user).labour_commune_ids


def office_communes(user) -> list[int]:
    """The communes whose labour office the user works in (partners are added to the first)."""
    return sorted(user_scope(user).labour_commune_ids)


def may_use_office(user) -> bool:
    """A labour officer of some commune: the office's inbox and partners."""
    return bool(user_scope(user).labour_commune_ids)


def can_handle(user, referral) -> Decision:
    """The labour office of the receiving commune triages, records outcomes and follows up."""
    if not is_officer_of(user, referral.commune_id):
        return refused(_("Chỉ %(role)s của xã/phường tiếp nhận mới được xử lý đề nghị này.") % {"role": labour_role_noun()})
    return ALLOWED


def can_withdraw(user, referral, case) -> Decision:
    if is_referrer(user, case) or is_officer_of(user, referral.commune_id):
        return ALLOWED
    return refused(_("Bạn không có quyền rút lại đề nghị này."))
