"""A person signed in with a temporary password goes to "Đổi mật khẩu" before anything else,
and an expired temporary password ends the session."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _


class TemporaryPasswordMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            allowed = {reverse("accounts:password_change"), reverse("logout"), reverse("login")}
            expires = user.temporary_password_expires_at
            if expires is not None and expires < timezone.now():
                logout(request)
                messages.error(request, _("Mật khẩu tạm đã hết hạn. Hãy nhờ người quản lý tài khoản của bạn cấp lại."))
                return redirect("login")
            if request.path not in allowed and not request.path.startswith("/static/"):
                return redirect("accounts:password_change")
        return self.get_response(request)
