"""Who may do what to a case: the roles a user holds *with respect to one case*, and the
table of transitions each role may make. Scope comes from memberships (data); the mentor's
link to a case is the guardian object permission `cases.mentor_case` that assigning grants."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.selectors import user_scope

HEAD, FRONT, POLICE, MENTOR, LABOUR = (
    Role.COMMITTEE_HEAD,
    Role.COMMUNE_FRONT,
    Role.COMMUNE_POLICE,
    Role.MENTOR,
    Role.LABOUR_OFFICER,
)

TRANSITION_ROLES: dict[str, frozenset[str]] = {
    "assign": frozenset({HEAD, FRONT}),
    "reassign": frozenset({HEAD, FRONT}),
    "start_mentoring": frozenset({MENTOR, HEAD, FRONT}),
    # Support opens and closes with referrals (the support app); labour officers close them.
    "open_support": frozenset({MENTOR, HEAD, FRONT, LABOUR}),
    "close_support": frozenset({MENTOR, HEAD, FRONT, LABOUR}),
    "graduate": frozenset({HEAD, FRONT}),
    "escalate": frozenset({HEAD, FRONT, POLICE}),
    "resolve_escalation": frozenset({POLICE, FRONT}),
    "close": frozenset({HEAD, FRONT, POLICE}),
    "transfer": frozenset({POLICE, FRONT}),
}

TRANSITION_LABELS = {
    "create": _("Lập hồ sơ"),
    "assign": _("Phân công"),
    "reassign": _("Phân công lại"),
    "start_mentoring": _("Bắt đầu giúp đỡ"),
    "open_support": _("Mở hỗ trợ"),
    "close_support": _("Kết thúc hỗ trợ"),
    "graduate": _("Đưa ra khỏi diện quản lý"),
    "escalate": _("Chuyển công an xử lý"),
    "resolve_escalation": _("Xử lý xong vụ việc"),
    "close": _("Kết thúc hồ sơ"),
    "transfer": _("Chuyển địa bàn"),
    "transfer_in": _("Nhận hồ sơ chuyển đến"),
    "subject_updated": _("Sửa thông tin người được giúp đỡ"),
    "concern_flagged": _("Báo cáo lo ngại"),
    "merge_subject": _("Gộp hồ sơ trùng người"),
}


def case_roles(user, case) -> frozenset[str]:
    """The roles `user` holds for this case (empty when the case is out of their scope)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    scope = user_scope(user)
    roles = set()
    if case.area_id in scope.head_area_ids:
        roles.add(HEAD)
    if case.commune_id in scope.front_commune_ids:
        roles.add(FRONT)
    if case.commune_id in scope.police_commune_ids:
        roles.add(POLICE)
    if case.commune_id in scope.labour_commune_ids:
        roles.add(LABOUR)
    if MENTOR in scope.roles and is_case_mentor(user, case):
        roles.add(MENTOR)
    return frozenset(roles)


def is_case_mentor(user, case) -> bool:
    from cases.models import CaseUserObjectPermission

    return CaseUserObjectPermission.objects.filter(
        user=user, content_object_id=case.pk, permission__codename="mentor_case"
    ).exists()


def may(user, case, transition: str) -> bool:
    allowed = TRANSITION_ROLES.get(transition, frozenset())
    return bool(case_roles(user, case) & allowed)
