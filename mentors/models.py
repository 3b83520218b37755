"""Organisations that adopt cases (Ban Công tác Mặt trận, chi hội, chi đoàn), the mentors,
and the assignment of a case to a branch and a mentor."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.choices import ChoiceLabels


class FrontCommittee(models.Model):
    """Ban Công tác Mặt trận of one khu dân cư; its head is a user."""

    area = models.OneToOneField(
        "areas.ResidentialArea", on_delete=models.PROTECT, related_name="front_committee", verbose_name=_("khu dân cư")
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="headed_committees",
        verbose_name=_("trưởng ban"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Ban Công tác Mặt trận")
        verbose_name_plural = _("Ban Công tác Mặt trận")

    def __str__(self) -> str:
        return str(_("Ban CTMT %(area)s") % {"area": self.area})


class OrganisationType(models.TextChoices):
    WOMEN = "women", _("Hội Liên hiệp Phụ nữ")
    YOUTH = "youth", _("Đoàn Thanh niên")
    VETERANS = "veterans", _("Hội Cựu chiến binh")
    FARMERS = "farmers", _("Hội Nông dân")
    ELDERLY = "elderly", _("Hội Người cao tuổi")
    TRADE_UNION = "trade_union", _("Công đoàn")
    OTHER = "other", _("Tổ chức khác")


class Branch(ChoiceLabels, models.Model):
    """Chi hội / chi đoàn of a member organisation."""

    class Kind(models.TextChoices):
        CHI_HOI = "chi_hoi", _("Chi hội")
        CHI_DOAN = "chi_doan", _("Chi đoàn")
        OTHER = "other", _("Khác")

    commune = models.ForeignKey("areas.Commune", on_delete=models.PROTECT, related_name="branches", verbose_name=_("xã/phường"))
    area = models.ForeignKey(
        "areas.ResidentialArea", null=True, blank=True, on_delete=models.PROTECT, related_name="branches", verbose_name=_("khu dân cư")
    )
    organisation = models.CharField(_("tổ chức"), max_length=20, choices=OrganisationType.choices)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.CHI_HOI)
    name = models.CharField(_("tên"), max_length=200)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chi hội / chi đoàn")
        verbose_name_plural = _("chi hội / chi đoàn")
        ordering = ["commune__name", "name"]

    def __str__(self) -> str:
        return self.name


class Mentor(ChoiceLabels, models.Model):
    class Kind(models.TextChoices):
        BRANCH_MEMBER = "branch_member", _("Hội viên, đoàn viên")
        RESPECTED_PERSON = "respected_person", _("Người có uy tín")

    full_name = models.CharField(_("họ và tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.BRANCH_MEMBER)
    commune = models.ForeignKey("areas.Commune", on_delete=models.PROTECT, related_name="mentors", verbose_name=_("xã/phường"))
    branch = models.ForeignKey(
        Branch, null=True, blank=True, on_delete=models.PROTECT, related_name="mentors", verbose_name=_("chi hội / chi đoàn")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mentor_profile",
        verbose_name=_("tài khoản"),
    )
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    title = models.CharField(
        _("vai trò trong cộng đồng"), max_length=200, blank=True, help_text=_("Ví dụ: trưởng họ, chức sắc tôn giáo, già làng.")
    )
    caseload_limit = models.PositiveSmallIntegerField(
        _("số người giúp đỡ tối đa"), null=True, blank=True, help_text=_("Để trống để dùng mức mặc định.")
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("người giúp đỡ")
        verbose_name_plural = _("người giúp đỡ")
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(
                name="mentor_branch_member_has_branch",
                condition=~Q(kind="branch_member") | Q(branch__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def clean(self):
        super().clean()
        if self.phone:
            from accounts.validators import normalise_phone

            try:
                # stored as digits, as a person's and an account's (accounts.validators)
                self.phone = normalise_phone(self.phone)
            except ValidationError as exc:
                raise ValidationError({"phone": exc.messages}) from exc

    @property
    def effective_caseload_limit(self) -> int:
        if self.caseload_limit is not None:
            return self.caseload_limit
        return int(settings.DONG_HANH["MENTOR_DEFAULT_CASELOAD"])


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def current(self) -> AssignmentQuerySet:
        return self.filter(ended_at__isnull=True)


class Assignment(models.Model):
    """A case held by a branch and a named mentor for a period. The current one has no end."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="assignments", verbose_name=_("hồ sơ"))
    branch = models.ForeignKey(
        Branch, null=True, blank=True, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("chi hội / chi đoàn")
    )
    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("người giúp đỡ"))
    started_at = models.DateTimeField(_("từ"), default=timezone.now)
    ended_at = models.DateTimeField(_("đến"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("người phân công")
    )
    history = HistoricalRecords()

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        constraints = [models.UniqueConstraint(fields=["case"], condition=Q(ended_at__isnull=True), name="assignment_one_current_per_case")]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.mentor}"


class VisitMode(models.TextChoices):
    HOME = "home", _("Thăm tại nhà")
    PHONE = "phone", _("Gọi điện thoại")
    COMMUNE = "commune", _("Gặp tại trụ sở xã, thôn")
    GROUP = "group", _("Sinh hoạt nhóm, hoạt động chung")
    OTHER = "other", _("Hình thức khác")


class Visit(ChoiceLabels, models.Model):
    """One contact between the mentor and the person helped (tiếp xúc, thăm hỏi).

    Never deleted: a mistake is corrected (mentors.services.correct_visit) and the original
    stays in the history. `sensitive_note` is shown only to the committee head, the commune
    front, the commune police and the user who recorded it (mentors.selectors.can_see_sensitive).
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="visits", verbose_name=_("hồ sơ"))
    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="visits", verbose_name=_("người giúp đỡ"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người ghi nhận"))
    visited_at = models.DateTimeField(_("thời điểm tiếp xúc"), db_index=True)
    mode = models.CharField(_("hình thức"), max_length=10, choices=VisitMode.choices, default=VisitMode.HOME)
    place = models.CharField(_("địa điểm"), max_length=200, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("thời lượng (phút)"), null=True, blank=True)
    present = models.CharField(_("những người có mặt"), max_length=300, blank=True)
    work_study = models.TextField(_("việc làm, học tập"), blank=True)
    family_community = models.TextField(_("quan hệ gia đình, cộng đồng"), blank=True)
    health = models.TextField(_("sức khỏe"), blank=True)
    substance_use = models.TextField(_("dấu hiệu sử dụng ma túy, rượu bia"), blank=True)
    compliance = models.TextField(_("chấp hành nghĩa vụ"), blank=True)
    support_needs = models.TextField(_("nhu cầu hỗ trợ phát hiện được"), blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    next_contact_on = models.DateField(_("dự kiến tiếp xúc lần sau"), null=True, blank=True)
    sensitive_note = models.TextField(_("ghi chú hạn chế"), blank=True)
    created_at = models.DateTimeField(_("ghi nhận lúc"), default=timezone.now)
    corrected_at = models.DateTimeField(_("sửa lần cuối lúc"), null=True, blank=True)
    # The form's (or the phone's) key: a doubled or replayed submit returns the first visit.
    idempotency_key = models.CharField(_("khóa chống gửi trùng"), max_length=64, null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lần tiếp xúc")
        verbose_name_plural = _("lần tiếp xúc")
        ordering = ["-visited_at", "-pk"]
        indexes = [models.Index(fields=["case", "visited_at"], name="visit_case_time")]
        constraints = [
            models.UniqueConstraint(
                fields=["recorded_by", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="visit_unique_idempotency_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.visited_at:%d/%m/%Y} {self.mode}"
