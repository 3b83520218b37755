"""Accountability records around the case: reason-gated access grants and in-app
notifications. Imported at the bottom of cases/models.py so that Django finds the models.

Both are append-only from the application: a grant expires, it is never edited; a
notification is only marked read."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.choices import ChoiceLabels


class AccessReason(models.TextChoices):
    """The short list a police or province officer picks from before opening a case
    outside their own active work (free text is required for OTHER)."""

    VERIFICATION = "verification", _("Xác minh, điều tra vụ việc liên quan")
    TRANSFER = "transfer", _("Tiếp nhận hồ sơ chuyển đến / chuyển đi")
    SUPERVISION = "supervision", _("Kiểm tra, giám sát theo kế hoạch")
    REPORTING = "reporting", _("Tổng hợp, đối chiếu số liệu báo cáo")
    REQUEST = "request", _("Theo yêu cầu của cơ quan có thẩm quyền")
    OTHER = "other", _("Lý do khác (ghi rõ)")


class AccessGrant(ChoiceLabels, models.Model):
    """A stated reason that opens one case to one officer for a few hours (setting
    DONG_HANH["ACCESS_GRANT_HOURS"]). Every access-log row written under it carries the reason."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người truy cập"))
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="access_grants", verbose_name=_("hồ sơ"))
    reason_code = models.CharField(_("lý do"), max_length=20, choices=AccessReason.choices)
    reason_text = models.TextField(_("diễn giải"), blank=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    granted_at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    expires_at = models.DateTimeField(_("hết hiệu lực lúc"))

    class Meta:
        verbose_name = _("lý do truy cập hồ sơ")
        verbose_name_plural = _("lý do truy cập hồ sơ")
        ordering = ["-granted_at", "-pk"]
        indexes = [models.Index(fields=["user", "case", "expires_at"], name="accessgrant_user_case_exp")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.case_id} {self.reason_code}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("AccessGrant is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("AccessGrant is append-only.")

    @property
    def reason(self) -> str:
        label = str(AccessReason(self.reason_code).label) if self.reason_code in AccessReason.values else self.reason_code
        if self.reason_code == AccessReason.OTHER:
            return self.reason_text
        return f"{label}: {self.reason_text}" if self.reason_text else label


class ConcernKind(models.TextChoices):
    POSSIBLE_REOFFENCE = "possible_reoffence", _("Có dấu hiệu tái phạm")
    LOST_CONTACT = "lost_contact", _("Mất liên lạc")
    SERIOUS_VIOLATION = "serious_violation", _("Vi phạm nghiêm trọng cam kết")
    OTHER = "other", _("Dấu hiệu khác")


class Notification(models.Model):
    """An in-app message to one user about one case (a concern flagged by a mentor…)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("người nhận")
    )
    # empty for a message about several cases (the daily reminder digest, workflows.reminders)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="notifications", verbose_name=_("hồ sơ")
    )
    kind = models.CharField(_("loại"), max_length=30)
    message = models.TextField(_("nội dung"))
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    read_at = models.DateTimeField(_("đã xem lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_recipient_read")]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.kind} {self.case_id}"
