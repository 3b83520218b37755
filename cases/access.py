"""Reading one case with accountability: when a stated reason is needed first, and the
access-log row that every opening writes.

- The assigned mentor, the head of the khu dân cư, the commune front and the commune police
  read their cases freely (their own work; every look still logged, shown in "Ai đã xem").
- Province officers, and anyone reaching a case beyond their scope through the lookup, state
  a reason first (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15, Nghị định 356/2025/NĐ-CP).
A reason opens the case to that officer for DONG_HANH["ACCESS_GRANT_HOURS"] hours (an
AccessGrant); every access-log row written under it carries the reason.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cases import policy
from cases.audit import AccessGrant
from cases.errors import ReasonRequired
from cases.models import Case
from cases.policy import CaseView
from cases.selectors import get_case_for_reading, subject_as_of_case
from config.http import client_ip


def active_grant(user, case: Case) -> AccessGrant | None:
    return AccessGrant.objects.filter(user=user, case=case, expires_at__gt=timezone.now()).order_by("-granted_at").first()


def may_read(user, case: Case) -> bool:
    """May the user read this (reachable) case now, without being asked for a reason?"""
    return not policy.needs_reason(user, case) or active_grant(user, case) is not None


def reason_url(case_pk: int, next_url: str) -> str:
    return f"{reverse('cases:access_reason', args=[case_pk])}?{urlencode({'next': next_url})}"


def read_case(user, pk: int, *, action: str, ip_address: str | None = None) -> CaseView:
    """One reachable case as this reader sees it, writing exactly one access-log row; or
    ReasonRequired (writing nothing, showing nothing) when a reason must be stated first.
    The pages (open_case) and the API read cases through this one function."""
    from cases import services

    case = get_case_for_reading(user, pk)
    grant = None
    if policy.needs_reason(user, case):
        grant = active_grant(user, case)
        if grant is None:
            raise ReasonRequired(
                _("Bạn cần nêu lý do truy cập trước khi xem hồ sơ này (ngoài phạm vi công việc của bạn)."), case_pk=case.pk
            )
    services.record_access(case, user=user, action=action, ip_address=ip_address, reason=grant.reason if grant else "")
    return policy.project(user, case, subject=subject_as_of_case(case), grant=grant)


def open_case(request: HttpRequest, pk: int, action: str) -> CaseView | HttpResponse:
    """Fetch a case for reading with what this reader sees of it, and write exactly one
    access-log row; or send the user to the reason form (writing nothing, showing nothing)."""
    try:
        return read_case(request.user, pk, action=action, ip_address=client_ip(request))
    except ReasonRequired as exc:
        return redirect(reason_url(exc.case_pk, request.get_full_path()))
