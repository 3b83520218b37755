"""Writes about users: a commune runs its own people.

The commune front officer creates and deactivates the logins of the mentors, committee heads,
police and labour officers of their commune and resets their passwords; a province officer does
the same for the commune officers of the province (accounts.selectors.GRANTABLE). Nobody acts
beyond their scope or grants a role they may not grant. Every change is one transaction with
a history row naming the actor (User and Membership are tracked by django-simple-history).

A reset gives a temporary password shown once to the manager (it is not stored in clear); the
person must replace it at the next sign-in (accounts.middleware) and it expires after
DONG_HANH["TEMPORARY_PASSWORD_HOURS"] hours.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ROLE_PLACE_LEVEL, Membership, User
from accounts.selectors import can_grant, can_manage_user, forget_scope
from accounts.validators import normalise_phone

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
# No look-alike characters (0/O, 1/l/I): read aloud or copied from a phone screen.
TEMP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


class AccountRefused(Exception):
    """A refused change to a user, with a Vietnamese message naming the field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def _save(obj: Any, *, actor, reason: str) -> None:
    obj._history_user = actor
    obj._change_reason = reason[:100]
    try:
        obj.save()
    finally:
        del obj._change_reason


def temporary_password_hours() -> int:
    return int(settings.DONG_HANH.get("TEMPORARY_PASSWORD_HOURS", 72))


def _set_temporary_password(user: User) -> str:
    password = "-".join("".join(secrets.choice(TEMP_ALPHABET) for _ in range(4)) for _ in range(3))
    user.set_password(password)
    user.must_change_password = True
    user.temporary_password_expires_at = timezone.now() + dt.timedelta(hours=temporary_password_hours())
    return password


def _require_manage(actor: User, target: User) -> None:
    if target.pk == actor.pk:
        raise AccountRefused(_("Bạn không thể tự quản lý tài khoản của mình ở đây; hãy dùng “Đổi mật khẩu”."))
    if not can_manage_user(actor, target):
        raise AccountRefused(_("Tài khoản này nằm ngoài phạm vi bạn được quản lý."))


@transaction.atomic
def create_login(
    *, actor: User, username: str, full_name: str, role: str, phone: str = "", email: str = "", commune=None, area=None
) -> tuple[User, str]:
    """A new login with one role at one place in the actor's scope. Returns the user and the
    temporary password (shown once). An e-mail address, when given, is where a reset link for a
    forgotten password goes (where e-mail is configured)."""
    username = (username or "").strip().lower()
    full_name = " ".join((full_name or "").split())
    if not USERNAME_RE.match(username):
        raise AccountRefused(
            _("Tên đăng nhập gồm 3–40 ký tự: chữ thường không dấu, số, dấu chấm, gạch nối hoặc gạch dưới."), field="username"
        )
    if User.objects.filter(username__iexact=username).exists():
        raise AccountRefused(_("Tên đăng nhập này đã có người dùng."), field="username")
    if not full_name:
        raise AccountRefused(_("Vui lòng nhập họ và tên."), field="full_name")
    place = _place_for(role, commune=commune, area=area)
    if not can_grant(actor, role, **place):
        raise AccountRefused(_("Bạn không được cấp vai trò này tại địa bàn này."), field="role")
    phone = _phone(phone)
    email = (email or "").strip().lower()
    if email and User.objects.filter(email__iexact=email).exists():
        raise AccountRefused(_("Địa chỉ thư điện tử này đã gắn với một tài khoản khác."), field="email")
    user = User(username=username, full_name=full_name, phone=phone, email=email)
    password = _set_temporary_password(user)
    _save(user, actor=actor, reason=_("Tạo tài khoản"))
    membership = Membership(user=user, role=role, **place)
    membership.full_clean(exclude=["user"])
    _save(membership, actor=actor, reason=_("Tạo tài khoản"))
    return user, password


def _phone(phone: str) -> str:
    """The number SMS and Zalo reminders go to, in digits (accounts.validators), or a refusal."""
    try:
        return normalise_phone(phone)
    except ValidationError as exc:
        raise AccountRefused(exc.messages[0], field="phone") from exc


@transaction.atomic
def update_contact(target: User, *, actor: User, phone: str, email: str) -> User:
    """The phone number and e-mail address of a person the actor manages (where reminders by
    SMS, Zalo or e-mail and a reset link go). One history row naming what changed."""
    target = User.objects.select_for_update().get(pk=target.pk)
    _require_manage(actor, target)
    phone = _phone(phone)
    email = (email or "").strip().lower()
    if email and User.objects.filter(email__iexact=email).exclude(pk=target.pk).exists():
        raise AccountRefused(_("Địa chỉ thư điện tử này đã gắn với một tài khoản khác."), field="email")
    changed = [
        label for label, old, new in ((_("số điện thoại"), target.phone, phone), (_("thư điện tử"), target.email, email)) if old != new
    ]
    if not changed:
        raise AccountRefused(_("Không có gì thay đổi."), field="phone")
    target.phone, target.email = phone, email
    _save(target, actor=actor, reason=_("Đổi %(what)s") % {"what": ", ".join(changed)})
    return target


def _place_for(role: str, *, commune=None, area=None) -> dict:
    level = ROLE_PLACE_LEVEL.get(role)
    if level == "commune" and commune is not None:
        return {"commune": commune}
    if level == "area" and area is not None:
        return {"area": area}
    raise AccountRefused(_("Vui lòng chọn địa bàn phù hợp với vai trò."), field="place")


@transaction.atomic
def add_membership(target: User, *, actor: User, role: str, commune=None, area=None) -> Membership:
    """One more role or place for a person the actor manages (a mentor who also heads a thôn)."""
    target = User.objects.select_for_update().get(pk=target.pk)
    _require_manage(actor, target)
    place = _place_for(role, commune=commune, area=area)
    if not can_grant(actor, role, **place):
        raise AccountRefused(_("Bạn không được cấp vai trò này tại địa bàn này."), field="role")
    membership = Membership.objects.filter(user=target, role=role, **place).first() or Membership(user=target, role=role, **place)
    if membership.pk and membership.is_active:
        raise AccountRefused(_("Người này đã có vai trò này tại địa bàn này."), field="role")
    membership.is_active = True
    _save(membership, actor=actor, reason=_("Cấp vai trò"))
    forget_scope(target)
    return membership


@transaction.atomic
def deactivate_login(target: User, *, actor: User, reason: str) -> User:
    """The person can no longer sign in; their memberships end. Nothing is deleted."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise AccountRefused(_("Vui lòng nêu lý do khóa tài khoản."), field="reason")
    target = User.objects.select_for_update().get(pk=target.pk)
    _require_manage(actor, target)
    if not target.is_active:
        raise AccountRefused(_("Tài khoản này đã bị khóa."))
    target.is_active = False
    _save(target, actor=actor, reason=reason)
    for membership in Membership.objects.select_for_update().filter(user=target, is_active=True):
        membership.is_active = False
        _save(membership, actor=actor, reason=reason)
    forget_scope(target)
    return target


@transaction.atomic
def reactivate_login(target: User, *, actor: User, reason: str) -> User:
    """Sign-in again, with the memberships the actor may grant (the others stay ended)."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise AccountRefused(_("Vui lòng nêu lý do mở lại tài khoản."), field="reason")
    target = User.objects.select_for_update().get(pk=target.pk)
    _require_manage(actor, target)
    if target.is_active:
        raise AccountRefused(_("Tài khoản này đang hoạt động."))
    restored = 0
    for membership in Membership.objects.select_for_update().filter(user=target, is_active=False):
        if can_grant(actor, membership.role, province=membership.province, commune=membership.commune, area=membership.area):
            membership.is_active = True
            _save(membership, actor=actor, reason=reason)
            restored += 1
    if not restored:
        raise AccountRefused(_("Người này không còn vai trò nào bạn được cấp; hãy tạo tài khoản mới."))
    target.is_active = True
    _save(target, actor=actor, reason=reason)
    forget_scope(target)
    return target


@transaction.atomic
def reset_password(target: User, *, actor: User) -> str:
    """A new temporary password, returned once; the old password stops working at once."""
    target = User.objects.select_for_update().get(pk=target.pk)
    _require_manage(actor, target)
    if not target.is_active:
        raise AccountRefused(_("Tài khoản này đã bị khóa; hãy mở lại trước khi cấp mật khẩu."))
    password = _set_temporary_password(target)
    _save(target, actor=actor, reason=_("Cấp lại mật khẩu"))
    return password


@transaction.atomic
def change_own_password(user: User, *, old_password: str, new_password: str) -> User:
    """Every user changes their own password (which ends a temporary one)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.check_password(old_password or ""):
        raise AccountRefused(_("Mật khẩu hiện tại không đúng."), field="old_password")
    if old_password == new_password:
        raise AccountRefused(_("Mật khẩu mới phải khác mật khẩu hiện tại."), field="new_password1")
    return _set_own_password(user, new_password, reason=_("Đổi mật khẩu"))


@transaction.atomic
def reset_password_by_link(user: User, *, new_password: str) -> User:
    """A forgotten password set again through the one-time e-mail link (the link's token is
    signed with the password hash, so it stops working once this runs)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise AccountRefused(_("Tài khoản này đã bị khóa; hãy hỏi người quản lý tài khoản của bạn."))
    return _set_own_password(user, new_password, reason=_("Đặt lại mật khẩu qua thư điện tử"))


def _set_own_password(user: User, new_password: str, *, reason: str) -> User:
    """The password the person chose (the validators' messages name the field), no longer
    temporary; a history row by the person themself."""
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise AccountRefused(" ".join(exc.messages), field="new_password1") from exc
    user.set_password(new_password)
    user.must_change_password = False
    user.temporary_password_expires_at = None
    _save(user, actor=user, reason=reason)
    return user
