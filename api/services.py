"""Writes of the api app: a user makes and revokes their own tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken
from cases.errors import DomainError, PermissionRefused

NAME_MAX = 100


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    raw: str  # shown once, never stored


@transaction.atomic
def create_token(*, actor, name: str) -> IssuedToken:
    """A new token for `actor` (their own: a token is never made for someone else)."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Vui lòng đặt tên cho khóa (ví dụ: “Điện thoại của tôi”)."), field="name")
    if len(name) > NAME_MAX:
        raise DomainError(_("Tên khóa quá dài (tối đa %(n)d ký tự).") % {"n": NAME_MAX}, field="name")
    if any(ord(ch) < 32 for ch in name):
        raise DomainError(_("Tên khóa có ký tự không hợp lệ."), field="name")
    limit = int(settings.DONG_HANH.get("API_TOKENS_PER_USER", 10))
    # Lock the user's row: two requests at once cannot pass the limit together.
    from accounts.models import User

    User.objects.select_for_update().filter(pk=actor.pk).first()
    if ApiToken.objects.live().filter(user=actor).count() >= limit:
        raise DomainError(
            _("Bạn đã có %(n)d khóa đang hiệu lực; hãy thu hồi một khóa không dùng trước khi tạo khóa mới.") % {"n": limit},
            field="name",
        )
    raw = secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=actor,
        name=name,
        key_hash=hash_token(raw),
        prefix=raw[:8],
        created_at=now,
        expires_at=now + dt.timedelta(days=int(settings.DONG_HANH.get("API_TOKEN_DAYS", 90))),
    )
    return IssuedToken(token=token, raw=raw)


@transaction.atomic
def revoke_token(token: ApiToken | int, *, actor) -> ApiToken:
    pk = token.pk if isinstance(token, ApiToken) else token
    token = ApiToken.objects.select_for_update().get(pk=pk)
    if token.user_id != actor.pk:
        raise PermissionRefused(_("Khóa này không phải của bạn."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


LAST_USED_PRECISION = dt.timedelta(minutes=5)


def touch_token(token: ApiToken) -> None:
    """Record when a token was last used (at most one write every few minutes)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
