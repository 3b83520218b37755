"""Administrators manage places, organisations and users; they get no silent access to case
content, so Subject and Case are not in the admin. The access log is read-only."""

from django.contrib import admin

from cases.models import AccessGrant, AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "roles", "case_id", "action", "ip_address", "reason"]
    list_filter = ["action", "at", "roles"]
    list_select_related = ["user"]
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


@admin.register(AccessGrant)
class AccessGrantAdmin(admin.ModelAdmin):
    """The reasons officers stated to open a case outside their own work. Read-only."""

    list_display = ["granted_at", "user", "case_id", "reason_code", "reason_text", "expires_at", "ip_address"]
    list_filter = ["reason_code", "granted_at"]
    search_fields = ["user__username", "user__full_name", "case__id", "reason_text"]
    list_select_related = ["user"]
    date_hierarchy = "granted_at"

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
