"""Reading one case with accountability: who may reach it, when a stated reason is needed
first, and the access-log row that every opening writes.

- Head, commune front and the assigned mentor read their cases freely (their own work).
- Commune police read freely the open escalations of their commune; any other case of their
  commune needs a stated reason first.
- Province officers reach any case of their province, always with a stated reason.
A reason opens the case to that officer for DONG_HANH["ACCESS_GRANT_HOURS"] hours (an
AccessGrant); every access-log row written under it carries the reason.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from cases.audit import AccessGrant
from cases.models import Case, CaseStatus
from cases.permissions import FRONT, HEAD, MENTOR, POLICE, case_roles
from cases.selectors import get_case_for_reading

FREE_ROLES = frozenset({HEAD, FRONT, MENTOR})


def needs_reason(user, case: Case) -> bool:
    """True when opening this case is outside the user's own active work."""
    roles = case_roles(user, case)
    if roles & FREE_ROLES:
        return False
    if POLICE in roles and case.status == CaseStatus.ESCALATED:
        return False
    return True


def active_grant(user, case: Case) -> AccessGrant | None:
    return (
        AccessGrant.objects.filter(user=user, case=case, expires_at__gt=timezone.now()).order_by("-granted_at").first()
    )


def may_read(user, case: Case) -> bool:
    """May the user read this (reachable) case now, without being asked for a reason?"""
    return not needs_reason(user, case) or active_grant(user, case) is not None


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def reason_url(case_pk: int, next_url: str) -> str:
    return f"{reverse('cases:access_reason', args=[case_pk])}?{urlencode({'next': next_url})}"


def open_case(request: HttpRequest, pk: int, action: str) -> Case | HttpResponse:
    """Fetch a case for reading and write exactly one access-log row, or send the user to
    the reason form (writing nothing and showing nothing of the case)."""
    from cases import services

    case = get_case_for_reading(request.user, pk)
    reason = ""
    if needs_reason(request.user, case):
        grant = active_grant(request.user, case)
        if grant is None:
            return redirect(reason_url(case.pk, request.get_full_path()))
        reason = grant.reason
    services.record_access(case, user=request.user, action=action, ip_address=client_ip(request), reason=reason)
    return case
