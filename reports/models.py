"""The log of report exports. cases.AccessLog is per case; a report covers places, not cases."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.choices import ChoiceLabels


class ReportExportLog(ChoiceLabels, models.Model):
    """Who exported which report (place, period, format), when, from where. Append-only."""

    class Format(models.TextChoices):
        XLSX = "xlsx", _("Excel")
        PDF = "pdf", _("PDF")
        JSON = "json", _("JSON")

    class Channel(models.TextChoices):
        WEB = "web", _("Trang web")
        COMMAND = "command", _("Lệnh quản trị")
        API = "api", _("API")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người xuất"))
    format = models.CharField(_("định dạng"), max_length=8, choices=Format.choices)
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    place_level = models.CharField(_("cấp địa bàn"), max_length=10)
    place_code = models.CharField(_("mã địa bàn"), max_length=20)
    period = models.CharField(_("kỳ báo cáo"), max_length=30)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("nhật ký xuất báo cáo")
        verbose_name_plural = _("nhật ký xuất báo cáo")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.format} {self.place_level}:{self.place_code} {self.period}"


class ReportSubmission(models.Model):
    """A commune's periodic report as sent to the province: a frozen snapshot of its figures
    (counts and indicators, the commune and each khu dân cư) that later data never changes.
    A corrected resubmission is a new row with the next version and the reason; earlier
    versions stay. Rows are never edited or deleted (history kept by simple-history)."""

    commune = models.ForeignKey("areas.Commune", on_delete=models.PROTECT, related_name="report_submissions", verbose_name=_("xã"))
    period_kind = models.CharField(_("loại kỳ"), max_length=10)
    period_code = models.CharField(_("mã kỳ"), max_length=30, db_index=True)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    version = models.PositiveIntegerField(_("lần gửi"), default=1)
    number = models.PositiveIntegerField(_("số văn bản"))
    number_year = models.PositiveIntegerField(_("năm của số văn bản"))
    figures = models.JSONField(_("số liệu (bản chụp)"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người gửi"))
    submitted_at = models.DateTimeField(_("thời điểm gửi"), default=timezone.now)
    send_by = models.DateField(_("hạn gửi"), null=True, blank=True)
    is_late = models.BooleanField(_("gửi muộn"), default=False)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections", verbose_name=_("đính chính bản")
    )
    correction_reason = models.TextField(_("lý do gửi lại"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("báo cáo đã gửi")
        verbose_name_plural = _("báo cáo đã gửi")
        ordering = ["commune_id", "period_code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "period_code", "version"], name="report_submission_one_version"),
            models.UniqueConstraint(fields=["commune", "number_year", "number"], name="report_submission_one_number"),
        ]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.period_code} v{self.version}"


class PeriodClose(models.Model):
    """A period end whose case states are kept in PeriodState (reports.period_state). Written
    by the closing job; `checked_event_id` is the highest CaseEvent id the rows account for:
    an event with a higher id dated before the end arrived late, and the rows of its case are
    rewritten by the next repair (until then a report of the period computes the states live)."""

    period_end = models.DateField(_("ngày cuối kỳ"), unique=True)
    closed_at = models.DateTimeField(_("thời điểm chốt"), default=timezone.now)
    checked_at = models.DateTimeField(_("thời điểm kiểm tra lại"), default=timezone.now)
    checked_event_id = models.BigIntegerField(_("sự kiện cuối cùng đã tính"), default=0)
    cases = models.PositiveIntegerField(_("số hồ sơ"), default=0)
    repaired = models.PositiveIntegerField(_("số hồ sơ đã tính lại"), default=0)

    class Meta:
        verbose_name = _("kỳ đã chốt trạng thái")
        verbose_name_plural = _("kỳ đã chốt trạng thái")
        ordering = ["period_end"]

    def __str__(self) -> str:
        return f"{self.period_end:%d/%m/%Y}"


class PeriodState(models.Model):
    """The state of one case at the end of one closed period end (the to_state of its last
    CaseEvent before the day after `period_end`, Asia/Ho_Chi_Minh). A derived copy: the events
    stay the record; reports.period_state writes and repairs these rows, nothing else does."""

    pk = models.CompositePrimaryKey("period_end", "case")
    period_end = models.DateField(_("ngày cuối kỳ"))
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+", db_index=False, verbose_name=_("hồ sơ"))
    state = models.CharField(_("trạng thái"), max_length=20)

    class Meta:
        verbose_name = _("trạng thái hồ sơ cuối kỳ")
        verbose_name_plural = _("trạng thái hồ sơ cuối kỳ")

    def __str__(self) -> str:
        return f"{self.period_end:%d/%m/%Y} {self.case_id} {self.state}"


class ReportJob(ChoiceLabels, models.Model):
    """A workbook exported in the background (reports.workbook): who asked, for which place
    and period, how far it got, and the file, kept until `expires_at`. Rows are never
    deleted; an expired file is removed and the row says so."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang lập")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Lỗi")
        EXPIRED = "expired", _("Đã hết hạn lưu")

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người yêu cầu"))
    place_level = models.CharField(_("cấp địa bàn"), max_length=10)
    place_code = models.CharField(_("mã địa bàn"), max_length=20)
    period = models.CharField(_("kỳ báo cáo"), max_length=30)
    format = models.CharField(_("định dạng"), max_length=8, default="xlsx")
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    steps_done = models.PositiveIntegerField(_("số phần đã lập"), default=0)
    steps_total = models.PositiveIntegerField(_("tổng số phần"), default=0)
    message = models.TextField(_("thông báo"), blank=True)
    file_name = models.CharField(_("tệp"), max_length=255, blank=True)
    size_bytes = models.BigIntegerField(_("dung lượng (byte)"), default=0)
    created_at = models.DateTimeField(_("yêu cầu lúc"), default=timezone.now)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    expires_at = models.DateTimeField(_("lưu đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("yêu cầu xuất báo cáo")
        verbose_name_plural = _("yêu cầu xuất báo cáo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "place_level", "place_code", "period"], name="report_job_request")]

    def __str__(self) -> str:
        return f"{self.requested_by_id} {self.place_level}:{self.place_code} {self.period} {self.status}"

    @property
    def percent(self) -> int:
        return int(100 * self.steps_done / self.steps_total) if self.steps_total else 0


class DashboardBuild(models.Model):
    """The figures of a nation's or a province's dashboard for one period, as last built
    (reports.dashboards): a derived copy of counts (no case content), rebuilt in the
    background once older than DONG_HANH["DASHBOARD_MAX_AGE_MINUTES"], one row per place and
    period, overwritten by each build (the data stay the record, as for PeriodState)."""

    place_level = models.CharField(_("cấp địa bàn"), max_length=10)
    place_code = models.CharField(_("mã địa bàn"), max_length=20)
    period = models.CharField(_("kỳ báo cáo"), max_length=30)
    data = models.JSONField(_("số liệu"))
    built_at = models.DateTimeField(_("số liệu tính lúc"))
    seconds = models.FloatField(_("thời gian tính (giây)"), default=0)
    refresh_started_at = models.DateTimeField(_("đang tính lại từ"), null=True, blank=True)
    failed_at = models.DateTimeField(_("lần tính gần nhất bị lỗi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("số liệu trang báo cáo đã tính")
        verbose_name_plural = _("số liệu trang báo cáo đã tính")
        constraints = [models.UniqueConstraint(fields=["place_level", "place_code", "period"], name="dashboard_build_one")]

    def __str__(self) -> str:
        return f"{self.place_level}:{self.place_code} {self.period} {self.built_at:%d/%m/%Y %H:%M}"
