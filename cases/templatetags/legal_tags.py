"""{% legal_dates case %}: the legal end of management on the case page (issue 11);
{% legal_task_section user %}: the legal tasks and the clocks ending soon, for the inbox."""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("cases/includes/legal_dates.html", takes_context=True)
def legal_dates(context, view):
    """`view` is the reader's projection (cases.policy.CaseView)."""
    from cases import policy
    from cases.legal_display import legal_summary

    case = view.case
    user = view.user
    return {
        "summary": legal_summary(case),
        "case": case,
        "view": view,
        "can_act_head": bool(policy.can_act(user, case, "end_by_clock")),
        "can_act_police": bool(policy.can_act(user, case, "address_check")),
        "can_propose": bool(policy.can_act(user, case, "propose_shortening")),
        "request": context.get("request"),
    }


@register.inclusion_tag("cases/includes/legal_tasks.html")
def legal_task_section(user):
    from django.utils import timezone

    from cases import policy
    from cases.legal_tasks import clocks_ending_soon, legal_tasks_for

    if not policy.may_see_legal_tasks(user):
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
