"""Users, the seven roles, and place memberships that define each user's scope.

Scope is data: a membership (user, role, place) says where a user works. Per-case permission
rows are only for the exceptions (the assigned mentor), see cases.policy.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# The labour officer's office changes its name with the ministries (the Ministry of Labour,
# Invalids and Social Affairs was merged away in 2025): the label is a setting.
DEFAULT_LABOUR_ROLE_LABEL = gettext_noop("Cán bộ Văn hóa - Xã hội")


def labour_role_label() -> str:
    """The labour officer's role as people call it: settings.DONG_HANH["LABOUR_ROLE_LABEL"]
    (env DH_LABOUR_ROLE_LABEL), default "Cán bộ Văn hóa - Xã hội". Every place that names the
    role reads it through here (Role's label, the admin, menus, messages)."""
    return gettext(settings.DONG_HANH.get("LABOUR_ROLE_LABEL") or DEFAULT_LABOUR_ROLE_LABEL)


def labour_role_noun() -> str:
    """The same inside a sentence ("Chỉ cán bộ Văn hóa - Xã hội của xã…"): the first letter in
    lower case, unless the label starts with an abbreviation ("VHXH")."""
    label = labour_role_label()
    if len(label) > 1 and label[1].islower():
        return label[0].lower() + label[1:]
    return label


class Role(models.TextChoices):
    MENTOR = "mentor", _("Người giúp đỡ")
    COMMITTEE_HEAD = "committee_head", _("Trưởng Ban Công tác Mặt trận")
    COMMUNE_FRONT = "commune_front", _("Cán bộ Ủy ban MTTQ xã")
    COMMUNE_POLICE = "commune_police", _("Công an xã")
    LABOUR_OFFICER = "labour_officer", lazy(labour_role_label, str)()
    PROVINCE_OFFICER = "province_officer", _("Cán bộ cấp tỉnh")
    ADMIN = "admin", _("Quản trị")


def role_choices() -> list[tuple[str, str]]:
    """The field's choices, read when used (a callable, so that the migrations do not freeze
    the labour role's label, which is a setting)."""
    return Role.choices


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
    # A temporary password (set by the person's manager) must be replaced at the next sign-in,
    # and is refused after it expires.
    must_change_password = models.BooleanField(_("phải đổi mật khẩu"), default=False)
    temporary_password_expires_at = models.DateTimeField(_("mật khẩu tạm hết hạn lúc"), null=True, blank=True)

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
    role = models.CharField(_("vai trò"), max_length=20, choices=role_choices)
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


class DelegationQuerySet(models.QuerySet["Delegation"]):
    def active_on(self, day: dt.date | None = None) -> DelegationQuerySet:
        day = day or timezone.localdate()
        return self.filter(starts_on__lte=day, ends_on__gte=day, revoked_at__isnull=True)


class Delegation(models.Model):
    """A committee head names a deputy for a period: the deputy may make the head's decisions
    (quarterly reviews) in that period; each decision records on whose behalf it was made."""

    principal = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="delegations_given", verbose_name=_("người ủy quyền")
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="delegations_received", verbose_name=_("người được ủy quyền")
    )
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    reason = models.CharField(_("lý do"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    # The table kept its name when the model moved here from workflows.
    history = HistoricalRecords(table_name="workflows_historicaldelegation")

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("ủy quyền")
        verbose_name_plural = _("ủy quyền")
        db_table = "workflows_delegation"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(name="delegation_period_ordered", condition=Q(ends_on__gte=models.F("starts_on"))),
            models.CheckConstraint(name="delegation_not_to_self", condition=~Q(deputy=models.F("principal"))),
        ]
        indexes = [models.Index(fields=["deputy", "starts_on", "ends_on"], name="delegation_deputy_period")]

    def __str__(self) -> str:
        return f"{self.principal} → {self.deputy} ({self.starts_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y})"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Ngày kết thúc không được trước ngày bắt đầu.")})


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
