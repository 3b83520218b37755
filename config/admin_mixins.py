"""Shared admin behaviour."""

from __future__ import annotations


class ReadOnlyAdminMixin:
    """Logs and records that the application never edits: viewable with filters, never
    added, changed or deleted from the admin."""

    def get_readonly_fields(self, request, obj=None):
        # A case is shown by its number only: the administrator sees no case content.
        return [f.attname if f.is_relation and f.related_model._meta.label == "cases.Case" else f.name for f in self.model._meta.fields]

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
