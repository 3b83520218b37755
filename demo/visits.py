"""Demo visits: every case under mentoring has a history of contacts logged through
mentors.services.log_visit; a few carry a sensitive note and some are overdue for contact.
Cases only assigned (not yet visited) are left without a visit: they wait for their first
contact, which is what moves them to "in_review"."""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from django.utils import timezone

from cases.models import CaseEvent, CaseStatus
from mentors import services
from mentors.models import Assignment, Visit, VisitMode

VISITED_STATES = {CaseStatus.IN_REVIEW, CaseStatus.SUPPORTED, CaseStatus.ESCALATED}
NOTES = [
    "Gia đình hợp tác, anh/chị ấy tiếp chuyện cởi mở.",
    "Đã trao đổi về kế hoạch tìm việc làm ổn định.",
    "Nhắc nhở việc trình diện và chấp hành nghĩa vụ với Công an xã.",
    "Cùng gia đình bàn việc cho con đi học lại.",
    "Tham gia dọn vệ sinh đường làng cùng chi hội.",
]
WORK = ["Làm phụ hồ theo ngày", "Chạy xe ôm công nghệ", "Phụ giúp gia đình làm ruộng", "Đang tìm việc", "Làm công nhân khu công nghiệp"]
FAMILY = ["Quan hệ với vợ con đã cải thiện", "Bố mẹ già yếu, cần chăm sóc", "Hàng xóm đã bớt e ngại", "Ít giao tiếp với hàng xóm"]
SENSITIVE = [
    "Hàng xóm phản ánh thấy đi lại với nhóm bạn cũ có tiền án về ma túy.",
    "Vợ cho biết thỉnh thoảng say rượu về nhà to tiếng; cần theo dõi thêm.",
    "Có biểu hiện nợ nần, người lạ đến nhà đòi tiền.",
]
MODES = [VisitMode.HOME, VisitMode.HOME, VisitMode.PHONE, VisitMode.COMMUNE, VisitMode.GROUP]


def _assignment_started(case) -> dt.datetime | None:
    event = CaseEvent.objects.filter(case=case, transition__in=["assign", "reassign"]).order_by("-created_at").first()
    return event.created_at if event else None


def seed(ctx) -> None:
    if not ctx.created:
        return
    rng = ctx.rng
    now = timezone.now()
    front = ctx.users["front"]
    for n, case in enumerate(ctx.cases):
        case.refresh_from_db()
        assignment = Assignment.objects.current().filter(case=case).select_related("mentor").first()
        started = _assignment_started(case)
        if assignment is None or started is None:
            continue
        # Demo only: the core seeder spread the case events over the past months; the
        # assignment must start when its event says, or no earlier visit could be logged.
        Assignment.objects.filter(pk=assignment.pk).update(started_at=started)
        type(case).objects.filter(pk=case.pk).update(assigned_at=started)
        if case.status not in VISITED_STATES:
            continue
        end = now
        if case.status == CaseStatus.ESCALATED:
            escalated = CaseEvent.objects.filter(case=case, transition="escalate").order_by("-created_at").first()
            end = escalated.created_at if escalated else now
        if n % 4 == 1 and case.status != CaseStatus.ESCALATED and started < now - dt.timedelta(days=90):
            end = now - dt.timedelta(days=rng.randint(40, 75))  # overdue for contact
        actor = assignment.mentor.user or front
        # the first contact a few days after the assignment, and before the case's last event
        day = started + min(dt.timedelta(days=rng.randint(1, 6)), (end - started) / 2)
        count = 0
        while day < end:
            local = timezone.localtime(day).replace(hour=rng.randint(7, 18), minute=rng.choice([0, 15, 30, 45]), second=0, microsecond=0)
            if local > now:
                break
            sensitive = SENSITIVE[n % len(SENSITIVE)] if (n % 5 == 0 and count == 1) else ""
            next_on = timezone.localdate(local) + dt.timedelta(days=rng.choice([14, 21, 30]))
            services.log_visit(
                case,
                actor=actor,
                visited_at=local,
                mode=MODES[(n + count) % len(MODES)],
                place="Nhà riêng" if MODES[(n + count) % len(MODES)] == VisitMode.HOME else "",
                duration_minutes=rng.choice([20, 30, 45, 60]),
                present="Người được giúp đỡ và gia đình" if count % 2 == 0 else "",
                work_study=WORK[(n + count) % len(WORK)],
                family_community=FAMILY[(n * 3 + count) % len(FAMILY)],
                health="Bình thường",
                substance_use="",
                compliance="Chấp hành đầy đủ",
                support_needs="Cần giới thiệu việc làm" if count == 0 and n % 3 == 0 else "",
                notes=NOTES[(n + count) % len(NOTES)],
                next_contact_on=next_on,
                sensitive_note=sensitive,
            )
            count += 1
            day = local + dt.timedelta(days=rng.randint(18, 32))
        Visit.objects.filter(case=case).update(created_at=F("visited_at"))
