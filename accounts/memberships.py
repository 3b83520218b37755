"""Granting case roles with four eyes.

A role that opens cases (every role but the administrator's is one) is never granted by one
person alone: a membership created or widened through the admin is a request, inactive, until a
second person approves it. Who may approve:
- another installation administrator (not the requester, not the person receiving the role);
- the commune's Front officer or police for a role in that commune (or one of its khu dân cư);
- a province officer for a role in their province.
Nobody grants a role to themselves. Requests and approvals are recorded on the membership and
in its history.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.installation import is_installation_admin
from accounts.models import Membership, Role, User


def membership_commune_id(membership: Membership) -> int | None:
    if membership.commune_id:
        return membership.commune_id
    if membership.area_id:
        return membership.area.commune_id
    return None


def membership_province_id(membership: Membership) -> int | None:
    if membership.province_id:
        return membership.province_id
    if membership.commune_id:
        return membership.commune.province_id
    if membership.area_id:
        return membership.area.commune.province_id
    return None


def approval_refusal(membership: Membership, actor: User) -> str | None:
    """Why `actor` may not approve this request (None when they may)."""
    if not membership.is_pending:
        return _("Phân quyền này không chờ phê duyệt.")
    if actor.pk == membership.user_id:
        return _("Không ai được tự cấp vai trò cho chính mình.")
    if actor.pk == membership.requested_by_id:
        return _("Người đề nghị không được tự phê duyệt: cần người thứ hai.")
    if is_installation_admin(actor):
        return None
    if membership.role == Role.ADMIN:
        return _("Vai trò quản trị chỉ do một quản trị viên khác phê duyệt.")
    from accounts.selectors import user_scope

    scope = user_scope(actor)
    commune_id = membership_commune_id(membership)
    if commune_id and commune_id in (scope.front_commune_ids | scope.police_commune_ids):
        return None
    province_id = membership_province_id(membership)
    if province_id and province_id in scope.province_ids:
        return None
    return _("Chỉ cán bộ xã, cán bộ tỉnh của địa bàn này hoặc một quản trị viên khác được phê duyệt.")


def pending_for(actor: User):
    """The requests this actor may approve."""
    rows = Membership.objects.filter(is_active=False, requested_by__isnull=False, approved_by__isnull=True)
    rows = rows.select_related("user", "requested_by", "province", "commune__province", "area__commune__province")
    return [m for m in rows.order_by("created_at", "pk") if approval_refusal(m, actor) is None]


def request_membership(membership: Membership, *, actor: User) -> Membership:
    """Save a new or changed membership as a request waiting for a second person."""
    if actor.pk == membership.user_id:
        raise PermissionDenied(_("Không ai được tự cấp vai trò cho chính mình."))
    membership.is_active = False
    membership.requested_by = actor
    membership.approved_by = None
    membership.approved_at = None
    membership._change_reason = "request"
    membership.save()
    return membership


def approve_membership(membership: Membership, *, actor: User) -> Membership:
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        refusal = approval_refusal(membership, actor)
        if refusal:
            raise PermissionDenied(refusal)
        membership.is_active = True
        membership.approved_by = actor
        membership.approved_at = timezone.now()
        membership._change_reason = "approve"
        membership.save()
    return membership


def revoke_membership(membership: Membership, *, actor: User) -> Membership:
    """Taking a role away needs no second person."""
    membership.is_active = False
    membership._change_reason = "revoke"
    membership.save()
    return membership
