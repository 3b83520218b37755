"""Who may keep the community registries.

The committee head keeps those of his khu dân cư; the commune front officer those of every
khu dân cư of the commune and the commune-wide ones (cadres of the commune, training sessions,
recognitions). The commune police read them (they sit in the quarterly meeting), nobody else.
Each predicate answers a Decision: allowed, or refused with a Vietnamese reason.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.selectors import user_scope
from cases.policy import ALLOWED, Decision, refused

REGISTRY_ROLES = frozenset({Role.COMMITTEE_HEAD, Role.COMMUNE_FRONT, Role.COMMUNE_POLICE})


def has_registry_role(user) -> bool:
    return bool(user_scope(user).roles & REGISTRY_ROLES)


def can_keep_area(user, area) -> Decision:
    """Record or correct a record of khu dân cư `area`."""
    scope = user_scope(user)
    if area.pk in scope.head_area_ids or area.commune_id in scope.front_commune_ids:
        return ALLOWED
    return refused(_("Chỉ Trưởng Ban Công tác Mặt trận của khu dân cư này hoặc cán bộ Ủy ban MTTQ xã được ghi nhận."))


def can_keep_commune(user, commune) -> Decision:
    """Record or correct a commune-wide record (no khu dân cư)."""
    if commune.pk in user_scope(user).front_commune_ids:
        return ALLOWED
    return refused(_("Chỉ cán bộ Ủy ban MTTQ xã được ghi nhận cho cả xã."))


def can_keep(user, *, commune, area=None) -> Decision:
    return can_keep_area(user, area) if area is not None else can_keep_commune(user, commune)


def can_read_area(user, area) -> Decision:
    scope = user_scope(user)
    if area.pk in scope.head_area_ids or area.commune_id in (scope.front_commune_ids | scope.police_commune_ids):
        return ALLOWED
    return refused(_("Bạn không có quyền xem sổ theo dõi của khu dân cư này."))


def can_read_commune(user, commune) -> Decision:
    scope = user_scope(user)
    if commune.pk in (scope.front_commune_ids | scope.police_commune_ids):
        return ALLOWED
    return refused(_("Bạn không có quyền xem sổ theo dõi của xã này."))
