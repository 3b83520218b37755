"""The log of report exports. cases.AccessLog is per case; a report covers places, not cases."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportExportLog(models.Model):
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
