"""All reads of cases go through here: lists through visible_cases, one case through
get_case_for_user. Views never query Case directly."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.selectors import user_scope
from cases.models import Case, CaseEvent, CaseUserObjectPermission
from cases.permissions import case_roles, may


def visible_cases(user) -> QuerySet[Case]:
    """Cases the user may open, by the scope table of domain.md.

    mentor: their own cases (guardian grant); committee head: their khu dân cư; commune
    front and police: their commune. Labour officers, province officers and administrators
    see no case list (referrals, aggregates and the installation respectively).
    """
    scope = user_scope(user)
    q = Q()
    matched = False
    if scope.head_area_ids:
        q |= Q(area_id__in=scope.head_area_ids)
        matched = True
    communes = scope.front_commune_ids | scope.police_commune_ids
    if communes:
        q |= Q(commune_id__in=communes)
        matched = True
    if Role.MENTOR in scope.roles:
        mine = CaseUserObjectPermission.objects.filter(user=user, permission__codename="mentor_case").values(
            "content_object_id"
        )
        q |= Q(pk__in=mine)
        matched = True
    if not matched:
        return Case.objects.none()
    return Case.objects.filter(q)


def get_case_for_user(user, pk: int, perm: str = "view") -> Case:
    """One case, or 404 when it is outside the user's scope; 403 when in scope but the
    user may not make the transition named by `perm`."""
    case = visible_cases(user).select_related("subject", "area", "commune", "mentor_user").filter(pk=pk).first()
    if case is None:
        raise Http404(_("Không tìm thấy hồ sơ."))
    if perm != "view" and not may(user, case, perm):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này trên hồ sơ."))
    return case


def case_events(case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor").order_by("created_at", "pk")


def available_transitions(user, case: Case) -> list[str]:
    """Transition names the user may make on the case now (buttons on the case page)."""
    from django_fsm import can_proceed

    roles = case_roles(user, case)
    names = []
    for name in ("start_mentoring", "graduate", "escalate", "resolve_escalation", "close", "transfer"):
        from cases.permissions import TRANSITION_ROLES

        if roles & TRANSITION_ROLES[name] and can_proceed(getattr(case, name), check_conditions=False):
            names.append(name)
    return names
