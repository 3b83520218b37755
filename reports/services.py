"""Writes of the reports app: the export log."""

from __future__ import annotations

from reports.indicators import PlaceRef
from reports.models import ReportExportLog, ReportSubmission
from reports.periods import Period


def log_export(
    *, user, place: PlaceRef, period: Period, fmt: str, channel: str = ReportExportLog.Channel.WEB, ip_address: str | None = None
) -> ReportExportLog:
    return ReportExportLog.objects.create(
        user=user,
        format=fmt,
        channel=channel,
        place_level=place.level,
        place_code=place.code,
        period=period.code,
        ip_address=ip_address,
    )


# --- sending a commune's periodic report up the line ---------------------------------------------

SUBMITTABLE_KINDS = ("month", "quarter", "half", "year")


def submit_report(commune, *, actor, period: Period, reason: str = "", now=None) -> ReportSubmission:
    """The commune front officer sends the commune's report of `period` to the province: the
    figures as they are now (commune and each khu dân cư) are frozen into a numbered snapshot.
    Sending again is a correction: a new version, with its reason, the earlier one kept."""
    from django.db import transaction
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from areas.models import Commune
    from cases.errors import DomainError
    from cases.policy import require
    from reports.periods import send_by
    from reports.policy import can_submit_report
    from reports.selectors import build_report, resolve_place
    from reports.submissions import snapshot

    require(can_submit_report(actor, commune.pk))
    if period.kind not in SUBMITTABLE_KINDS:
        raise DomainError(_("Kỳ báo cáo: chỉ gửi báo cáo tháng, quý, 6 tháng hoặc năm."), field="period")
    now = now or timezone.now()
    if period.start > timezone.localtime(now).date():
        raise DomainError(_("Kỳ báo cáo: kỳ này chưa bắt đầu, chưa thể gửi báo cáo."), field="period")
    reason = (reason or "").strip()
    with transaction.atomic():
        Commune.objects.select_for_update().get(pk=commune.pk)  # one sender at a time per commune
        previous = ReportSubmission.objects.filter(commune=commune, period_code=period.code).order_by("-version").first()
        if previous is not None and not reason:
            raise DomainError(_("Lý do gửi lại: báo cáo kỳ này đã gửi; hãy nêu lý do đính chính."), field="reason")
        if len(reason) > 1000:
            raise DomainError(_("Lý do gửi lại: tối đa 1.000 ký tự."), field="reason")
        place = resolve_place("commune", commune.code)
        report = build_report(place, period, grain="area")
        year = timezone.localtime(now).year
        last_number = (
            ReportSubmission.objects.filter(commune=commune, number_year=year).order_by("-number").values_list("number", flat=True).first()
        )
        deadline = send_by(period)
        return ReportSubmission.objects.create(
            commune=commune,
            period_kind=period.kind,
            period_code=period.code,
            period_start=period.start,
            period_end=period.end,
            version=(previous.version + 1) if previous else 1,
            number=(last_number or 0) + 1,
            number_year=year,
            figures=snapshot(report),
            submitted_by=actor,
            submitted_at=now,
            send_by=deadline,
            is_late=bool(deadline and timezone.localtime(now).date() > deadline),
            corrects=previous,
            correction_reason=reason,
        )
