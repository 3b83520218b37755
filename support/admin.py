"""Partners only: referrals are case content and are not in the admin (no silent access)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from support.models import Partner


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "commune", "phone", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)
