"""What the API answers and accepts. Output serializers render plain dicts built by
api.presenters from the policy's projection (cases.policy.CaseView): a field the reader does
not see is absent from the dict, and so from the answer (declared `required=False`, so the
OpenAPI description says it may be absent). They never test a role.

Input serializers check types only; the services check the rest and answer with the same
Vietnamese message as the screens."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class Presented(serializers.Serializer):
    """Renders a dict built by a presenter: only the keys it has (withheld fields are absent)."""

    def to_representation(self, instance):
        out = {}
        for name, field in self.fields.items():
            if name not in instance:
                continue
            value = instance[name]
            out[name] = None if value is None else field.to_representation(value)
        return out


def ro(field_class, **kwargs):
    """An always-present output field (required in the description)."""
    return field_class(read_only=True, **kwargs)


def maybe(field_class, **kwargs):
    """An output field present only when the reader sees it (not required in the description)."""
    return field_class(required=False, **kwargs)


# --- places ----------------------------------------------------------------------------------


class PlaceRefSerializer(Presented):
    id = ro(serializers.IntegerField)
    code = ro(serializers.CharField)
    name = ro(serializers.CharField)


class ProvinceSerializer(Presented):
    id = ro(serializers.IntegerField)
    code = ro(serializers.CharField)
    name = ro(serializers.CharField)


class CommuneSerializer(Presented):
    id = ro(serializers.IntegerField)
    code = ro(serializers.CharField)
    name = ro(serializers.CharField, help_text=_("Tên kèm loại (Xã/Phường …)."))
    kind = ro(serializers.CharField)
    province_id = ro(serializers.IntegerField)


class AreaSerializer(Presented):
    id = ro(serializers.IntegerField)
    code = ro(serializers.CharField)
    name = ro(serializers.CharField, help_text=_("Tên kèm loại (Thôn/Tổ dân phố …)."))
    kind = ro(serializers.CharField)
    commune_id = ro(serializers.IntegerField)


# --- cases -----------------------------------------------------------------------------------


class CaseRowSerializer(Presented):
    id = ro(serializers.IntegerField)
    full_name = ro(serializers.CharField)
    category = ro(serializers.CharField)
    category_label = ro(serializers.CharField)
    status = ro(serializers.CharField)
    status_label = ro(serializers.CharField)
    area = PlaceRefSerializer(read_only=True)
    commune = PlaceRefSerializer(read_only=True)
    opened_at = ro(serializers.DateTimeField)
    mentor_name = ro(serializers.CharField, allow_null=True)
    revision = ro(serializers.IntegerField)


class PersonSerializer(Presented):
    full_name = ro(serializers.CharField)
    date_of_birth = ro(serializers.DateField)
    age = ro(serializers.IntegerField)
    sex = ro(serializers.CharField)
    sex_label = ro(serializers.CharField)
    national_id = ro(serializers.CharField, help_text=_("Che bớt khi người đọc không được xem đầy đủ."))
    address_detail = ro(serializers.CharField)
    phone = ro(serializers.CharField)
    category = ro(serializers.CharField)
    category_label = ro(serializers.CharField)
    classification = maybe(serializers.CharField, allow_blank=True, help_text=_("Chỉ có khi người đọc được xem phân loại."))
    classification_label = maybe(serializers.CharField, allow_blank=True)
    offence_summary = maybe(serializers.CharField, allow_blank=True, help_text=_("Chỉ có khi người đọc được xem hành vi vi phạm."))
    sentence_details = maybe(serializers.CharField, allow_blank=True, help_text=_("Chỉ có khi người đọc được xem hành vi vi phạm."))
    legal_clock_end = maybe(serializers.DateField, allow_null=True, help_text=_("Chỉ có khi người đọc được xem thời hạn quản lý."))


class AssignmentSerializer(Presented):
    mentor_name = ro(serializers.CharField)
    branch_name = ro(serializers.CharField, allow_null=True)
    started_at = ro(serializers.DateTimeField)


class TransitionSerializer(Presented):
    name = ro(serializers.CharField)
    label = ro(serializers.CharField)


class CaseDetailSerializer(Presented):
    id = ro(serializers.IntegerField)
    status = ro(serializers.CharField)
    status_label = ro(serializers.CharField)
    revision = ro(
        serializers.IntegerField, help_text=_("Gửi lại giá trị này (hoặc ETag trong If-Match) khi thay đổi hồ sơ; nếu hồ sơ đã đổi: 412.")
    )
    opened_at = ro(serializers.DateTimeField)
    assigned_at = ro(serializers.DateTimeField, allow_null=True)
    closed_at = ro(serializers.DateTimeField, allow_null=True)
    close_reason = ro(serializers.CharField, allow_blank=True)
    close_reason_label = ro(serializers.CharField, allow_blank=True)
    area = PlaceRefSerializer(read_only=True)
    commune = PlaceRefSerializer(read_only=True)
    person = PersonSerializer(read_only=True)
    assignment = AssignmentSerializer(read_only=True, allow_null=True)
    previous_case_id = ro(serializers.IntegerField, allow_null=True)
    transitions = TransitionSerializer(many=True, read_only=True)
    sees = ro(serializers.ListField, child=serializers.CharField(), help_text=_("Những phần của hồ sơ người đọc được xem (policy.SEES)."))
    access_reason = maybe(serializers.CharField, help_text=_("Lý do đã nêu, khi người đọc mở hồ sơ theo lý do."))


class TimelineEntrySerializer(Presented):
    at = ro(serializers.DateTimeField)
    kind = ro(serializers.CharField)
    kind_label = ro(serializers.CharField)
    title = ro(serializers.CharField)
    body = ro(serializers.CharField, allow_blank=True)
    actor = ro(serializers.CharField, allow_blank=True)
    earlier_case = maybe(serializers.CharField, help_text=_("Có khi mục thuộc hồ sơ trước khi chuyển địa bàn."))


class AccessReasonInputSerializer(serializers.Serializer):
    reason_code = serializers.CharField(help_text=_("verification, transfer, supervision, reporting, request hoặc other."))
    reason_text = serializers.CharField(required=False, allow_blank=True, max_length=500)


class AccessGrantSerializer(Presented):
    case_id = ro(serializers.IntegerField)
    reason = ro(serializers.CharField)
    expires_at = ro(serializers.DateTimeField)


class TransitionInputSerializer(serializers.Serializer):
    revision = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=2147483647,
        help_text=_("Phiên bản hồ sơ đã đọc (trường revision, hoặc tiêu đề If-Match); hồ sơ đã đổi → 412."),
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    reason_code = serializers.CharField(required=False, allow_blank=True, help_text=_("Khi kết thúc hồ sơ (close)."))
    outcome = serializers.CharField(required=False, allow_blank=True, help_text=_("Khi xử lý xong vụ việc (resolve_escalation)."))
    to_area = serializers.CharField(required=False, allow_blank=True, help_text=_("Mã khu dân cư nơi đến, khi chuyển địa bàn (transfer)."))


class AssignmentInputSerializer(serializers.Serializer):
    revision = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=2147483647,
        help_text=_("Phiên bản hồ sơ đã đọc (trường revision, hoặc tiêu đề If-Match); hồ sơ đã đổi → 412."),
    )
    mentor = serializers.IntegerField(help_text=_("Mã người giúp đỡ."))
    branch = serializers.IntegerField(required=False, allow_null=True, help_text=_("Mã chi hội / chi đoàn."))
    reason = serializers.CharField(required=False, allow_blank=True, max_length=4000)


# --- visits ----------------------------------------------------------------------------------


class VisitSerializer(Presented):
    id = ro(serializers.IntegerField)
    case_id = ro(serializers.IntegerField)
    visited_at = ro(serializers.DateTimeField)
    mode = ro(serializers.CharField)
    mode_label = ro(serializers.CharField)
    place = ro(serializers.CharField, allow_blank=True)
    duration_minutes = ro(serializers.IntegerField, allow_null=True)
    present = ro(serializers.CharField, allow_blank=True)
    work_study = ro(serializers.CharField, allow_blank=True)
    family_community = ro(serializers.CharField, allow_blank=True)
    health = ro(serializers.CharField, allow_blank=True)
    substance_use = ro(serializers.CharField, allow_blank=True)
    compliance = ro(serializers.CharField, allow_blank=True)
    support_needs = ro(serializers.CharField, allow_blank=True)
    notes = ro(serializers.CharField, allow_blank=True)
    next_contact_on = ro(serializers.DateField, allow_null=True)
    sensitive_note = maybe(
        serializers.CharField, allow_blank=True, help_text=_("Ghi chú hạn chế: chỉ có với người ghi và người được xem ghi chú hạn chế.")
    )
    mentor_name = ro(serializers.CharField)
    recorded_by_me = ro(serializers.BooleanField)
    created_at = ro(serializers.DateTimeField)
    corrected_at = ro(serializers.DateTimeField, allow_null=True)


class VisitInputSerializer(serializers.Serializer):
    revision = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=2147483647,
        help_text=_("Phiên bản hồ sơ đã đọc (trường revision, hoặc tiêu đề If-Match); hồ sơ đã đổi → 412."),
    )
    visited_at = serializers.DateTimeField(help_text=_("Thời điểm tiếp xúc (ISO 8601)."))
    mode = serializers.CharField(required=False, allow_blank=True, help_text=_("home, phone, commune, group hoặc other."))
    place = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    duration_minutes = serializers.IntegerField(required=False, allow_null=True)
    present = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    work_study = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    family_community = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    health = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    substance_use = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    compliance = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    support_needs = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    next_contact_on = serializers.DateField(required=False, allow_null=True)
    sensitive_note = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    idempotency_key = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=64,
        help_text=_("Khóa chống gửi trùng (hoặc tiêu đề Idempotency-Key): gửi lại cùng khóa trả về lần tiếp xúc đã ghi."),
    )


# --- quarterly reviews -----------------------------------------------------------------------


class OpenTaskSerializer(Presented):
    step = ro(serializers.CharField, help_text=_("draft (soạn) hoặc decide (duyệt)."))
    owner_name = ro(serializers.CharField, allow_null=True)
    mine = ro(serializers.BooleanField, help_text=_("Người gọi được thực hiện việc này (chủ việc hoặc người được ủy quyền)."))


class ReviewSerializer(Presented):
    id = ro(serializers.IntegerField)
    case_id = ro(serializers.IntegerField)
    quarter = ro(serializers.CharField)
    quarter_label = ro(serializers.CharField)
    status = ro(serializers.CharField)
    status_label = ro(serializers.CharField)
    due_on = ro(serializers.DateField, allow_null=True)
    overdue = ro(serializers.BooleanField)
    rating = ro(serializers.CharField, allow_blank=True)
    decision = ro(serializers.CharField, allow_blank=True)
    outcome = ro(serializers.CharField, allow_blank=True)
    decided_at = ro(serializers.DateTimeField, allow_null=True)
    decided_by_name = ro(serializers.CharField, allow_null=True)
    decided_on_behalf_of_name = ro(serializers.CharField, allow_null=True)
    open_task = OpenTaskSerializer(read_only=True, allow_null=True)
    # the assessment: for whoever has the review's open task (as the task pages show it)
    contacts_count = maybe(serializers.IntegerField)
    work = maybe(serializers.CharField, allow_blank=True)
    family_ties = maybe(serializers.CharField, allow_blank=True)
    compliance = maybe(serializers.CharField, allow_blank=True)
    support_needs = maybe(serializers.CharField, allow_blank=True)
    narrative = maybe(serializers.CharField, allow_blank=True)
    recommendation = maybe(serializers.CharField, allow_blank=True)
    decision_comment = maybe(serializers.CharField, allow_blank=True)


class ReviewDraftInputSerializer(serializers.Serializer):
    rating = serializers.CharField(required=False, allow_blank=True)
    contacts_count = serializers.IntegerField(required=False, min_value=0, max_value=32767)
    work = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    family_ties = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    compliance = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    support_needs = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    narrative = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    recommendation = serializers.CharField(required=False, allow_blank=True)
    submit = serializers.BooleanField(default=False, help_text=_("true: gửi duyệt; false: lưu nháp."))


class ReviewDecisionInputSerializer(serializers.Serializer):
    decision = serializers.CharField(help_text=_("approve, otherwise hoặc return."))
    outcome = serializers.CharField(required=False, allow_blank=True)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000)


# --- referrals -------------------------------------------------------------------------------


class ReferralPersonSerializer(Presented):
    full_name = ro(serializers.CharField)
    age = ro(serializers.IntegerField)
    sex_label = ro(serializers.CharField)
    phone = ro(serializers.CharField, allow_blank=True)
    commune = ro(serializers.CharField)


class OutcomeSerializer(Presented):
    result = ro(serializers.CharField)
    result_label = ro(serializers.CharField)
    partner_name = ro(serializers.CharField, allow_null=True)
    position = ro(serializers.CharField, allow_blank=True)
    start_date = ro(serializers.DateField, allow_null=True)
    monthly_wage = ro(serializers.IntegerField, allow_null=True)
    course = ro(serializers.CharField, allow_blank=True)
    course_end = ro(serializers.DateField, allow_null=True)
    amount_approved = ro(serializers.IntegerField, allow_null=True)
    disbursement_date = ro(serializers.DateField, allow_null=True)
    term_months = ro(serializers.IntegerField, allow_null=True)
    confirmation_date = ro(serializers.DateField, allow_null=True)
    notes = ro(serializers.CharField, allow_blank=True)
    recorded_at = ro(serializers.DateTimeField)


class FollowUpSerializer(Presented):
    due_date = ro(serializers.DateField)
    done_at = ro(serializers.DateTimeField, allow_null=True)
    still_active = ro(serializers.BooleanField, allow_null=True)
    notes = ro(serializers.CharField, allow_blank=True)


class ReferralSerializer(Presented):
    id = ro(serializers.IntegerField)
    case_id = ro(serializers.IntegerField)
    type = ro(serializers.CharField)
    type_label = ro(serializers.CharField)
    status = ro(serializers.CharField)
    status_label = ro(serializers.CharField)
    needs = ro(serializers.CharField, allow_blank=True)
    skills = ro(serializers.CharField, allow_blank=True)
    loan_purpose = ro(serializers.CharField, allow_blank=True)
    loan_amount_requested = ro(serializers.IntegerField, allow_null=True, help_text=_("Đồng."))
    loan_training_months = ro(serializers.IntegerField, allow_null=True)
    referred_by_name = ro(serializers.CharField)
    officer_name = ro(serializers.CharField, allow_null=True)
    created_at = ro(serializers.DateTimeField)
    sent_at = ro(serializers.DateTimeField, allow_null=True)
    decided_at = ro(serializers.DateTimeField, allow_null=True)
    outcome_at = ro(serializers.DateTimeField, allow_null=True)
    ended_at = ro(serializers.DateTimeField, allow_null=True)
    decline_reason = ro(serializers.CharField, allow_blank=True)
    withdraw_reason = ro(serializers.CharField, allow_blank=True)
    close_note = ro(serializers.CharField, allow_blank=True)
    person = maybe(ReferralPersonSerializer, help_text=_("Cho cán bộ tiếp nhận đề nghị hỗ trợ: chỉ những gì cần để hỗ trợ."))
    outcome = OutcomeSerializer(read_only=True, allow_null=True)
    follow_ups = FollowUpSerializer(many=True, read_only=True)


class ReferralCreateInputSerializer(serializers.Serializer):
    revision = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=2147483647,
        help_text=_("Phiên bản hồ sơ đã đọc (trường revision, hoặc tiêu đề If-Match); hồ sơ đã đổi → 412."),
    )
    type = serializers.CharField(help_text=_("job, training hoặc loan."))
    needs = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    skills = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    loan_purpose = serializers.CharField(required=False, allow_blank=True)
    loan_amount_requested = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=10**12)
    loan_training_months = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=60)
    send = serializers.BooleanField(default=False, help_text=_("true: gửi ngay cho cán bộ tiếp nhận đề nghị hỗ trợ của xã."))
    idempotency_key = serializers.CharField(required=False, allow_blank=True, max_length=64)


class ReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class NoteInputSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class OutcomeInputSerializer(serializers.Serializer):
    result = serializers.CharField(help_text=_("achieved hoặc not_achieved."))
    partner = serializers.IntegerField(required=False, allow_null=True, help_text=_("Mã đối tác."))
    position = serializers.CharField(required=False, allow_blank=True, max_length=200)
    start_date = serializers.DateField(required=False, allow_null=True)
    monthly_wage = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=10**12)
    course = serializers.CharField(required=False, allow_blank=True, max_length=200)
    course_end = serializers.DateField(required=False, allow_null=True)
    amount_approved = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=10**12)
    disbursement_date = serializers.DateField(required=False, allow_null=True)
    term_months = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=240)
    confirmation_date = serializers.DateField(required=False, allow_null=True)
    partner_confirmed = serializers.BooleanField(default=False)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class FollowUpInputSerializer(serializers.Serializer):
    still_active = serializers.BooleanField(allow_null=True, help_text=_("Người này còn duy trì việc làm / học nghề / trả nợ?"))
    notes = serializers.CharField(required=False, allow_blank=True, max_length=4000)


# --- notifications and indicators ------------------------------------------------------------


class NotificationSerializer(Presented):
    id = ro(serializers.IntegerField)
    case_id = ro(serializers.IntegerField)
    kind = ro(serializers.CharField)
    message = ro(serializers.CharField)
    created_at = ro(serializers.DateTimeField)
    read_at = ro(serializers.DateTimeField, allow_null=True)


class PeriodSerializer(Presented):
    code = ro(serializers.CharField)
    label = ro(serializers.CharField)
    start = ro(serializers.DateField)
    end = ro(serializers.DateField)


class ReportPlaceSerializer(Presented):
    level = ro(serializers.CharField)
    code = ro(serializers.CharField)
    name = ro(serializers.CharField)


class IndicatorSerializer(Presented):
    key = ro(serializers.CharField)
    label = ro(serializers.CharField)
    section = ro(serializers.CharField)
    kind = ro(serializers.CharField)
    value = ro(serializers.FloatField, allow_null=True)
    previous = ro(serializers.FloatField, allow_null=True)
    target = ro(serializers.FloatField, allow_null=True)
    met = ro(serializers.BooleanField, allow_null=True)


class ChildFiguresSerializer(Presented):
    place = ReportPlaceSerializer(read_only=True)
    values = ro(serializers.DictField, child=serializers.FloatField(allow_null=True))


class ReportSerializer(Presented):
    place = ReportPlaceSerializer(read_only=True)
    period = PeriodSerializer(read_only=True)
    previous_period = PeriodSerializer(read_only=True)
    indicators = IndicatorSerializer(many=True, read_only=True)
    children = ChildFiguresSerializer(many=True, read_only=True)
