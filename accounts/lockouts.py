"""Login throttling (django-axes): the Vietnamese lockout page, the lockout record, the unlock.

After AXES_FAILURE_LIMIT wrong passwords for one username from one address, that pair is locked
for AXES_COOLOFF_TIME. The page says when to try again. A commune officer (Front or police) can
unlock a login of someone working in their commune; an installation administrator any login.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.installation import is_installation_admin
from accounts.models import LoginLockout, Membership, User


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE. Every attempt during a lockout starts the cool-off again
    (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT), so the retry time counts from now."""
    cool_off = settings.AXES_COOLOFF_TIME
    retry_at = timezone.localtime(timezone.now() + cool_off)
    minutes = max(1, int(cool_off.total_seconds() // 60))
    context = {"retry_at": retry_at, "minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "registration/locked_out.html", context, status=429)


def record_lockout(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    """axes.signals.user_locked_out receiver: one open record per username and address."""
    username = (username or "")[:150]
    if not LoginLockout.objects.filter(username=username, ip_address=ip_address, unlocked_at__isnull=True).exists():
        LoginLockout.objects.create(username=username, ip_address=ip_address)


def _commune_ids_of(user: User) -> set[int]:
    ids = set()
    for commune_id, area_commune_id in Membership.objects.filter(user=user, is_active=True).values_list("commune_id", "area__commune_id"):
        ids.update(i for i in (commune_id, area_commune_id) if i)
    return ids


def unlock_refusal(lockout: LoginLockout, actor: User) -> str | None:
    if lockout.unlocked_at:
        return _("Đăng nhập này đã được mở khóa.")
    if is_installation_admin(actor):
        return None
    from accounts.selectors import user_scope

    scope = user_scope(actor)
    mine = scope.front_commune_ids | scope.police_commune_ids
    if not mine:
        return _("Chỉ cán bộ xã hoặc quản trị cài đặt được mở khóa đăng nhập.")
    target = User.objects.filter(username=lockout.username).first()
    if target is None or not (_commune_ids_of(target) & mine):
        return _("Người dùng này không làm việc ở xã của bạn.")
    return None


def open_lockouts_for(actor: User) -> list[LoginLockout]:
    rows = LoginLockout.objects.filter(unlocked_at__isnull=True).order_by("-locked_at")
    return [row for row in rows[:200] if unlock_refusal(row, actor) is None]


def unlock_login(lockout: LoginLockout, *, actor: User) -> LoginLockout:
    from axes.utils import reset

    with transaction.atomic():
        lockout = LoginLockout.objects.select_for_update().get(pk=lockout.pk)
        refusal = unlock_refusal(lockout, actor)
        if refusal:
            raise PermissionDenied(refusal)
        reset(username=lockout.username)
        lockout.unlocked_at = timezone.now()
        lockout.unlocked_by = actor
        lockout.save(update_fields=["unlocked_at", "unlocked_by"])
        # the same username locked from other addresses is unlocked with it
        LoginLockout.objects.filter(Q(username=lockout.username), unlocked_at__isnull=True).update(
            unlocked_at=lockout.unlocked_at, unlocked_by=actor
        )
    return lockout
