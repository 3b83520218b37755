"""Workflow data: the process models of the flows (viewflow Process subclasses with real
foreign keys: viewflow's artifact GFK cannot point at our rows). Delegations live in
accounts (authority between users, like memberships)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from viewflow.workflow.models import Process

from config.choices import ChoiceLabels


class ReviewProcess(ChoiceLabels, Process):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("hồ sơ"))
    # One process per review: a second concurrent start fails on this constraint.
    review = models.OneToOneField("cases.QuarterlyReview", on_delete=models.PROTECT, related_name="process", verbose_name=_("đánh giá"))

    class Meta:
        verbose_name = _("quy trình đánh giá hằng quý")
        verbose_name_plural = _("quy trình đánh giá hằng quý")


class ReminderDigest(models.Model):
    """One day's reminders for one user (workflows.reminders): what was due when the job ran.
    One per user per day: rerunning the job finds it and sends nothing again."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="reminder_digests", verbose_name=_("người nhận"))
    day = models.DateField(_("ngày"))
    items = models.JSONField(_("việc đến hạn"), default=list)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("bản nhắc việc trong ngày")
        verbose_name_plural = _("bản nhắc việc trong ngày")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="reminder_digest_one_per_user_day")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi, sẽ gửi lại")
    GAVE_UP = "gave_up", _("Gửi lỗi, đã ngừng thử")


class ReminderDelivery(ChoiceLabels, models.Model):
    """A digest sent (or tried) on one channel: in_app, email, sms, zalo. A failed delivery is
    tried again on the next runs up to DONG_HANH["REMINDER_MAX_ATTEMPTS"]; a sent one never again."""

    digest = models.ForeignKey(ReminderDigest, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("bản nhắc"))
    channel = models.CharField(_("kênh"), max_length=10)
    status = models.CharField(_("tình trạng"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần gửi nhắc việc")
        verbose_name_plural = _("lần gửi nhắc việc")
        constraints = [models.UniqueConstraint(fields=["digest", "channel"], name="reminder_delivery_one_per_channel")]

    def __str__(self) -> str:
        return f"{self.digest_id} {self.channel} {self.status}"


class ReminderPreference(models.Model):
    """How one user wants the daily digest (workflows.reminders): the channels beyond the in-app
    notification (which is always kept: it is the inbox itself) and a quiet time during which
    nothing reaches the phone or the mailbox. No row: the installation's defaults
    (DONG_HANH["REMINDER_CHANNELS"], ["REMINDER_QUIET_HOURS"]). Changed only by
    workflows.services.set_reminder_preference, with a history row."""

    user = models.OneToOneField("accounts.User", on_delete=models.CASCADE, related_name="reminder_preference", verbose_name=_("người dùng"))
    # Channel names of workflows.channels beyond in_app: "email", "sms", "zalo".
    channels = models.JSONField(_("kênh nhận"), default=list, blank=True)
    # Both empty: no quiet time. From after to (e.g. 21:00–07:00) runs across midnight.
    quiet_from = models.TimeField(_("yên lặng từ"), null=True, blank=True)
    quiet_to = models.TimeField(_("yên lặng đến"), null=True, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cách nhận nhắc việc")
        verbose_name_plural = _("cách nhận nhắc việc")

    def __str__(self) -> str:
        return f"{self.user_id} {','.join(self.channels)}"
