"""Administrators manage places, organisations and users; they get no silent access to case
content, so Subject and Case are not in the admin. The access log is read-only."""

from django.contrib import admin

from cases.models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "roles", "case_id", "action", "ip_address", "reason"]
    list_filter = ["action", "at"]
    search_fields = ["user__username", "user__full_name", "case__id"]
    date_hierarchy = "at"

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
