"""The officer's page for the two account decisions that need a person: unlocking a login and
approving a role requested by an administrator (four eyes)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import lockouts, memberships
from accounts.models import LoginLockout, Membership
from accounts.selectors import may_handle_account_security as may_open


@login_required
def security_inbox(request: HttpRequest) -> HttpResponse:
    if not may_open(request.user):
        raise PermissionDenied(_("Chỉ cán bộ xã, cán bộ tỉnh hoặc quản trị cài đặt xem được trang này."))
    context = {"lockouts": lockouts.open_lockouts_for(request.user), "pending": memberships.pending_for(request.user)}
    return render(request, "accounts/security_inbox.html", context)


@login_required
@require_POST
def unlock_login(request: HttpRequest, pk: int) -> HttpResponse:
    lockout = get_object_or_404(LoginLockout, pk=pk)
    try:
        lockouts.unlock_login(lockout, actor=request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã mở khóa đăng nhập của %(u)s.") % {"u": lockout.username})
    return redirect("accounts:security_inbox")


@login_required
@require_POST
def approve_membership(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=pk)
    try:
        memberships.approve_membership(membership, actor=request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã phê duyệt: %(m)s") % {"m": membership})
    return redirect("accounts:security_inbox")
