"""Writes of the reports app: the export log."""

from __future__ import annotations

from reports.indicators import PlaceRef
from reports.models import ReportExportLog
from reports.periods import Period


def log_export(*, user, place: PlaceRef, period: Period, fmt: str, channel: str = ReportExportLog.Channel.WEB,
               ip_address: str | None = None) -> ReportExportLog:
    return ReportExportLog.objects.create(
        user=user, format=fmt, channel=channel, place_level=place.level, place_code=place.code,
        period=period.code, ip_address=ip_address,
    )
