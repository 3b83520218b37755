from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from config.forms import SafeTextMixin
from support.models import LoanPurpose, OutcomeResult, Partner, PartnerKind, ReferralType
from support.services import LOAN_TERM_MAX_MONTHS

DATE_WIDGET = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y")


class ReferralForm(SafeTextMixin, forms.Form):
    type = forms.ChoiceField(label=_("Loại hỗ trợ"), choices=ReferralType.choices)
    # Made when the form is shown: a doubled submit creates one referral (support.services).
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    needs = forms.CharField(label=_("Nhu cầu"), widget=forms.Textarea, required=False)
    skills = forms.CharField(label=_("Kỹ năng, kinh nghiệm"), widget=forms.Textarea, required=False)
    loan_purpose = forms.ChoiceField(label=_("Mục đích vay (nếu vay vốn)"), choices=[("", "—")] + LoanPurpose.choices, required=False)
    loan_amount_requested = forms.IntegerField(label=_("Số tiền đề nghị vay (đồng)"), min_value=1, required=False)
    loan_training_months = forms.IntegerField(label=_("Số tháng học nghề (nếu vay học nghề)"), min_value=1, max_value=60, required=False)


class ReasonForm(SafeTextMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}))


class OutcomeForm(SafeTextMixin, forms.Form):
    result = forms.ChoiceField(label=_("Kết quả"), choices=OutcomeResult.choices)
    partner = forms.ModelChoiceField(
        label=_("Nơi làm việc / cơ sở đào tạo / điểm giao dịch"), queryset=Partner.objects.none(), required=False
    )
    position = forms.CharField(label=_("Vị trí công việc"), required=False)
    start_date = forms.DateField(label=_("Ngày bắt đầu (làm việc / học)"), required=False, widget=DATE_WIDGET)
    monthly_wage = forms.IntegerField(label=_("Lương tháng (đồng)"), min_value=0, required=False)
    course = forms.CharField(label=_("Khóa học"), required=False)
    course_end = forms.DateField(label=_("Ngày kết thúc khóa học"), required=False, widget=DATE_WIDGET)
    amount_approved = forms.IntegerField(label=_("Số tiền được duyệt (đồng)"), min_value=1, required=False)
    disbursement_date = forms.DateField(label=_("Ngày giải ngân"), required=False, widget=DATE_WIDGET)
    term_months = forms.IntegerField(label=_("Thời hạn vay (tháng)"), min_value=1, max_value=LOAN_TERM_MAX_MONTHS, required=False)
    confirmation_date = forms.DateField(label=_("Ngày xác nhận danh sách (Mẫu số 01)"), required=False, widget=DATE_WIDGET)
    partner_confirmed = forms.BooleanField(label=_("Đối tác đã xác nhận (qua điện thoại, giấy tờ)"), required=False)
    notes = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    TYPE_FIELDS = {
        ReferralType.JOB: {"partner", "position", "start_date", "monthly_wage", "partner_confirmed"},
        ReferralType.TRAINING: {"partner", "course", "start_date", "course_end", "partner_confirmed"},
        ReferralType.LOAN: {"partner", "amount_approved", "disbursement_date", "term_months", "confirmation_date"},
    }

    def __init__(self, *args, referral, **kwargs):
        super().__init__(*args, **kwargs)
        keep = self.TYPE_FIELDS.get(referral.type, set()) | {"result", "notes"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "partner" in self.fields:
            kinds = {
                ReferralType.JOB: PartnerKind.EMPLOYER,
                ReferralType.TRAINING: PartnerKind.TRAINING_PROVIDER,
                ReferralType.LOAN: PartnerKind.BANK_POINT,
            }[referral.type]
            self.fields["partner"].queryset = Partner.objects.filter(is_active=True, kind__in=[kinds, PartnerKind.OTHER]).order_by("name")


class FollowUpForm(SafeTextMixin, forms.Form):
    still_active = forms.TypedChoiceField(
        label=_("Người này còn duy trì (còn làm việc / còn đi học / trả nợ đúng hạn)?"),
        choices=[("1", _("Có")), ("0", _("Không"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class PartnerForm(SafeTextMixin, forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["name", "kind", "contact_person", "phone", "email", "address"]


class CloseNoteForm(ReasonForm):
    """Closing a referral: the note is optional."""

    reason = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "close-%s")  # the decline form on the same page uses id_reason
        super().__init__(*args, **kwargs)
