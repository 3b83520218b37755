"""Users, the seven roles, and place memberships that define each user's scope.

Scope is data: a membership (user, role, place) says where a user works. Per-case permission
rows are only for the exceptions (the assigned mentor), see cases.permissions.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    MENTOR = "mentor", _("Người giúp đỡ")
    COMMITTEE_HEAD = "committee_head", _("Trưởng Ban Công tác Mặt trận")
    COMMUNE_FRONT = "commune_front", _("Cán bộ Ủy ban MTTQ xã")
    COMMUNE_POLICE = "commune_police", _("Công an xã")
    LABOUR_OFFICER = "labour_officer", _("Cán bộ lao động - xã hội")
    PROVINCE_OFFICER = "province_officer", _("Cán bộ cấp tỉnh")
    ADMIN = "admin", _("Quản trị")


# Which place level a membership of each role must name.
ROLE_PLACE_LEVEL: dict[str, str | None] = {
    Role.MENTOR: "commune",
    Role.COMMITTEE_HEAD: "area",
    Role.COMMUNE_FRONT: "commune",
    Role.COMMUNE_POLICE: "commune",
    Role.LABOUR_OFFICER: "commune",
    Role.PROVINCE_OFFICER: "province",
    Role.ADMIN: None,
}


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    is_system = models.BooleanField(_("người dùng hệ thống"), default=False, help_text=_("Tác nhân của lệnh và tác vụ nền."))

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(is_active=True)


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("người dùng"))
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    province = models.ForeignKey("areas.Province", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("tỉnh/thành phố"))
    commune = models.ForeignKey("areas.Commune", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("xã/phường"))
    area = models.ForeignKey("areas.ResidentialArea", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("khu dân cư"))
    is_active = models.BooleanField(_("đang hiệu lực"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    # Four eyes (accounts.memberships): a role granted through the admin waits, inactive, until
    # a second person approves it; both are recorded here and in the history.
    requested_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("người đề nghị")
    )
    approved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("người phê duyệt")
    )
    approved_at = models.DateTimeField(_("phê duyệt lúc"), null=True, blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân quyền địa bàn")
        verbose_name_plural = _("phân quyền địa bàn")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "province", "commune", "area"],
                name="membership_unique_user_role_place",
                nulls_distinct=False,
            ),
            # Exactly the place level the role needs (no district level exists).
            models.CheckConstraint(
                name="membership_place_matches_role",
                condition=(
                    Q(role="committee_head", area__isnull=False, commune__isnull=True, province__isnull=True)
                    | Q(
                        role__in=["mentor", "commune_front", "commune_police", "labour_officer"],
                        commune__isnull=False,
                        area__isnull=True,
                        province__isnull=True,
                    )
                    | Q(role="province_officer", province__isnull=False, commune__isnull=True, area__isnull=True)
                    | Q(role="admin", province__isnull=True, commune__isnull=True, area__isnull=True)
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.place}"

    @property
    def is_pending(self) -> bool:
        return not self.is_active and self.requested_by_id is not None and self.approved_by_id is None

    @property
    def place(self):
        return self.area or self.commune or self.province or "—"

    def clean(self) -> None:
        level = ROLE_PLACE_LEVEL.get(self.role)
        given = {"province": self.province_id, "commune": self.commune_id, "area": self.area_id}
        for name, value in given.items():
            if name == level and not value:
                raise ValidationError({name: _("Vai trò này cần chọn địa bàn ở cấp này.")})
            if name != level and value:
                raise ValidationError({name: _("Vai trò này không gắn với địa bàn ở cấp này.")})


class LoginLockout(models.Model):
    """A login locked after too many wrong passwords (django-axes), and who unlocked it.
    django-axes forgets its attempts on unlock; this record stays."""

    username = models.CharField(_("tên đăng nhập"), max_length=150)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    locked_at = models.DateTimeField(_("khóa lúc"), auto_now_add=True)
    unlocked_at = models.DateTimeField(_("mở khóa lúc"), null=True, blank=True)
    unlocked_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("người mở khóa")
    )

    class Meta:
        verbose_name = _("khóa đăng nhập")
        verbose_name_plural = _("khóa đăng nhập")
        ordering = ["-locked_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.username} · {self.ip_address or '—'}"
