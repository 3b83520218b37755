"""Personal API tokens. The token itself is shown once, when it is made; only its SHA-256
hash is stored. A token authenticates as its user (so it never carries more than the user's
scope), until it expires or its user revokes it. Rows are never deleted: a revoked token
stays, with when it was revoked."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def live(self, at=None) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=at or timezone.now())


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens", verbose_name=_("người dùng"))
    name = models.CharField(_("tên gợi nhớ"), max_length=100)
    # SHA-256 (hex) of the token; the token itself is never stored.
    key_hash = models.CharField(_("mã băm"), max_length=64, unique=True)
    # The first characters of the token, so that its owner recognises it in the list.
    prefix = models.CharField(_("tiền tố"), max_length=8)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối lúc"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.prefix}… {self.name}"

    def is_live(self, at=None) -> bool:
        return self.revoked_at is None and self.expires_at > (at or timezone.now())

    def delete(self, *args, **kwargs):
        raise ValueError("ApiToken rows are revoked, never deleted.")
