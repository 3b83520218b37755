"""Community-level records the Đề án 01/138 plans ask the Front to keep (seeds 000–004).

None of them is deleted: a record that no longer holds is ended (or revoked, cancelled) with a
reason, a wrong one is corrected with a reason; simple-history keeps every version. Writes go
through community.services, which asks community.policy who may.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.choices import ChoiceLabels


class Ended(models.Model):
    """Who recorded a row, and its end: never deleted, ended with a reason."""

    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người ghi nhận"))
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)
    ended_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    end_reason = models.TextField(_("lý do kết thúc"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


# --- commitments ("ký cam kết", seeds 000, 002) -----------------------------------------------------


class AreaHouseholds(models.Model):
    """The number of households of a khu dân cư: the denominator of the families' share, kept
    up to date by the committee head."""

    area = models.OneToOneField(
        "areas.ResidentialArea", on_delete=models.PROTECT, related_name="households_count", verbose_name=_("khu dân cư")
    )
    households = models.PositiveIntegerField(_("số hộ gia đình"))
    as_of = models.DateField(_("số liệu tính đến ngày"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người cập nhật"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("số hộ của khu dân cư")
        verbose_name_plural = _("số hộ của khu dân cư")

    def __str__(self) -> str:
        return f"{self.area}: {self.households}"


class AreaCommitment(Ended):
    """The khu dân cư's commitment for a year (the commitment not to break the law, tied to
    the "khu dân cư văn hóa" movement)."""

    area = models.ForeignKey("areas.ResidentialArea", on_delete=models.PROTECT, related_name="commitments", verbose_name=_("khu dân cư"))
    year = models.PositiveSmallIntegerField(_("năm cam kết"))
    signed_on = models.DateField(_("ngày ký"))
    text_reference = models.CharField(_("văn bản cam kết"), max_length=200, help_text=_("Số, tên hoặc nơi lưu văn bản cam kết."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cam kết của khu dân cư")
        verbose_name_plural = _("cam kết của khu dân cư")
        ordering = ["-year", "-signed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "year"], condition=Q(ended_on__isnull=True), name="community_one_active_area_commitment_a_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} · {self.year}"


class HouseholdCommitment(Ended):
    """A family's commitment: the household, the person's case when there is one, who signed."""

    area = models.ForeignKey(
        "areas.ResidentialArea", on_delete=models.PROTECT, related_name="household_commitments", verbose_name=_("khu dân cư")
    )
    year = models.PositiveSmallIntegerField(_("năm cam kết"))
    household = models.CharField(_("hộ gia đình (chủ hộ)"), max_length=200)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="household_commitments",
        verbose_name=_("hồ sơ người được giúp đỡ"),
    )
    signed_on = models.DateField(_("ngày ký"))
    signed_by = models.CharField(_("người ký"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cam kết của hộ gia đình")
        verbose_name_plural = _("cam kết của hộ gia đình")
        ordering = ["-year", "household"]

    def __str__(self) -> str:
        return f"{self.household} · {self.year}"


# --- cadres and their training ("tập huấn", seeds 000, 002) ------------------------------------------


class Cadre(Ended):
    """A front cadre the training target counts: a user of the product or a named person
    (the commune's front officers, heads of member organisations, Ban Công tác Mặt trận,
    chi hội and chi đoàn). A cadre of the whole commune has no khu dân cư."""

    commune = models.ForeignKey("areas.Commune", on_delete=models.PROTECT, related_name="cadres", verbose_name=_("xã/phường"))
    area = models.ForeignKey(
        "areas.ResidentialArea", null=True, blank=True, on_delete=models.PROTECT, related_name="cadres", verbose_name=_("khu dân cư")
    )
    full_name = models.CharField(_("họ và tên"), max_length=200)
    position = models.CharField(_("chức danh"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="cadre_records", verbose_name=_("tài khoản")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name


class TrainingSession(Ended):
    """A training session; ended_on here means it was cancelled or recorded by mistake."""

    commune = models.ForeignKey("areas.Commune", on_delete=models.PROTECT, related_name="training_sessions", verbose_name=_("xã/phường"))
    area = models.ForeignKey(
        "areas.ResidentialArea",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_sessions",
        verbose_name=_("khu dân cư"),
    )
    held_on = models.DateField(_("ngày tập huấn"))
    topic = models.CharField(_("nội dung"), max_length=300)
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=200)
    hours = models.DecimalField(_("số giờ"), max_digits=4, decimal_places=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("buổi tập huấn")
        verbose_name_plural = _("buổi tập huấn")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y} · {self.topic}"


class TrainingAttendance(Ended):
    """A cadre attended a session; ended_on: the attendance was recorded by mistake."""

    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("buổi tập huấn"))
    cadre = models.ForeignKey(Cadre, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("cán bộ"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("người dự tập huấn")
        verbose_name_plural = _("người dự tập huấn")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "cadre"], condition=Q(ended_on__isnull=True), name="community_attends_a_session_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} · {self.session}"


# --- community models ("mô hình tự quản", seeds 000, 002, 003, 004) -----------------------------------


class ModelKind(models.Model):
    """A kind of community model. The list comes from the seeds and can be extended (admin)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    is_mediation = models.BooleanField(_("là tổ hòa giải"), default=False)
    is_self_management = models.BooleanField(_("là mô hình tự quản về ANTT"), default=False)
    is_core_group = models.BooleanField(_("là nhóm nòng cốt (họp giao ban)"), default=False)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("loại mô hình")
        verbose_name_plural = _("loại mô hình")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class CommunityModel(Ended):
    """A tổ hòa giải, a self-management model, a core group, a club... of one khu dân cư.
    ended_on: the model stopped working (or was recorded by mistake), with the reason."""

    kind = models.ForeignKey(ModelKind, on_delete=models.PROTECT, related_name="models", verbose_name=_("loại mô hình"))
    area = models.ForeignKey(
        "areas.ResidentialArea", on_delete=models.PROTECT, related_name="community_models", verbose_name=_("khu dân cư")
    )
    name = models.CharField(_("tên mô hình"), max_length=200)
    founded_on = models.DateField(_("ngày thành lập"))
    members = models.PositiveIntegerField(_("số thành viên"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mô hình ở khu dân cư")
        verbose_name_plural = _("mô hình ở khu dân cư")
        ordering = ["kind__order", "name"]

    def __str__(self) -> str:
        return self.name


class CoreGroupMeeting(Ended):
    """A briefing meeting ("họp giao ban") of a core group or another model."""

    community_model = models.ForeignKey(CommunityModel, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("mô hình"))
    held_on = models.DateField(_("ngày họp"))
    attendees = models.TextField(_("người dự"), help_text=_("Mỗi dòng một người."))
    attendee_count = models.PositiveSmallIntegerField(_("số người dự"), default=0)
    notes = models.TextField(_("nội dung"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("buổi họp giao ban")
        verbose_name_plural = _("buổi họp giao ban")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.community_model} · {self.held_on:%d/%m/%Y}"


# --- model khu dân cư and the "An toàn về ANTT" standard -------------------------------------------


class ModelArea(Ended):
    """A khu dân cư chosen by its commune as the model ("mô hình điểm", seeds 000, 001)."""

    area = models.ForeignKey(
        "areas.ResidentialArea", on_delete=models.PROTECT, related_name="model_designations", verbose_name=_("khu dân cư")
    )
    designated_on = models.DateField(_("ngày chọn làm mô hình điểm"))
    decision_reference = models.CharField(_("văn bản chọn"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("khu dân cư mô hình điểm")
        verbose_name_plural = _("khu dân cư mô hình điểm")
        ordering = ["-designated_on"]
        constraints = [
            models.UniqueConstraint(fields=["area"], condition=Q(ended_on__isnull=True), name="community_one_active_model_area"),
        ]

    def __str__(self) -> str:
        return str(self.area)


class SafeRecognition(Ended):
    """The yearly recognition of a khu dân cư as "An toàn về ANTT" (seed 003, TT 23/2012 and
    its successors). ended_on: revoked, with the reason."""

    area = models.ForeignKey(
        "areas.ResidentialArea", on_delete=models.PROTECT, related_name="safe_recognitions", verbose_name=_("khu dân cư")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    recognised_on = models.DateField(_("ngày công nhận"))
    decision_reference = models.CharField(_("quyết định công nhận"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("công nhận An toàn về ANTT")
        verbose_name_plural = _("công nhận An toàn về ANTT")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "year"], condition=Q(ended_on__isnull=True), name="community_one_safe_recognition_a_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} · {self.year}"


# --- recognitions ("biểu dương, khen thưởng", seeds 000, 002) ---------------------------------------


class Occasion(models.TextChoices):
    SECURITY_DAY = "19_8", _("Ngày hội Toàn dân bảo vệ an ninh Tổ quốc (19/8)")
    UNITY_DAY = "18_11", _("Ngày hội Đại đoàn kết toàn dân tộc (18/11)")
    OTHER = "other", _("Dịp khác")


class RecipientKind(models.TextChoices):
    SUBJECT = "subject", _("Người được giúp đỡ")
    MENTOR = "mentor", _("Người giúp đỡ")
    FAMILY = "family", _("Gia đình")
    BRANCH = "branch", _("Chi hội, chi đoàn")


class Recognition(ChoiceLabels, Ended):
    """An exemplary person, family or branch recognised on an occasion. ended_on: revoked."""

    commune = models.ForeignKey("areas.Commune", on_delete=models.PROTECT, related_name="recognitions", verbose_name=_("xã/phường"))
    area = models.ForeignKey(
        "areas.ResidentialArea", null=True, blank=True, on_delete=models.PROTECT, related_name="recognitions", verbose_name=_("khu dân cư")
    )
    occasion = models.CharField(_("dịp"), max_length=10, choices=Occasion.choices)
    recognised_on = models.DateField(_("ngày biểu dương"))
    recipient_kind = models.CharField(_("đối tượng biểu dương"), max_length=10, choices=RecipientKind.choices)
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recognitions",
        verbose_name=_("hồ sơ người được giúp đỡ"),
    )
    mentor = models.ForeignKey(
        "mentors.Mentor", null=True, blank=True, on_delete=models.PROTECT, related_name="recognitions", verbose_name=_("người giúp đỡ")
    )
    branch = models.ForeignKey(
        "mentors.Branch", null=True, blank=True, on_delete=models.PROTECT, related_name="recognitions", verbose_name=_("chi hội, chi đoàn")
    )
    family = models.CharField(_("gia đình (chủ hộ)"), max_length=200, blank=True)
    award = models.CharField(_("hình thức"), max_length=200, help_text=_("Ví dụ: giấy khen của Ủy ban MTTQ xã."))
    citation = models.TextField(_("thành tích"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("biểu dương, khen thưởng")
        verbose_name_plural = _("biểu dương, khen thưởng")
        ordering = ["-recognised_on"]

    def __str__(self) -> str:
        return f"{self.get_recipient_kind_display()} · {self.recognised_on:%d/%m/%Y}"

    @property
    def recipient_name(self) -> str:
        if self.recipient_kind == RecipientKind.SUBJECT and self.case_id:
            return self.case.subject.full_name
        if self.recipient_kind == RecipientKind.MENTOR and self.mentor_id:
            return self.mentor.full_name
        if self.recipient_kind == RecipientKind.BRANCH and self.branch_id:
            return self.branch.name
        return self.family


# --- the quarterly review meeting (seed 000: "Định kỳ hàng quý ... họp đánh giá") ---------------------


class ReviewMeeting(Ended):
    """The Ban Công tác Mặt trận's quarterly meeting assessing the people helped. ended_on:
    recorded by mistake."""

    area = models.ForeignKey(
        "areas.ResidentialArea", on_delete=models.PROTECT, related_name="review_meetings", verbose_name=_("khu dân cư")
    )
    quarter = models.CharField(_("quý"), max_length=6, help_text=_("Dạng 2026Q4."))
    held_on = models.DateField(_("ngày họp"))
    attendees = models.TextField(_("thành phần dự họp"), help_text=_("Mỗi dòng một người."))
    police_present = models.BooleanField(_("có công an dự"), default=False)
    police_attendee = models.CharField(_("công an dự họp"), max_length=200, blank=True)
    minutes = models.TextField(_("biên bản"))
    reviews = models.ManyToManyField(
        "cases.QuarterlyReview", through="ReviewMeetingItem", related_name="meetings", verbose_name=_("đánh giá quý")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("họp đánh giá quý")
        verbose_name_plural = _("họp đánh giá quý")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.area} · {self.held_on:%d/%m/%Y}"


class ReviewMeetingItem(Ended):
    """A quarterly review decided in a meeting. ended_on: linked by mistake."""

    meeting = models.ForeignKey(ReviewMeeting, on_delete=models.PROTECT, related_name="items", verbose_name=_("cuộc họp"))
    review = models.ForeignKey(
        "cases.QuarterlyReview", on_delete=models.PROTECT, related_name="meeting_items", verbose_name=_("đánh giá quý")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đánh giá được xét tại cuộc họp")
        verbose_name_plural = _("đánh giá được xét tại cuộc họp")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "review"], condition=Q(ended_on__isnull=True), name="community_review_once_per_meeting"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.review_id}"
