from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mentors.models import Assignment, Branch, FrontCommittee, Mentor


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


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    # Assignments change only through the assignment service (it moves case permissions).
    list_display = ["case", "mentor", "branch", "started_at", "ended_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
