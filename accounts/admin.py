"""Users and place memberships in the admin.

An installation administrator (accounts.installation) is not a superuser: the fields that raise
privileges (superuser, staff, groups, single permissions) are read-only for them, superusers are
out of their reach, and they cannot set the password of someone who holds a case role (that
would be a way to read cases as that person). A case role granted here is a request that a
second person approves (accounts.memberships); nobody grants one to themselves.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts import memberships
from accounts.models import LoginLockout, Membership, User
from config.admin_mixins import ReadOnlyAdminMixin
from config.forms import SafeTextMixin

FOUR_EYES_FIELDS = ("is_active", "requested_by", "approved_by", "approved_at")
PRIVILEGE_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")


def holds_case_role(user: User) -> bool:
    return user.memberships.filter(is_active=True).exists()


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["province", "commune", "area"]
    fields = ["role", "province", "commune", "area", *FOUR_EYES_FIELDS]
    readonly_fields = FOUR_EYES_FIELDS

    # One's own roles are read-only: nobody grants a role to themselves.
    def has_add_permission(self, request, obj=None):
        return (obj is None or obj.pk != request.user.pk) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return (obj is None or obj.pk != request.user.pk) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Đồng Hành"), {"fields": ("full_name", "phone", "is_system")}))
    list_display = ["username", "full_name", "is_active", "is_staff"]
    search_fields = ["username", "full_name"]
    inlines = [MembershipInline]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += [f for f in PRIVILEGE_FIELDS if f not in readonly]
        if obj is not None and obj.pk == request.user.pk:
            readonly += [f for f in PRIVILEGE_FIELDS if f not in readonly]
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.is_superuser or obj.pk == request.user.pk) and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, id)
        if user is not None and user.pk != request.user.pk and holds_case_role(user) and not request.user.is_superuser:
            raise PermissionDenied(gettext("Người này đang giữ vai trò xem hồ sơ: mật khẩu do chính họ đổi hoặc đặt lại qua cán bộ xã."))
        return super().user_change_password(request, id, form_url)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        for instance in formset.save(commit=False):
            self._request(request, instance)
        formset.save_m2m()

    def _request(self, request, instance: Membership) -> None:
        try:
            memberships.request_membership(instance, actor=request.user)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.warning(request, gettext("Phân quyền “%(m)s” đang chờ người thứ hai phê duyệt.") % {"m": instance})


class MembershipForm(SafeTextMixin, forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "role", "province", "commune", "area"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_user(self):
        user = self.cleaned_data["user"]
        if self.request is not None and user.pk == self.request.user.pk:
            raise forms.ValidationError(gettext("Không ai được tự cấp vai trò cho chính mình."))
        return user


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    form = MembershipForm
    list_display = ["user", "role", "province", "commune", "area", "is_active", "requested_by", "approved_by"]
    list_filter = ["role", "is_active"]
    autocomplete_fields = ["user", "province", "commune", "area"]
    readonly_fields = FOUR_EYES_FIELDS
    actions = ["approve", "revoke"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)

        class RequestForm(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, request=request, **inner)

        return RequestForm

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.user_id == request.user.pk:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            memberships.request_membership(obj, actor=request.user)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return
        messages.warning(request, gettext("Phân quyền “%(m)s” đang chờ người thứ hai phê duyệt.") % {"m": obj})

    @admin.action(description=_("Phê duyệt các phân quyền đã chọn (người thứ hai)"), permissions=["change"])
    def approve(self, request, queryset):
        for membership in queryset:
            try:
                memberships.approve_membership(membership, actor=request.user)
            except PermissionDenied as exc:
                messages.error(request, f"{membership}: {exc}")
            else:
                messages.success(request, gettext("Đã phê duyệt: %(m)s") % {"m": membership})

    @admin.action(description=_("Thu hồi các phân quyền đã chọn"), permissions=["change"])
    def revoke(self, request, queryset):
        for membership in queryset:
            memberships.revoke_membership(membership, actor=request.user)
        messages.success(request, gettext("Đã thu hồi %(n)d phân quyền.") % {"n": len(queryset)})


@admin.register(LoginLockout)
class LoginLockoutAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every lockout, kept after the unlock (django-axes forgets its attempts). Unlocking is
    done from the officer's page, accounts:security_inbox."""

    list_display = ["locked_at", "username", "ip_address", "unlocked_at", "unlocked_by"]
    list_filter = ["locked_at"]
    search_fields = ["username"]
