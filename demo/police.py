"""Demo data for the police review (issue 6): a concern flagged by the mentor, officers'
openings of cases in the access log (one with a stated reason, one by the province officer),
so that "Ai đã xem", the notifications and the escalation inbox have something to show."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cases import services as case_services
from cases.audit import AccessGrant, ConcernKind
from cases.models import AccessLog, Case, CaseStatus


def seed(ctx) -> None:
    if not ctx.created:
        return
    users = ctx.users
    commune_cases = Case.objects.filter(commune=ctx.commune).order_by("pk")
    mentor_case = commune_cases.filter(status=CaseStatus.IN_REVIEW, mentor_user=users["mentor"]).first()
    if mentor_case is not None:
        case_services.flag_concern(
            mentor_case,
            actor=users["mentor"],
            kind=ConcernKind.LOST_CONTACT,
            note="Ba tuần nay không gặp được, gia đình nói đã đi làm ăn xa nhưng không rõ ở đâu.",
        )
    now = timezone.now()
    rows = []
    for i, case in enumerate(commune_cases.filter(status=CaseStatus.ESCALATED)):
        rows.append(
            AccessLog(
                user=users["police"],
                roles="commune_police",
                case=case,
                action=AccessLog.Action.VIEW,
                ip_address="10.20.0.15",
                at=now - dt.timedelta(days=3 - i % 3, hours=2),
            )
        )
        rows.append(
            AccessLog(
                user=users["police"],
                roles="commune_police",
                case=case,
                action=AccessLog.Action.TIMELINE,
                ip_address="10.20.0.15",
                at=now - dt.timedelta(days=3 - i % 3, hours=1),
            )
        )
    other = commune_cases.filter(status=CaseStatus.IN_REVIEW).exclude(pk=getattr(mentor_case, "pk", None)).first()
    if other is not None:
        for user, roles, code, text in (
            (users["police"], "commune_police", "verification", "Xác minh tin báo số 45/TB-CAX"),
            (users["province"], "province_officer", "reporting", "Đối chiếu số liệu báo cáo 6 tháng"),
        ):
            grant = AccessGrant.objects.create(
                user=user,
                case=other,
                reason_code=code,
                reason_text=text,
                ip_address="10.20.0.31",
                granted_at=now - dt.timedelta(days=1),
                expires_at=now - dt.timedelta(days=1) + dt.timedelta(hours=4),
            )
            rows.append(
                AccessLog(
                    user=user,
                    roles=roles,
                    case=other,
                    action=AccessLog.Action.VIEW,
                    reason=grant.reason,
                    ip_address="10.20.0.31",
                    at=grant.granted_at + dt.timedelta(minutes=1),
                )
            )
    AccessLog.objects.bulk_create(rows)
