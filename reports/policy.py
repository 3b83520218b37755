"""Who may see which report, and who sends a commune's report up the line.

Each level its own report (domain.md "Reports"): the committee head his khu dân cư, the
commune front and police their commune with its khu dân cư, the province officer his
province's communes, the administrator the nation. Reports are aggregates: none names a
person, so a head's report shows no more than the case list he already has.
Views and selectors ask these predicates; templates never test a role.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.selectors import user_scope
from areas.models import Commune, ResidentialArea
from cases.policy import ALLOWED, Decision, refused

REPORT_ROLES = frozenset({Role.COMMITTEE_HEAD, Role.COMMUNE_FRONT, Role.COMMUNE_POLICE, Role.PROVINCE_OFFICER, Role.ADMIN})
# Who sends the commune's periodic report to the province (seed 000: the commune's Ủy ban MTTQ).
SUBMITTER_ROLES = frozenset({Role.COMMUNE_FRONT})


def may_see_reports(user) -> bool:
    return bool(user_scope(user).roles & REPORT_ROLES)


def place_allowed(user, place) -> bool:
    """May `user` read the report of `place` (a reports.indicators.PlaceRef)?"""
    scope = user_scope(user)
    if scope.has(Role.ADMIN):
        return True
    communes = scope.front_commune_ids | scope.police_commune_ids
    if place.level == "nation":
        return False
    if place.level == "province":
        return place.id in scope.province_ids
    if place.level == "commune":
        return place.id in communes or Commune.objects.filter(pk=place.id, province_id__in=scope.province_ids).exists()
    if place.level == "area":
        if place.id in scope.head_area_ids:
            return True
        return (
            ResidentialArea.objects.filter(pk=place.id).filter(commune_id__in=communes).exists()
            or ResidentialArea.objects.filter(pk=place.id, commune__province_id__in=scope.province_ids).exists()
        )
    return False


def can_submit_report(user, commune_id: int) -> Decision:
    """Only the commune front officer of that commune sends its report."""
    scope = user_scope(user)
    if Role.COMMUNE_FRONT in scope.roles and commune_id in scope.front_commune_ids:
        return ALLOWED
    return refused(_("Chỉ cán bộ Ủy ban MTTQ xã của địa bàn này được gửi báo cáo của xã."))


def can_follow_submissions(user, province_id: int) -> Decision:
    """The province officer (and the administrator) follows which communes sent their report."""
    scope = user_scope(user)
    if scope.has(Role.ADMIN) or province_id in scope.province_ids:
        return ALLOWED
    return refused(_("Bạn không theo dõi báo cáo của tỉnh này."))


def may_see_commune_submissions(user, commune_id: int) -> bool:
    """The commune's own officers see what their commune sent; its province too."""
    scope = user_scope(user)
    if scope.has(Role.ADMIN) or commune_id in (scope.front_commune_ids | scope.police_commune_ids):
        return True
    return Commune.objects.filter(pk=commune_id, province_id__in=scope.province_ids).exists()
