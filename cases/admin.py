"""Administrators manage places, organisations and users; they get no silent access to case
content, so Subject and Case are not in the admin. The access log is read-only."""

from django.contrib import admin

from cases.models import AccessGrant, AccessLog
from config.admin_mixins import ReadOnlyAdminMixin


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "user", "roles", "case_id", "action", "ip_address", "reason"]
    list_filter = ["action", "at", "roles"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__full_name", "case__id"]
    date_hierarchy = "at"


@admin.register(AccessGrant)
class AccessGrantAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The reasons officers stated to open a case outside their own work. Read-only."""

    list_display = ["granted_at", "user", "case_id", "reason_code", "reason_text", "expires_at", "ip_address"]
    list_filter = ["reason_code", "granted_at"]
    search_fields = ["user__username", "user__full_name", "case__id", "reason_text"]
    list_select_related = ["user"]
    date_hierarchy = "granted_at"


# The government's yearly nghỉ bù / làm bù decisions (cases.calendar): data an administrator keeps.
from cases.models import WorkingDayAdjustment  # noqa: E402


@admin.register(WorkingDayAdjustment)
class WorkingDayAdjustmentAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "decision_ref", "note"]
    list_filter = ["kind"]
    date_hierarchy = "date"
