"""Records of the legal end of management (issue 11): a court's shortening of a suspended
sentence's test period, the legal tasks (confirm a clock's end, name a helper, check an
address, the monthly evaluation), the government's yearly working-day decisions and the
classification over time. Imported at the bottom of cases/models.py so Django finds them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.choices import ChoiceLabels


class ShorteningStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đã đề nghị, chờ Tòa án quyết định")
    GRANTED = "granted", _("Tòa án đã quyết định rút ngắn")
    REFUSED = "refused", _("Tòa án không chấp nhận")


class TermShortening(ChoiceLabels, models.Model):
    """Đề nghị rút ngắn thời gian thử thách án treo (BLHS Điều 65 khoản 4) and the court's decision."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="term_shortenings", verbose_name=_("hồ sơ"))
    proposed_on = models.DateField(_("ngày đề nghị"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người lập đề nghị")
    )
    reason = models.TextField(_("căn cứ đề nghị (tiến bộ)"))
    status = models.CharField(_("tình trạng"), max_length=10, choices=ShorteningStatus.choices, default=ShorteningStatus.PROPOSED)
    court_decision_date = models.DateField(_("ngày quyết định của Tòa án"), null=True, blank=True)
    court_decision_ref = models.CharField(_("số quyết định"), max_length=100, blank=True)
    previous_term_end = models.DateField(_("ngày hết thử thách trước khi rút ngắn"), null=True, blank=True)
    new_term_end = models.DateField(_("ngày hết thời gian thử thách mới"), null=True, blank=True)
    decision_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("người ghi quyết định")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đề nghị rút ngắn thời gian thử thách")
        verbose_name_plural = _("đề nghị rút ngắn thời gian thử thách")
        ordering = ["case", "-proposed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.proposed_on:%d/%m/%Y} {self.status}"


class LegalTaskKind(models.TextChoices):
    CLOCK_END = "clock_end", _("Xác nhận kết thúc quản lý theo thời hạn luật định")
    NAME_HELPER = "name_helper", _("Phân công người trực tiếp giúp đỡ (giáo dục tại xã)")
    ADDRESS_CHECK = "address_check", _("Xác minh nơi cư trú sau thông báo của trại giam")
    EVALUATION = "evaluation", _("Nhận xét, đánh giá việc chấp hành")


class LegalTaskStatus(models.TextChoices):
    OPEN = "open", _("Cần làm")
    DONE = "done", _("Đã làm")
    CANCELLED = "cancelled", _("Đã hủy do hồ sơ kết thúc")


class EvaluationResult(models.TextChoices):
    GOOD = "good", _("Chấp hành tốt nghĩa vụ")
    NOT_GOOD = "not_good", _("Chưa chấp hành tốt")
    VIOLATION = "violation", _("Có vi phạm nghĩa vụ")


class LegalTask(ChoiceLabels, models.Model):
    """A task the law gives someone on a case, with its due date. One per (case, kind, period):
    the daily job (cases.legal_tasks.sync_legal_tasks) creates them idempotently."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="legal_tasks", verbose_name=_("hồ sơ"))
    kind = models.CharField(_("loại việc"), max_length=20, choices=LegalTaskKind.choices)
    # What the task is about: the clock's end date, the decision date, or the evaluated month (YYYY-MM).
    period = models.CharField(_("kỳ"), max_length=10)
    role = models.CharField(_("vai trò thực hiện"), max_length=20)
    due_on = models.DateField(_("hạn"))
    status = models.CharField(_("tình trạng"), max_length=10, choices=LegalTaskStatus.choices, default=LegalTaskStatus.OPEN)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    done_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    done_on = models.DateField(_("ngày thực hiện"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("người thực hiện")
    )
    result = models.CharField(_("kết quả"), max_length=20, choices=EvaluationResult.choices, blank=True)
    note = models.TextField(_("nhận xét"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("việc theo quy định")
        verbose_name_plural = _("việc theo quy định")
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "kind", "period"], name="legaltask_one_per_case_kind_period")]
        indexes = [models.Index(fields=["status", "due_on"], name="legaltask_status_due")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.period}"

    def is_overdue(self, on=None) -> bool:
        return self.status == LegalTaskStatus.OPEN and (on or timezone.localdate()) > self.due_on

    @property
    def done_late(self) -> bool:
        return self.done_on is not None and self.done_on > self.due_on


class WorkingDayAdjustment(ChoiceLabels, models.Model):
    """The government's yearly decisions on days off and make-up working days (nghỉ bù, làm bù),
    entered by an administrator; they win over the `holidays` package's Vietnamese calendar."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ (nghỉ bù, nghỉ thêm)")
        WORKING_DAY = "working_day", _("Ngày làm việc (làm bù)")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    decision_ref = models.CharField(_("văn bản"), max_length=200, help_text=_("Ví dụ: Thông báo của Bộ Nội vụ về lịch nghỉ Tết."))
    note = models.CharField(_("ghi chú"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("điều chỉnh ngày làm việc")
        verbose_name_plural = _("điều chỉnh ngày làm việc")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}"


class ClassificationRecord(models.Model):
    """One A/B/C/D classification (Thông tư 10/2024/TT-BCA) with the date it took effect and who
    set it. The one in force on a day is the latest set on or before it. Append-only."""

    subject = models.ForeignKey(
        "cases.Subject", on_delete=models.PROTECT, related_name="classifications", verbose_name=_("người được giúp đỡ")
    )
    classification = models.CharField(_("phân loại"), max_length=1)
    set_on = models.DateField(_("ngày phân loại"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("người phân loại")
    )
    created_at = models.DateTimeField(_("ghi lúc"), default=timezone.now)
    note = models.CharField(_("ghi chú"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("lần phân loại")
        verbose_name_plural = _("lịch sử phân loại")
        ordering = ["subject", "-set_on", "-pk"]
        indexes = [models.Index(fields=["subject", "set_on"], name="classrec_subject_seton")]

    def __str__(self) -> str:
        return f"{self.subject_id} {self.classification} {self.set_on:%d/%m/%Y}"

    @property
    def label(self) -> str:
        from cases.models import Classification

        return str(Classification(self.classification).label) if self.classification in Classification.values else self.classification
