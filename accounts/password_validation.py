"""Password rules with Vietnamese messages (Django ships none in Vietnamese), and one more rule:
no password made of a common Vietnamese word, the product's name or the username plus digits
("matkhau1", "head1234", "donghanh2026")."""

from __future__ import annotations

import re

from django.contrib.auth import password_validation as django_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MinimumLengthValidator(django_validation.MinimumLengthValidator):
    def __init__(self, min_length: int = 10):
        super().__init__(min_length)

    def get_error_message(self):
        return (
            ngettext("Mật khẩu quá ngắn: cần ít nhất %d ký tự.", "Mật khẩu quá ngắn: cần ít nhất %d ký tự.", self.min_length)
            % self.min_length
        )

    def get_help_text(self):
        return ngettext("Mật khẩu cần ít nhất %d ký tự.", "Mật khẩu cần ít nhất %d ký tự.", self.min_length) % self.min_length


class UserAttributeSimilarityValidator(django_validation.UserAttributeSimilarityValidator):
    DEFAULT_USER_ATTRIBUTES = ("username", "full_name", "first_name", "last_name", "email", "phone")

    def __init__(self, user_attributes=DEFAULT_USER_ATTRIBUTES, max_similarity=0.7):
        super().__init__(user_attributes, max_similarity)

    def get_error_message(self):
        return _("Mật khẩu quá giống %(verbose_name)s.")

    def get_help_text(self):
        return _("Mật khẩu không được giống tên đăng nhập, họ tên, số điện thoại hay thư điện tử.")


class CommonPasswordValidator(django_validation.CommonPasswordValidator):
    def get_error_message(self):
        return _("Mật khẩu này quá phổ biến, dễ bị đoán.")

    def get_help_text(self):
        return _("Mật khẩu không được là một mật khẩu phổ biến.")


class NumericPasswordValidator(django_validation.NumericPasswordValidator):
    def get_error_message(self):
        return _("Mật khẩu không được chỉ gồm chữ số.")

    def get_help_text(self):
        return _("Mật khẩu không được chỉ gồm chữ số.")


COMMON_WORDS = frozenset(
    {
        "matkhau", "matma", "password", "admin", "quantri", "donghanh", "congan", "mattran", "uyban",
        "anhyeuem", "emyeuanh", "iloveyou", "vietnam", "hanoi", "saigon", "qwerty", "abc", "abcd", "abcdef",
    }
)  # fmt: skip


class VietnameseCommonPasswordValidator:
    """A common word, the product's name or the username, with digits or signs around it."""

    def validate(self, password: str, user=None) -> None:
        core = re.sub(r"[\W\d_]+", "", password.lower())
        names = set(COMMON_WORDS)
        if user is not None and getattr(user, "username", ""):
            names.add(re.sub(r"[\W\d_]+", "", user.username.lower()))
        if not core or core in names:
            raise ValidationError(_("Mật khẩu chỉ là một từ dễ đoán thêm chữ số: hãy dùng một cụm từ dài hơn."), code="password_too_common")

    def get_help_text(self) -> str:
        return _("Mật khẩu không được là một từ dễ đoán (như “matkhau”, tên đăng nhập) thêm chữ số.")
