"""All reads of cases go through here: lists through visible_cases, one case through
get_case_for_user. Views never query Case directly."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.selectors import user_scope
from cases import policy
from cases.models import Case, CaseEvent, CaseUserObjectPermission


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
        mine = CaseUserObjectPermission.objects.filter(user=user, permission__codename="mentor_case").values("content_object_id")
        q |= Q(pk__in=mine)
        matched = True
    if not matched:
        return Case.objects.none()
    return Case.objects.filter(q)


def filtered_cases(user, data: dict | None, extensions=()) -> QuerySet[Case]:
    """The case list (the page and the API): visible_cases filtered by the cleaned data of
    cases.forms.CaseFilterForm (q, status, category, area and the extensions' filters),
    annotated by the list extensions (one query for the whole page), newest first."""
    qs = visible_cases(user).select_related("subject", "area", "commune", "mentor_user")
    if data:
        if data.get("q"):
            from cases import search

            qs = search.filter_subjects(qs, data["q"], prefix="subject__", identity_within=policy.full_identity_cases(user))
        if data.get("status"):
            qs = qs.filter(status=data["status"])
        if data.get("category"):
            qs = qs.filter(subject__category=data["category"])
        if data.get("area"):
            qs = qs.filter(area=data["area"])
        for ext in extensions:
            value = data.get(ext.filter_name) if ext.filter_name else None
            if value and ext.filter_apply:
                qs = ext.filter_apply(qs, value)
    for ext in extensions:
        qs = ext.annotate(qs)
    return qs.order_by("-opened_at", "-pk")


def reachable_cases(user) -> QuerySet[Case]:
    """Cases the user may open, possibly after stating a reason (cases.access): visible_cases
    plus, for a province officer, every case of their province. Never used for lists."""
    qs = visible_cases(user)
    scope = user_scope(user)
    if Role.PROVINCE_OFFICER in scope.roles and scope.province_ids:
        qs = qs | Case.objects.filter(commune__province_id__in=scope.province_ids)
    return qs


def _one_case(qs: QuerySet[Case], pk: int) -> Case:
    case = qs.select_related("subject", "area", "commune", "mentor_user").filter(pk=pk).first()
    if case is None:
        raise Http404(_("Không tìm thấy hồ sơ."))
    return case


def get_case_for_reading(user, pk: int) -> Case:
    """One reachable case (the reason gate of cases.access decides what is shown), or 404."""
    return _one_case(reachable_cases(user), pk)


def earlier_cases(case: Case) -> list[Case]:
    """The cases this one was transferred from, newest first (read through the later case)."""
    chain = []
    current = case
    while current.transferred_from_id:
        current = Case.objects.select_related("area", "commune").get(pk=current.transferred_from_id)
        chain.append(current)
    return chain


def get_case_for_user(user, pk: int, action: str | None = None) -> Case:
    """One case, or 404 when it is outside the user's scope; 403 (with the policy's reason)
    when in scope but the user may not make `action` (a key of policy.ACTION_ROLES)."""
    case = _one_case(visible_cases(user), pk)
    if action is not None:
        decision = policy.can_act(user, case, action)
        if not decision:
            raise PermissionDenied(decision.reason)
    return case


def get_case_view(user, pk: int, *, grant=None) -> policy.CaseView:
    """One reachable case as this reader sees it (the projection every screen reads)."""
    case = get_case_for_reading(user, pk)
    return policy.project(user, case, subject=subject_as_of_case(case), grant=grant)


def available_transitions(user, case: Case) -> list[str]:
    """Transition names the user may make on the case now (buttons on the case page)."""
    return [name for name in policy.MANUAL_TRANSITIONS if policy.can_transition(user, case, name)]


def open_escalations(user) -> QuerySet[Case]:
    """Escalated cases of the communes where the user is police or commune front, with when,
    why and by whom they were escalated (one query for the whole list)."""
    from django.db.models import OuterRef, Subquery

    from cases.models import CaseStatus

    scope = user_scope(user)
    communes = scope.police_commune_ids | scope.front_commune_ids
    if not communes:
        return Case.objects.none()
    last = CaseEvent.objects.filter(case=OuterRef("pk"), transition="escalate").order_by("-created_at", "-pk")
    return (
        Case.objects.filter(commune_id__in=communes, status=CaseStatus.ESCALATED)
        .select_related("subject", "area")
        .annotate(
            escalated_at=Subquery(last.values("created_at")[:1]),
            escalation_reason=Subquery(last.values("reason")[:1]),
            escalated_by=Subquery(last.values("actor__full_name")[:1]),
        )
        .order_by("escalated_at", "pk")
    )


def case_access_log(case: Case):
    from cases.models import AccessLog

    return AccessLog.objects.filter(case=case).select_related("user").order_by("-at", "-pk")


def subject_as_of_case(case: Case):
    """The person as the case saw them. Once a closed case has a later case elsewhere (a
    transfer), its readers see the person as they were when it closed, not the new address."""
    subject = case.subject
    if case.closed_at and subject.cases.filter(opened_at__gt=case.opened_at).exists():
        try:
            return subject.history.as_of(case.closed_at)
        except subject.DoesNotExist:
            return subject
    return subject


def case_list_query(user, params) -> tuple:
    """The case list for these GET parameters: (the filter form, the cases, filtered and
    annotated). The case list page and its Excel export read the same list; the API builds
    the same form and calls filtered_cases."""
    from cases import registry
    from cases.forms import CaseFilterForm

    extensions = list(registry.list_extensions.values())
    form = CaseFilterForm(params or None, areas=policy.listable_areas(user), extensions=extensions, user=user)
    qs = filtered_cases(user, form.cleaned_data if form.is_valid() else None, extensions)
    return form, qs
