from __future__ import annotations

from django import forms
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from accounts.selectors import grantable_choices
from config.forms import SafeTextMixin


class LoginCreateForm(SafeTextMixin, forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=40,
        help_text=_("Chữ thường không dấu, số, dấu chấm hoặc gạch nối; ví dụ: hoa.nguyen"),
    )
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    email = forms.EmailField(
        label=_("Thư điện tử"),
        max_length=254,
        required=False,
        help_text=_("Không bắt buộc; nếu có, người này tự đặt lại được mật khẩu khi quên (nơi hệ thống gửi được thư)."),
    )
    role = forms.ChoiceField(label=_("Vai trò"))
    place = forms.ChoiceField(
        label=_("Địa bàn"), help_text=_("Khu dân cư cho Trưởng Ban Công tác Mặt trận; xã/phường cho các vai trò khác.")
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        choices = grantable_choices(actor)
        self.fields["role"].choices = [("", "—")] + [(role, label) for role, label, _places in choices]
        places: dict[str, str] = {}
        for _role, _label, role_places in choices:
            places.update(dict(role_places))
        self.fields["place"].choices = [("", "—")] + sorted(places.items(), key=lambda kv: (not kv[0].startswith("commune"), kv[1]))

    def place_kwargs(self) -> dict:
        from areas.models import Commune, ResidentialArea

        kind, _sep, pk = self.cleaned_data["place"].partition(":")
        if kind == "area":
            return {"area": ResidentialArea.objects.filter(pk=pk).first()}
        return {"commune": Commune.objects.filter(pk=pk).first()}


class MembershipAddForm(LoginCreateForm):
    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        for name in ("full_name", "username", "phone"):
            del self.fields[name]


class ContactForm(SafeTextMixin, forms.Form):
    """The phone number and e-mail address a managed person is reached at (reminders by SMS,
    Zalo or e-mail; a reset link for a forgotten password)."""

    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), max_length=254, required=False)


class ReasonForm(SafeTextMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class OwnPasswordForm(SafeTextMixin, forms.Form):
    old_password = forms.CharField(label=_("Mật khẩu hiện tại"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    new_password1 = forms.CharField(
        label=_("Mật khẩu mới"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Ít nhất 8 ký tự, không dùng mật khẩu quá phổ biến."),
    )
    new_password2 = forms.CharField(label=_("Nhập lại mật khẩu mới"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("new_password1") and data.get("new_password2") and data["new_password1"] != data["new_password2"]:
            self.add_error("new_password2", _("Hai lần nhập mật khẩu mới không khớp."))
        return data


class EmailResetForm(SafeTextMixin, PasswordResetForm):
    """The address a forgotten-password link is sent to (Django's form: an unknown address gets
    the same answer as a known one, so the page tells nobody who has an account)."""

    email = forms.EmailField(label=_("Địa chỉ thư điện tử"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class LinkPasswordForm(SafeTextMixin, SetPasswordForm):
    """The new password, through the one-time link; saved by accounts.services."""

    new_password1 = forms.CharField(
        label=_("Mật khẩu mới"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Ít nhất 8 ký tự, không dùng mật khẩu quá phổ biến."),
    )
    new_password2 = forms.CharField(
        label=_("Nhập lại mật khẩu mới"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    error_messages = {"password_mismatch": _("Hai lần nhập mật khẩu mới không khớp.")}

    def save(self, commit=True):
        from accounts import services

        return services.reset_password_by_link(self.user, new_password=self.cleaned_data["new_password1"])
