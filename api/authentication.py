"""Authentication by personal API token: `Authorization: Bearer <token>`. The token's
SHA-256 is looked up; an unknown, expired or revoked token, or a token of a deactivated
user, is refused with a Vietnamese message (401). The request then runs as the token's
user: the same scope and policy as their pages, nothing more."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from api.models import ApiToken
from api.services import hash_token, touch_token

KEYWORDS = ("bearer", "token")


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace").lower() not in KEYWORDS:
            return None  # no token: the session may authenticate
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Tiêu đề Authorization phải có dạng “Bearer <khóa>”."))
        try:
            raw = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Khóa API không hợp lệ.")) from None
        token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(raw)).first() if len(raw) <= 200 else None
        if token is None:
            raise exceptions.AuthenticationFailed(_("Khóa API không hợp lệ."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("Khóa API này đã bị thu hồi."))
        if not token.is_live():
            raise exceptions.AuthenticationFailed(_("Khóa API này đã hết hạn. Vui lòng tạo khóa mới."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Tài khoản của khóa này đã ngừng hoạt động."))
        touch_token(token)
        return (token.user, token)

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'
