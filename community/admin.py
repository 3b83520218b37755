"""Only the list of model kinds is kept in the admin (it is extendable); the registries
themselves are kept by the heads and the commune front through the application."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from community.models import ModelKind


@admin.register(ModelKind)
class ModelKindAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "is_mediation", "is_self_management", "is_core_group", "order", "is_active"]
    list_filter = ["is_mediation", "is_self_management", "is_core_group", "is_active"]
    search_fields = ["name", "code"]

    def has_delete_permission(self, request, obj=None):
        # A kind in use is never deleted; it is set not in use.
        return False
