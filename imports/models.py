"""An import of a list a commune keeps in Excel: the uploaded file, its preview (one row each)
and its progress, so that a reload shows where a background job is."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.choices import ChoiceLabels


class ImportKind(models.TextChoices):
    AREAS = "areas", _("Khu dân cư")
    COMMITTEES = "committees", _("Ban Công tác Mặt trận và trưởng ban")
    BRANCHES = "branches", _("Chi hội, chi đoàn")
    MENTORS = "mentors", _("Người giúp đỡ")
    PEOPLE = "people", _("Người được giúp đỡ và hồ sơ")


class ImportMode(models.TextChoices):
    ALL_OR_NOTHING = "all", _("Tất cả hoặc không gì cả")
    VALID_ONLY = "valid", _("Chỉ nhập các dòng hợp lệ")


class ImportBatch(ChoiceLabels, models.Model):
    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Đã tải lên")
        CHECKING = "checking", _("Đang kiểm tra")
        PREVIEWED = "previewed", _("Chờ xác nhận")
        IMPORTING = "importing", _("Đang nhập")
        DONE = "done", _("Đã nhập xong")
        REFUSED = "refused", _("Không nhập")
        FAILED = "failed", _("Gặp lỗi")

    kind = models.CharField(_("loại danh sách"), max_length=20, choices=ImportKind.choices)
    commune = models.ForeignKey("areas.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("xã/phường"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người nhập"))
    file_name = models.CharField(_("tên tệp"), max_length=255)
    content = models.BinaryField(_("nội dung tệp"))
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.UPLOADED)
    mode = models.CharField(_("cách nhập"), max_length=10, choices=ImportMode.choices, default=ImportMode.ALL_OR_NOTHING)
    total_rows = models.PositiveIntegerField(_("số dòng"), default=0)
    processed_rows = models.PositiveIntegerField(_("đã xử lý"), default=0)
    counts = models.JSONField(_("thống kê"), default=dict, blank=True)
    message = models.TextField(_("thông báo"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["content", "processed_rows"])

    class Meta:
        verbose_name = _("lần nhập Excel")
        verbose_name_plural = _("lần nhập Excel")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.file_name}"

    @property
    def progress_percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.IMPORTING)


class ImportRow(ChoiceLabels, models.Model):
    class Action(models.TextChoices):
        NEW = "new", _("Thêm mới")
        UPDATE = "update", _("Cập nhật")
        SAME = "same", _("Đã có, bỏ qua")
        ERROR = "error", _("Lỗi")

    class Outcome(models.TextChoices):
        PENDING = "", _("Chưa nhập")
        IMPORTED = "imported", _("Đã nhập")
        SKIPPED = "skipped", _("Bỏ qua")
        REFUSED = "refused", _("Bị từ chối")

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField(_("dòng"))
    action = models.CharField(_("kết quả kiểm tra"), max_length=10, choices=Action.choices)
    messages = models.JSONField(_("thông báo"), default=list, blank=True)
    data = models.JSONField(_("dữ liệu"), default=dict)
    raw = models.JSONField(_("dữ liệu gốc"), default=list)
    outcome = models.CharField(_("kết quả nhập"), max_length=10, choices=Outcome.choices, blank=True, default="")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("dòng nhập")
        verbose_name_plural = _("dòng nhập")
        ordering = ["batch", "number"]
        constraints = [models.UniqueConstraint(fields=["batch", "number"], name="import_row_unique_number")]

    def __str__(self) -> str:
        return f"{self.batch_id} · {self.number}"

    @property
    def raw_summary(self) -> str:
        """The row's cells as uploaded, the empty ones left out."""
        return " · ".join(str(v) for v in self.raw if v not in (None, ""))
