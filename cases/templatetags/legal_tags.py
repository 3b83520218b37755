"""{% legal_dates case %}: the legal end of management on the case page (issue 11);
{% legal_task_section user %}: the legal tasks and the clocks ending soon, for the inbox."""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("cases/includes/legal_dates.html", takes_context=True)
def legal_dates(context, case):
    from cases.legal_display import legal_summary
    from cases.models import Case
    from cases.permissions import case_roles

    if not isinstance(case, Case):  # a read projection: load the row it stands for
        case = Case.objects.select_related("subject").get(pk=case.pk)
    request = context.get("request")
    roles = case_roles(request.user, case) if request is not None else frozenset()
    return {
        "summary": legal_summary(case),
        "case": case,
        "can_act_head": bool(roles & {"committee_head", "commune_front"}),
        "can_act_police": "commune_police" in roles,
        "can_propose": bool(roles & {"committee_head", "commune_front", "commune_police"}),
        "request": request,
    }


@register.inclusion_tag("cases/includes/legal_tasks.html")
def legal_task_section(user):
    from django.utils import timezone

    from accounts.selectors import user_scope
    from cases.legal_tasks import clocks_ending_soon, legal_tasks_for

    scope = user_scope(user)  # cached on the user: no query
    if not (scope.head_area_ids or scope.front_commune_ids or scope.police_commune_ids):
        return {"tasks": [], "ending": []}  # only the people who decide on the legal end
    return {"tasks": list(legal_tasks_for(user)[:50]), "ending": clocks_ending_soon(user)[:20], "today": timezone.localdate()}


@register.simple_tag
def legal_hold_note(case, review=None):
    """On the review decision page: when the law would hold a graduation, say so beforehand."""
    from django.utils.html import format_html
    from django.utils.translation import gettext as _

    from cases import legal
    from cases.models import Case

    if review is not None and getattr(review, "recommendation", "") != "graduate":
        return ""
    if not isinstance(case, Case):
        case = Case.objects.select_related("subject").get(pk=case.pk)
    if case.is_terminal or not legal.progress_blocked_by_law(case):
        return ""
    return format_html(
        '<p class="note warn"><strong>{}</strong> {}</p>',
        _("Duyệt đề nghị này sẽ ghi nhận tiến bộ, chưa đưa ra khỏi diện quản lý."),
        legal.what_next(case),
    )
