from django.contrib import admin

from reports.models import ReportExportLog


@admin.register(ReportExportLog)
class ReportExportLogAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "format", "channel", "place_level", "place_code", "period"]
    list_filter = ["format", "channel", "place_level"]
    readonly_fields = [f.name for f in ReportExportLog._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
