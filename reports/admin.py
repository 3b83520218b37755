from django.contrib import admin

from config.admin_mixins import ReadOnlyAdminMixin
from reports.models import ReportExportLog


@admin.register(ReportExportLog)
class ReportExportLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "user", "format", "channel", "place_level", "place_code", "period"]
    list_filter = ["format", "channel", "place_level"]
