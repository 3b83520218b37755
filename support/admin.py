from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from support.models import Partner, Referral


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "commune", "phone", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)


@admin.register(Referral)
class ReferralAdmin(SimpleHistoryAdmin):
    """Read-only: referrals change only through the services (and their screens)."""

    list_display = ("pk", "type", "status", "commune", "sent_at")
    list_filter = ("type", "status")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
