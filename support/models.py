"""Support referrals: a case is referred to the labour office of its commune for a job, a
training course, a VBSP loan or other help; the office triages it, records the outcome and
follows up. Partners (employers, training providers, the bank's transaction point) have no
account: they confirm through a single-use link (PartnerLink).

Status changes only through support.services (one transaction, the Case row locked).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from config.choices import ChoiceLabels


class ReferralType(models.TextChoices):
    """The kinds of support the seed plans name (seed 004 adds housing repair, means of
    livelihood, medical care and scholarships)."""

    JOB = "job", _("Giới thiệu việc làm")
    TRAINING = "training", _("Học nghề")
    LOAN = "loan", _("Vay vốn Ngân hàng Chính sách xã hội")
    SOCIAL_ASSISTANCE = "social_assistance", _("Trợ giúp xã hội")
    PAPERWORK = "paperwork", _("Giấy tờ (căn cước, cư trú)")
    COUNSELLING = "counselling", _("Tư vấn, tâm lý")
    HOUSING_REPAIR = "housing_repair", _("Hỗ trợ sửa chữa nhà ở")
    LIVELIHOOD = "livelihood", _("Hỗ trợ phương tiện sinh kế")
    MEDICAL_CARE = "medical_care", _("Hỗ trợ khám chữa bệnh")
    SCHOLARSHIP = "scholarship", _("Học bổng")


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    SENT = "sent", _("Đã gửi, chờ tiếp nhận")
    ACCEPTED = "accepted", _("Đã tiếp nhận")
    DECLINED = "declined", _("Từ chối")
    OUTCOME = "outcome", _("Đã có kết quả")
    FOLLOWED_UP = "followed_up", _("Đã theo dõi sau hỗ trợ")
    CLOSED = "closed", _("Đã kết thúc")
    WITHDRAWN = "withdrawn", _("Đã rút lại")


# A referral is "open" (keeps the case in `supported`) from sending until it ends.
OPEN_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.OUTCOME, ReferralStatus.FOLLOWED_UP)
ENDED_STATUSES = (ReferralStatus.DECLINED, ReferralStatus.CLOSED, ReferralStatus.WITHDRAWN)


class LoanPurpose(models.TextChoices):
    PRODUCTION = "production", _("Sản xuất, kinh doanh, tạo việc làm")
    TRAINING = "training", _("Học nghề")


class OutcomeResult(models.TextChoices):
    ACHIEVED = "achieved", _("Đạt (có việc làm / nhập học / được giải ngân / được hỗ trợ)")
    NOT_ACHIEVED = "not_achieved", _("Không đạt")


class PartnerKind(models.TextChoices):
    EMPLOYER = "employer", _("Doanh nghiệp, cơ sở tuyển dụng")
    TRAINING_PROVIDER = "training_provider", _("Cơ sở giáo dục nghề nghiệp")
    BANK_POINT = "bank_point", _("Điểm giao dịch Ngân hàng Chính sách xã hội")
    OTHER = "other", _("Khác")


class Partner(ChoiceLabels, models.Model):
    """An outside organisation that receives people (no user account)."""

    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=20, choices=PartnerKind.choices)
    commune = models.ForeignKey(
        "areas.Commune", null=True, blank=True, on_delete=models.PROTECT, related_name="partners", verbose_name=_("xã/phường")
    )
    contact_person = models.CharField(_("người liên hệ"), max_length=200, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    is_active = models.BooleanField(_("đang hợp tác"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đối tác")
        verbose_name_plural = _("đối tác")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Referral(ChoiceLabels, FSMModelMixin, models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="referrals", verbose_name=_("hồ sơ"))
    # The receiving office: the labour officers of this commune (the case's commune).
    commune = models.ForeignKey(
        "areas.Commune", on_delete=models.PROTECT, related_name="referrals", verbose_name=_("cơ quan tiếp nhận (xã/phường)")
    )
    type = models.CharField(_("loại hỗ trợ"), max_length=20, choices=ReferralType.choices)
    # The referral's one state: a protected django-fsm field; only the transitions below change
    # it, and only support.services calls them (Case row locked, history row, CaseEvent).
    status = FSMField(_("tình trạng"), max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT, protected=True)
    needs = models.TextField(_("nhu cầu"), blank=True)
    skills = models.TextField(_("kỹ năng, kinh nghiệm"), blank=True)
    partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("đối tác đề xuất")
    )
    loan_purpose = models.CharField(_("mục đích vay"), max_length=12, choices=LoanPurpose.choices, blank=True)
    loan_amount_requested = models.PositiveBigIntegerField(_("số tiền đề nghị vay (đồng)"), null=True, blank=True)
    loan_training_months = models.PositiveSmallIntegerField(_("số tháng học nghề"), null=True, blank=True)
    review = models.ForeignKey(
        "cases.QuarterlyReview", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("từ kỳ đánh giá")
    )
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người đề nghị"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("cán bộ phụ trách")
    )
    decline_reason = models.TextField(_("lý do từ chối"), blank=True)
    withdraw_reason = models.TextField(_("lý do rút lại"), blank=True)
    close_note = models.TextField(_("ghi chú kết thúc"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    decided_at = models.DateTimeField(_("tiếp nhận / từ chối lúc"), null=True, blank=True)
    outcome_at = models.DateTimeField(_("có kết quả lúc"), null=True, blank=True)
    followed_up_at = models.DateTimeField(_("theo dõi lúc"), null=True, blank=True)
    ended_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    # The form's (or the phone's) key: a doubled or replayed create returns the first referral.
    idempotency_key = models.CharField(_("khóa chống gửi trùng"), max_length=64, null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đề nghị hỗ trợ")
        verbose_name_plural = _("đề nghị hỗ trợ")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["commune", "status"], name="referral_commune_status"),
            models.Index(fields=["case", "status"], name="referral_case_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["referred_by", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="referral_unique_idempotency_key",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_type_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_ended(self) -> bool:
        return self.status in ENDED_STATUSES

    # --- the referral's state machine (domain.md: draft → sent → accepted or declined →
    # outcome → follow-up → closed; withdrawn at any point before it ends) ---------------------

    @transition(status, source=ReferralStatus.DRAFT, target=ReferralStatus.SENT)
    def send(self, *, officer) -> None:
        self.sent_at = timezone.now()
        self.officer = officer

    @transition(status, source=ReferralStatus.SENT, target=ReferralStatus.ACCEPTED)
    def accept(self, *, officer) -> None:
        self.decided_at = timezone.now()
        self.officer = officer

    @transition(status, source=ReferralStatus.SENT, target=ReferralStatus.DECLINED)
    def decline(self, *, officer, reason: str) -> None:
        self.decline_reason = reason
        self.decided_at = self.ended_at = timezone.now()
        self.officer = officer

    @transition(status, source=ReferralStatus.ACCEPTED, target=ReferralStatus.OUTCOME)
    def record_outcome(self) -> None:
        self.outcome_at = timezone.now()

    @transition(status, source=ReferralStatus.OUTCOME, target=ReferralStatus.FOLLOWED_UP)
    def record_follow_up(self, *, at) -> None:
        self.followed_up_at = at

    @transition(status, source=[ReferralStatus.OUTCOME, ReferralStatus.FOLLOWED_UP], target=ReferralStatus.CLOSED)
    def close(self, *, close_note: str) -> None:
        self.close_note = close_note
        self.ended_at = timezone.now()

    @transition(status, source=[ReferralStatus.DRAFT, *OPEN_STATUSES], target=ReferralStatus.WITHDRAWN)
    def withdraw(self, *, reason: str) -> None:
        self.withdraw_reason = reason
        self.ended_at = timezone.now()


class ReferralOutcome(ChoiceLabels, models.Model):
    """What came of a referral; which fields apply depends on the referral type."""

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="outcome", verbose_name=_("đề nghị"))
    result = models.CharField(_("kết quả"), max_length=14, choices=OutcomeResult.choices)
    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("đối tác"))
    # job placement
    position = models.CharField(_("vị trí công việc"), max_length=200, blank=True)
    start_date = models.DateField(_("ngày bắt đầu"), null=True, blank=True)
    monthly_wage = models.PositiveBigIntegerField(_("lương tháng (đồng)"), null=True, blank=True)
    # vocational training
    course = models.CharField(_("khóa học"), max_length=200, blank=True)
    course_end = models.DateField(_("ngày kết thúc khóa học"), null=True, blank=True)
    completed = models.BooleanField(_("đã hoàn thành khóa học"), null=True, blank=True)
    # VBSP loan
    loan_purpose = models.CharField(_("mục đích vay"), max_length=12, choices=LoanPurpose.choices, blank=True)
    amount_requested = models.PositiveBigIntegerField(_("số tiền đề nghị (đồng)"), null=True, blank=True)
    amount_approved = models.PositiveBigIntegerField(_("số tiền được duyệt (đồng)"), null=True, blank=True)
    disbursement_date = models.DateField(_("ngày giải ngân"), null=True, blank=True)
    term_months = models.PositiveSmallIntegerField(_("thời hạn vay (tháng)"), null=True, blank=True)
    confirmation_date = models.DateField(_("ngày xác nhận danh sách (Mẫu số 01)"), null=True, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("người ghi")
    )
    recorded_at = models.DateTimeField(_("ghi lúc"), default=timezone.now)
    partner_confirmed_at = models.DateTimeField(_("đối tác xác nhận lúc"), null=True, blank=True)
    partner_confirmed_via = models.CharField(_("hình thức xác nhận"), max_length=10, blank=True)  # "link" or "officer"
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kết quả hỗ trợ")
        verbose_name_plural = _("kết quả hỗ trợ")

    def __str__(self) -> str:
        return f"{self.referral_id} {self.result}"


class FollowUp(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="follow_ups", verbose_name=_("đề nghị"))
    due_date = models.DateField(_("hạn theo dõi"))
    done_at = models.DateTimeField(_("theo dõi lúc"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("người theo dõi")
    )
    # still employed / still in training / repaying on time, by the referral type
    still_active = models.BooleanField(_("vẫn duy trì"), null=True, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("theo dõi sau hỗ trợ")
        verbose_name_plural = _("theo dõi sau hỗ trợ")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return f"{self.referral_id} {self.due_date}"

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_date < timezone.localdate()


class PartnerLink(models.Model):
    """A single-use, expiring link for a partner to confirm a placement or a completion.
    Only the SHA-256 of the token is stored; the token itself is shown once to the officer."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="partner_links", verbose_name=_("đề nghị"))
    token_hash = models.CharField(_("mã băm"), max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người tạo"))
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    used_at = models.DateTimeField(_("dùng lúc"), null=True, blank=True)
    used_ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    confirmed = models.BooleanField(_("đối tác xác nhận"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("liên kết xác nhận của đối tác")
        verbose_name_plural = _("liên kết xác nhận của đối tác")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.referral_id} {self.created_at:%d/%m/%Y}"

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and timezone.now() < self.expires_at
