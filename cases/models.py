"""The core record: subjects (people), cases (one period of help) and their state machine.

`Case.status` is a protected django-fsm-2 field: only the transition methods below change it,
and only the services in cases/services.py call those methods (inside one transaction, with
the Case row locked, writing a CaseEvent and a history row).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from accounts.validators import normalise_phone
from cases.identity import validate_national_id
from config.choices import ChoiceLabels


class Category(models.TextChoices):
    """Diện đối tượng. Each category with its own legal rules (cases/legal.py); see domain.md."""

    PRISON_RELEASED = "prison_released", _("Chấp hành xong án phạt tù / được đặc xá")
    SUSPENDED_SENTENCE = "suspended_sentence", _("Án treo")
    NON_CUSTODIAL_REFORM = "non_custodial_reform", _("Cải tạo không giam giữ")
    CONDITIONAL_RELEASE = "conditional_release", _("Tha tù trước thời hạn có điều kiện")
    SUPERVISION = "supervision", _("Quản chế (hình phạt bổ sung)")
    RESIDENCE_BAN = "residence_ban", _("Cấm cư trú (hình phạt bổ sung)")
    COMMUNE_EDUCATION = "commune_education", _("Giáo dục tại xã, phường")
    INSTITUTION_RETURNEE = "institution_returnee", _("Từ trường giáo dưỡng, cơ sở giáo dục bắt buộc, cai nghiện về")
    AT_RISK = "at_risk", _("Vi phạm chưa đến mức truy cứu hình sự, nguy cơ cao, bạo lực gia đình")
    DELINQUENT_YOUTH = "delinquent_youth", _("Thanh thiếu niên chậm tiến")
    SOCIAL_EVILS = "social_evils", _("Người mắc tệ nạn xã hội")
    # The old combined category, kept so that no existing case changes meaning: its rows are
    # flagged for a check (Subject.category_needs_check) and it is not offered for new people.
    PROBATION = "probation", _("Án treo / cải tạo không giam giữ / tha tù có điều kiện (diện cũ, cần xác định lại)")


LEGACY_CATEGORIES = frozenset({Category.PROBATION})


class MainPenalty(models.TextChoices):
    """Hình phạt chính (BLHS 2015 Điều 32), as far as Điều 70 distinguishes them."""

    WARNING = "warning", _("Cảnh cáo")
    FINE = "fine", _("Phạt tiền")
    NON_CUSTODIAL = "non_custodial", _("Cải tạo không giam giữ")
    SUSPENDED = "suspended", _("Phạt tù nhưng cho hưởng án treo")
    PRISON = "prison", _("Tù có thời hạn")
    LIFE = "life", _("Tù chung thân")
    DEATH_COMMUTED = "death_commuted", _("Tử hình được giảm án")


class AdditionalPenalty(models.TextChoices):
    SUPERVISION = "supervision", _("Quản chế")
    RESIDENCE_BAN = "residence_ban", _("Cấm cư trú")
    OTHER = "other", _("Hình phạt bổ sung khác")


class OffenceGravity(models.TextChoices):
    """Loại tội phạm (BLHS 2015 Điều 9) and the fault, which Điều 69 and 107 distinguish."""

    LESS_SERIOUS_CARELESS = "less_serious_careless", _("Ít nghiêm trọng, do vô ý")
    SERIOUS_CARELESS = "serious_careless", _("Nghiêm trọng, do vô ý")
    VERY_SERIOUS_CARELESS = "very_serious_careless", _("Rất nghiêm trọng, do vô ý")
    LESS_SERIOUS = "less_serious", _("Ít nghiêm trọng, do cố ý")
    SERIOUS = "serious", _("Nghiêm trọng, do cố ý")
    VERY_SERIOUS = "very_serious", _("Rất nghiêm trọng, do cố ý")
    ESPECIALLY_SERIOUS = "especially_serious", _("Đặc biệt nghiêm trọng")


class Sex(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class Classification(models.TextChoices):
    """Police classification (Thông tư 10/2024/TT-BCA), for the people that circular covers."""

    A = "A", _("A - Ổn định")
    B = "B", _("B - Chấp hành pháp luật, hoàn cảnh khó khăn")
    C = "C", _("C - Không chấp hành, có nguy cơ")
    D = "D", _("D - Đang bị tạm giữ, tạm giam, đưa vào cơ sở giáo dục bắt buộc, trường giáo dưỡng, cơ sở cai nghiện bắt buộc")


# No one listed today was born before this (the oldest living people were born in the 1900s).
EARLIEST_DATE_OF_BIRTH = dt.date(1900, 1, 1)


class Subject(ChoiceLabels, models.Model):
    """Người được giúp đỡ: a person. A person may have several cases over the years."""

    full_name = models.CharField(_("họ và tên"), max_length=200)
    date_of_birth = models.DateField(_("ngày sinh"))
    sex = models.CharField(_("giới tính"), max_length=6, choices=Sex.choices)
    national_id = models.CharField(
        _("số định danh cá nhân"),
        max_length=12,
        blank=True,
        help_text=_("12 chữ số. Để trống nếu người này chưa có số định danh."),
    )
    area = models.ForeignKey(
        "areas.ResidentialArea", on_delete=models.PROTECT, related_name="subjects", verbose_name=_("khu dân cư cư trú")
    )
    address_detail = models.CharField(_("địa chỉ chi tiết"), max_length=300, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    category = models.CharField(_("diện đối tượng"), max_length=30, choices=Category.choices)
    offence_summary = models.TextField(_("tóm tắt hành vi vi phạm"), blank=True)
    sentence_details = models.TextField(
        _("bản án / quyết định"), blank=True, help_text=_("Số, ngày, cơ quan ra bản án hoặc quyết định; mức án.")
    )
    clock_start_date = models.DateField(
        _("ngày bắt đầu tính thời hạn"),
        null=True,
        blank=True,
        help_text=_("Ngày chấp hành xong án, ngày bắt đầu thời gian thử thách hoặc ngày quyết định giáo dục tại xã."),
    )
    term_months = models.PositiveSmallIntegerField(_("thời hạn (tháng)"), null=True, blank=True)
    expungement_years = models.PositiveSmallIntegerField(
        _("thời hạn xóa án tích nhập tay (năm)"),
        null=True,
        blank=True,
        help_text=_("Để trống để hệ thống tính theo bản án (Điều 70, 107 Bộ luật Hình sự). Nếu nhập khác, nêu lý do."),
    )
    expungement_override_reason = models.CharField(_("lý do nhập tay thời hạn xóa án tích"), max_length=300, blank=True)
    # The sentence, as far as the legal clocks need it (cases/legal.py).
    main_penalty = models.CharField(_("hình phạt chính"), max_length=20, choices=MainPenalty.choices, blank=True)
    sentence_months = models.PositiveSmallIntegerField(
        _("mức án tù (tháng)"), null=True, blank=True, help_text=_("Mức phạt tù đã tuyên, tính bằng tháng.")
    )
    additional_penalty = models.CharField(_("hình phạt bổ sung"), max_length=20, choices=AdditionalPenalty.choices, blank=True)
    additional_penalty_months = models.PositiveSmallIntegerField(_("thời hạn hình phạt bổ sung (tháng)"), null=True, blank=True)
    offence_date = models.DateField(_("ngày phạm tội"), null=True, blank=True, help_text=_("Để xác định tuổi khi phạm tội (Điều 107)."))
    offence_gravity = models.CharField(_("loại tội phạm"), max_length=30, choices=OffenceGravity.choices, blank=True)
    court_term_end = models.DateField(
        _("ngày hết thời gian thử thách theo quyết định của tòa án"),
        null=True,
        blank=True,
        help_text=_("Ghi khi tòa án quyết định rút ngắn thời gian thử thách."),
    )
    # Before release (Thông tư 10/2024/TT-BCA Điều 8): a case may be opened on the prison's notice.
    prison_notice_date = models.DateField(_("ngày nhận thông báo của trại giam"), null=True, blank=True)
    expected_release_date = models.DateField(_("ngày dự kiến ra trại"), null=True, blank=True)
    address_checked_on = models.DateField(_("ngày xác minh nơi cư trú"), null=True, blank=True)
    category_needs_check = models.BooleanField(
        _("cần kiểm tra lại diện"),
        default=False,
        help_text=_("Diện cũ không còn phân biệt được theo quy định mới; cần xác định lại."),
    )
    classification = models.CharField(_("phân loại của công an"), max_length=1, choices=Classification.choices, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    # A duplicate record merged into another person (cases.merging): kept, never deleted.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_records", verbose_name=_("đã gộp vào")
    )
    # Normalised name, khu dân cư and identity number (cases.search), written by the services.
    search_text = models.CharField(_("chuỗi tìm kiếm"), max_length=300, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("người được giúp đỡ")
        verbose_name_plural = _("người được giúp đỡ")
        ordering = ["full_name"]
        constraints = [models.UniqueConstraint(fields=["national_id"], condition=~Q(national_id=""), name="subject_unique_national_id")]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        errors: dict[str, list] = {}
        today = timezone.localdate()
        if self.date_of_birth and self.date_of_birth > today:
            errors.setdefault("date_of_birth", []).append(_("Ngày sinh không được sau ngày hôm nay."))
        elif self.date_of_birth and self.date_of_birth < EARLIEST_DATE_OF_BIRTH:
            # 01/01/0001 from a slip of the keyboard would show "2025 tuổi" on the case page
            errors.setdefault("date_of_birth", []).append(
                _("Ngày sinh: không được trước ngày %(date)s.") % {"date": EARLIEST_DATE_OF_BIRTH.strftime("%d/%m/%Y")}
            )
        if self.phone:
            try:
                # stored as digits (and a leading +): the case page dials it (tel:), SMS reach it
                self.phone = normalise_phone(self.phone)
            except ValidationError as exc:
                errors.setdefault("phone", []).extend(exc.messages)
        if self.national_id and "date_of_birth" not in errors:
            try:
                validate_national_id(self.national_id, date_of_birth=self.date_of_birth, sex=self.sex)
            except ValidationError as exc:
                errors.setdefault("national_id", []).extend(exc.messages)
        if self.clock_start_date and self.date_of_birth and self.clock_start_date < self.date_of_birth:
            errors.setdefault("clock_start_date", []).append(_("Ngày bắt đầu tính thời hạn không được trước ngày sinh."))
        from cases.legal import validate_subject

        for name, messages in validate_subject(self).items():
            errors.setdefault(name, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    def age(self, on: dt.date | None = None) -> int:
        on = on or timezone.localdate()
        dob = self.date_of_birth
        return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))

    @property
    def legal_clock_end(self) -> dt.date | None:
        """When management ends by law, if the category has a legal clock and its dates are known."""
        from cases.legal import legal_clock

        return legal_clock(self).end


class CaseStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Đã lập danh sách")
    ASSIGNED = "assigned", _("Đã phân công")
    IN_REVIEW = "in_review", _("Đang giúp đỡ")
    SUPPORTED = "supported", _("Đang hỗ trợ")
    GRADUATED = "graduated", _("Tiến bộ, đưa ra khỏi diện quản lý")
    ESCALATED = "escalated", _("Chuyển công an xử lý")
    CLOSED = "closed", _("Đã kết thúc")


TERMINAL_STATES = frozenset({CaseStatus.GRADUATED, CaseStatus.CLOSED})
NON_TERMINAL_STATES = [s for s in CaseStatus.values if s not in TERMINAL_STATES]
ACTIVE_MENTORING_STATES = [CaseStatus.ASSIGNED, CaseStatus.IN_REVIEW, CaseStatus.SUPPORTED]


class CloseReason(models.TextChoices):
    MOVED = "moved", _("Chuyển nơi cư trú")
    DECEASED = "deceased", _("Đã chết")
    REIMPRISONED = "reimprisoned", _("Phạm tội mới, phải chấp hành án phạt tù")
    COMPULSORY_EDUCATION = "compulsory_education", _("Đưa vào cơ sở giáo dục bắt buộc / cai nghiện bắt buộc")
    TERM_ENDED = "term_ended", _("Hết thời hạn quản lý")
    TRANSFERRED = "transferred", _("Chuyển hồ sơ sang địa bàn khác")
    OTHER = "other", _("Lý do khác")


class GraduationBasis(models.TextChoices):
    PROGRESS = "progress", _("Tiến bộ qua các kỳ đánh giá")
    LEGAL_CLOCK = "legal_clock", _("Hết thời hạn theo quy định")


class EscalationOutcome(models.TextChoices):
    BACK_TO_MENTORING = "in_review", _("Tiếp tục giúp đỡ tại cộng đồng")
    REIMPRISONED = "reimprisoned", _("Phạm tội mới, phải chấp hành án phạt tù")
    COMPULSORY_EDUCATION = "compulsory_education", _("Đưa vào cơ sở giáo dục bắt buộc / cai nghiện bắt buộc")


class Case(ChoiceLabels, ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="cases", verbose_name=_("người được giúp đỡ"))
    area = models.ForeignKey("areas.ResidentialArea", on_delete=models.PROTECT, related_name="cases", verbose_name=_("khu dân cư"))
    # Denormalised from area for scope queries (a case's area never changes: transfer opens a new case).
    commune = models.ForeignKey("areas.Commune", on_delete=models.PROTECT, related_name="cases", verbose_name=_("xã/phường"))
    status = FSMField(_("trạng thái"), default=CaseStatus.IDENTIFIED, choices=CaseStatus.choices, protected=True)
    opened_at = models.DateTimeField(_("lập hồ sơ lúc"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("người lập")
    )
    mentor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mentored_cases",
        verbose_name=_("tài khoản người giúp đỡ"),
        help_text=_("Tài khoản đăng nhập của người giúp đỡ hiện tại, nếu có."),
    )
    assigned_at = models.DateTimeField(_("phân công lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    close_reason = models.CharField(_("lý do kết thúc"), max_length=30, choices=CloseReason.choices, blank=True)
    graduation_basis = models.CharField(_("căn cứ đưa ra khỏi diện"), max_length=20, choices=GraduationBasis.choices, blank=True)
    # Bumped by every change the case services make (with its CaseEvent): a form carries the
    # revision it was loaded against, and a submit from a stale form is refused.
    revision = models.PositiveIntegerField(_("phiên bản"), default=0)
    # The legal rule that ended the case (a key of cases.legal.RULES), kept as it was then.
    graduation_rule = models.CharField(_("quy định áp dụng khi kết thúc"), max_length=40, blank=True)
    transferred_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="transferred_to", verbose_name=_("chuyển đến từ hồ sơ")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hồ sơ giúp đỡ")
        verbose_name_plural = _("hồ sơ giúp đỡ")
        ordering = ["-opened_at", "-pk"]
        permissions = [("mentor_case", _("Là người giúp đỡ được phân công hồ sơ"))]
        indexes = [
            models.Index(fields=["commune", "status"], name="case_commune_status"),
            models.Index(fields=["area", "status"], name="case_area_status"),
            # the case list of a commune or a khu dân cư, newest first (filtered_cases): its
            # page read in order from the index instead of every case of the place sorted
            models.Index(fields=["commune", "-opened_at", "-id"], name="case_commune_opened"),
            models.Index(fields=["area", "-opened_at", "-id"], name="case_area_opened"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL_STATES

    # --- the state machine (domain.md) -------------------------------------------------

    @transition(status, source=CaseStatus.IDENTIFIED, target=CaseStatus.ASSIGNED)
    def assign(self, *, mentor_user=None) -> None:
        self.mentor_user = mentor_user
        self.assigned_at = timezone.now()

    @transition(status, source=ACTIVE_MENTORING_STATES + [CaseStatus.ESCALATED], target=None)
    def reassign(self, *, mentor_user=None) -> None:
        """Changing the mentor keeps the state."""
        self.mentor_user = mentor_user
        self.assigned_at = timezone.now()

    @transition(status, source=CaseStatus.ASSIGNED, target=CaseStatus.IN_REVIEW)
    def start_mentoring(self) -> None:
        pass

    @transition(status, source=CaseStatus.IN_REVIEW, target=CaseStatus.SUPPORTED)
    def open_support(self) -> None:
        pass

    @transition(status, source=CaseStatus.SUPPORTED, target=CaseStatus.IN_REVIEW)
    def close_support(self) -> None:
        pass

    @transition(
        status,
        source=[CaseStatus.IN_REVIEW, CaseStatus.SUPPORTED],
        target=CaseStatus.GRADUATED,
        conditions=[lambda case: case.graduation_basis_available() is not None],
    )
    def graduate(self) -> None:
        from cases.legal import graduation_rule_key

        self.graduation_basis = self.graduation_basis_available() or ""
        self.graduation_rule = graduation_rule_key(self, self.graduation_basis)
        self.closed_at = timezone.now()

    @transition(status, source=ACTIVE_MENTORING_STATES, target=CaseStatus.ESCALATED)
    def escalate(self) -> None:
        pass

    @transition(
        status,
        source=CaseStatus.ESCALATED,
        target=RETURN_VALUE(CaseStatus.IN_REVIEW, CaseStatus.CLOSED),
    )
    def resolve_escalation(self, *, outcome: str) -> str:
        if outcome == EscalationOutcome.BACK_TO_MENTORING:
            return CaseStatus.IN_REVIEW
        self.close_reason = outcome
        self.closed_at = timezone.now()
        return CaseStatus.CLOSED

    @transition(status, source=NON_TERMINAL_STATES, target=CaseStatus.CLOSED)
    def close(self, *, reason_code: str) -> None:
        self.close_reason = reason_code
        self.closed_at = timezone.now()

    @transition(status, source=NON_TERMINAL_STATES, target=CaseStatus.CLOSED)
    def transfer(self) -> None:
        self.close_reason = CloseReason.TRANSFERRED
        self.closed_at = timezone.now()

    # --- conditions -----------------------------------------------------------------------

    def graduation_basis_available(self, on: dt.date | None = None) -> str | None:
        """Two ends kept apart (domain.md): where the law holds the person (a legal clock), only
        the clock's end takes them off management; elsewhere the progress rule does."""
        from cases.legal import graduation_basis

        return graduation_basis(self, on=on)


class CaseUserObjectPermission(UserObjectPermissionBase):
    """Per-case grants (the assigned mentor, ad-hoc sharing) on a direct-FK table."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseEvent(models.Model):
    """One state change (or other notable act) on a case. Append-only: never edited."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events", verbose_name=_("hồ sơ"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("người thực hiện")
    )
    transition = models.CharField(_("thao tác"), max_length=40)
    from_state = models.CharField(_("từ trạng thái"), max_length=20, blank=True)
    to_state = models.CharField(_("sang trạng thái"), max_length=20, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    data = models.JSONField(_("chi tiết"), default=dict, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sự kiện hồ sơ")
        verbose_name_plural = _("sự kiện hồ sơ")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["case", "created_at"], name="caseevent_case_time"),
            # the escalations of a period (reports.indicators._case_facts_sql): a few per
            # thousand events, found without reading the period's other events
            models.Index(fields=["created_at"], condition=models.Q(to_state=CaseStatus.ESCALATED), name="caseevent_escalated_at"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.transition} {self.from_state}→{self.to_state}"

    @property
    def transition_label(self) -> str:
        from cases.policy import TRANSITION_LABELS

        return str(TRANSITION_LABELS.get(self.transition, self.transition))

    @property
    def from_label(self) -> str:
        return str(CaseStatus(self.from_state).label) if self.from_state in CaseStatus.values else self.from_state

    @property
    def to_label(self) -> str:
        return str(CaseStatus(self.to_state).label) if self.to_state in CaseStatus.values else self.to_state


class ReviewRating(models.TextChoices):
    PROGRESSING = "progressing", _("Tiến bộ")
    NOT_PROGRESSING = "not_progressing", _("Chưa tiến bộ")
    VIOLATION = "violation", _("Có vi phạm")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Chờ duyệt")
    RETURNED = "returned", _("Trả lại để sửa")
    APPROVED = "approved", _("Đã duyệt")
    CANCELLED = "cancelled", _("Đã hủy do hồ sơ kết thúc")


class ReviewRecommendation(models.TextChoices):
    CONTINUE = "continue", _("Tiếp tục giúp đỡ")
    GRADUATE = "graduate", _("Đề nghị đưa ra khỏi diện quản lý")
    REFER_SUPPORT = "refer_support", _("Đề nghị hỗ trợ (việc làm, học nghề, vay vốn…)")
    ESCALATE = "escalate", _("Chuyển công an xử lý")


class ReviewDecision(models.TextChoices):
    APPROVE = "approve", _("Duyệt theo đề xuất")
    OTHERWISE = "otherwise", _("Quyết định khác (nêu lý do)")
    RETURN = "return", _("Trả lại để sửa")


def quarter_label(code: str) -> str:
    """ "2026Q4" → "4/2026", as Vietnamese reports write it ("quý 4/2026")."""
    if len(code) == 6 and code[4] == "Q":
        return f"{code[5]}/{code[:4]}"
    return code


def _review_user(label):
    """Who drafted or decided a review: empty on every review a quarter opening inserts, so
    not indexed here but where set only (QuarterlyReview.Meta.indexes)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False, verbose_name=label
    )


class QuarterlyReview(ChoiceLabels, models.Model):
    """One review per case per quarter: the mentor's assessment and the committee head's
    decision. The workflow (workflows.review_flow) moves it along; the progress rule reads
    approved ones."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="quarterly_reviews", verbose_name=_("hồ sơ"))
    quarter = models.CharField(_("quý"), max_length=6, help_text=_("Dạng 2026Q4."))
    rating = models.CharField(_("đánh giá"), max_length=20, choices=ReviewRating.choices, blank=True)
    status = models.CharField(_("tình trạng"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    due_on = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    opened_at = models.DateTimeField(_("mở lúc"), default=timezone.now)
    # The mentor's assessment.
    contacts_count = models.PositiveSmallIntegerField(_("số lần gặp gỡ, liên hệ trong quý"), default=0)
    work = models.TextField(_("việc làm, thu nhập"), blank=True)
    family_ties = models.TextField(_("quan hệ gia đình và cộng đồng"), blank=True)
    compliance = models.TextField(_("chấp hành nghĩa vụ, pháp luật"), blank=True)
    support_needs = models.TextField(_("nhu cầu hỗ trợ"), blank=True)
    narrative = models.TextField(_("nhận xét chung"), blank=True)
    recommendation = models.CharField(_("đề xuất"), max_length=20, choices=ReviewRecommendation.choices, blank=True)
    drafted_by = _review_user(_("người soạn"))
    drafted_at = models.DateTimeField(_("gửi duyệt lúc"), null=True, blank=True)
    # The head's decision.
    decision = models.CharField(_("quyết định"), max_length=12, choices=ReviewDecision.choices, blank=True)
    outcome = models.CharField(_("kết quả được duyệt"), max_length=20, choices=ReviewRecommendation.choices, blank=True)
    decision_comment = models.TextField(_("lý do / ý kiến"), blank=True)
    decided_by = _review_user(_("người quyết định"))
    decided_on_behalf_of = _review_user(_("quyết định thay cho"))
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    revision_count = models.PositiveSmallIntegerField(_("số lần trả lại"), default=0)
    cancelled_at = models.DateTimeField(_("hủy lúc"), null=True, blank=True)
    # the history is read by review, by case and by date, never by who drafted or decided
    history = HistoricalRecords(no_db_index=["drafted_by", "decided_by", "decided_on_behalf_of"])

    class Meta:
        verbose_name = _("đánh giá hằng quý")
        verbose_name_plural = _("đánh giá hằng quý")
        ordering = ["case", "-quarter"]
        constraints = [models.UniqueConstraint(fields=["case", "quarter"], name="review_one_per_case_quarter")]
        indexes = [
            models.Index(fields=["quarter", "status"], name="review_quarter_status"),
            # the reviews approved in a period (the reports' ratings): partial, so the drafts a
            # quarter opening inserts by the hundred thousand do not write to it
            models.Index(fields=["approved_at"], condition=models.Q(status=ReviewStatus.APPROVED), name="review_approved_at"),
            # who drafted and decided (_review_user), where set: a lookup by user still uses them
            *(
                models.Index(fields=[name], condition=models.Q(**{f"{name}__isnull": False}), name=f"review_{name}")
                for name in ("drafted_by", "decided_by", "decided_on_behalf_of")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.quarter}"

    @property
    def quarter_label(self) -> str:
        return quarter_label(self.quarter)

    @property
    def is_open(self) -> bool:
        return self.status not in (ReviewStatus.APPROVED, ReviewStatus.CANCELLED)

    def is_overdue(self, on: dt.date | None = None) -> bool:
        """Overdue: still open after its due date. Computed on read; nothing closes by itself."""
        return self.is_open and self.due_on is not None and (on or timezone.localdate()) > self.due_on


class AccessLog(ChoiceLabels, models.Model):
    """Who opened, exported or printed which case, when, from where. Append-only."""

    class Action(models.TextChoices):
        VIEW = "view", _("Xem hồ sơ")
        TIMELINE = "timeline", _("Xem diễn biến")
        EXPORT = "export", _("Xuất hồ sơ")
        PRINT = "print", _("In hồ sơ")
        LOOKUP = "lookup", _("Hiện trong kết quả tra cứu")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người xem"))
    roles = models.CharField(_("vai trò"), max_length=200, blank=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="access_logs", verbose_name=_("hồ sơ"))
    action = models.CharField(_("hành động"), max_length=12, choices=Action.choices)
    reason = models.TextField(_("lý do truy cập"), blank=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("nhật ký truy cập")
        verbose_name_plural = _("nhật ký truy cập")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} {self.case_id} {self.at:%d/%m/%Y %H:%M}"

    # Append-only: the application has no path to change or remove a row (Nghị định 13/2023).
    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("AccessLog is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("AccessLog is append-only.")


from cases.audit import AccessGrant, AccessReason, ConcernKind, Notification  # noqa: E402,F401
from cases.legal_models import (  # noqa: E402,F401
    ClassificationRecord,
    EvaluationResult,
    LegalTask,
    LegalTaskKind,
    LegalTaskStatus,
    ShorteningStatus,
    TermShortening,
    WorkingDayAdjustment,
)
