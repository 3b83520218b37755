"""Places' organisations and mentors. Assignments, like visits and referrals, are case content:
the administrator has no silent access to them, so they are not in the admin."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mentors.models import Branch, FrontCommittee, Mentor


@admin.register(FrontCommittee)
class FrontCommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["area", "head"]
    autocomplete_fields = ["area", "head"]


@admin.register(Branch)
class BranchAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "kind", "commune", "area", "is_active"]
    list_filter = ["organisation", "kind", "is_active"]
    search_fields = ["name"]


@admin.register(Mentor)
class MentorAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "kind", "branch", "commune", "caseload_limit", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["full_name"]
    autocomplete_fields = ["user"]
