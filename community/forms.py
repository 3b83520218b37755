"""Forms of the registries: short, phone-first; the services check the rest."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from community.models import Cadre, CommunityModel, ModelKind, Occasion, RecipientKind, TrainingSession
from config.forms import SafeTextMixin

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"})
INPUT_DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _date(label, **kw) -> forms.DateField:
    return forms.DateField(label=label, widget=DATE_WIDGET, input_formats=INPUT_DATE_FORMATS, **kw)


def _year_field() -> forms.IntegerField:
    return forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, widget=forms.NumberInput(attrs={"inputmode": "numeric"}))


def _lines(rows: int = 3, **kw) -> forms.CharField:
    return forms.CharField(widget=forms.Textarea(attrs={"rows": rows}), **kw)


class RegistryForm(SafeTextMixin, forms.Form):
    """A registry form: `service_kwargs()` are the cleaned fields the service takes."""

    def __init__(self, *args, place=None, **kwargs):
        self.place = place
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("reason",)}


class HouseholdsForm(RegistryForm):
    households = forms.IntegerField(
        label=_("Số hộ gia đình của khu dân cư"), min_value=1, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    as_of = _date(_("Số liệu tính đến ngày"))


class AreaCommitmentForm(RegistryForm):
    year = _year_field()
    signed_on = _date(_("Ngày ký"))
    text_reference = forms.CharField(label=_("Văn bản cam kết"), max_length=200, help_text=_("Số, tên hoặc nơi lưu văn bản cam kết."))


class HouseholdCommitmentForm(RegistryForm):
    household = forms.CharField(label=_("Hộ gia đình (chủ hộ)"), max_length=200)
    signed_by = forms.CharField(label=_("Người ký"), max_length=200)
    signed_on = _date(_("Ngày ký"))
    year = _year_field()
    address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    case = forms.ModelChoiceField(
        label=_("Người được giúp đỡ trong hộ (nếu có)"), queryset=None, required=False, empty_label=_("— Không —")
    )

    def __init__(self, *args, cases=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["case"].label_from_instance = lambda c: c.subject.full_name


class CadreForm(RegistryForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    position = forms.CharField(label=_("Chức danh"), max_length=200, required=False, help_text=_("Ví dụ: Chi hội trưởng Chi hội Phụ nữ."))
    area = forms.ModelChoiceField(label=_("Khu dân cư"), queryset=None, required=False, empty_label=_("— Cấp xã —"))
    user = forms.ModelChoiceField(label=_("Tài khoản (nếu có)"), queryset=None, required=False, empty_label=_("— Không —"))

    def __init__(self, *args, areas=None, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        if areas is None:
            del self.fields["area"]
        else:
            self.fields["area"].queryset = areas
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = lambda u: u.display_name


class SessionForm(RegistryForm):
    held_on = _date(_("Ngày tập huấn"))
    topic = forms.CharField(label=_("Nội dung"), max_length=300)
    organiser = forms.CharField(label=_("Đơn vị tổ chức"), max_length=200)
    hours = forms.DecimalField(
        label=_("Số giờ"),
        min_value=0.5,
        max_value=200,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"}),
    )


class AttendanceForm(RegistryForm):
    session = forms.ModelChoiceField(label=_("Buổi tập huấn"), queryset=TrainingSession.objects.none(), empty_label=_("— Chọn —"))
    cadre = forms.ModelChoiceField(label=_("Cán bộ dự"), queryset=Cadre.objects.none(), empty_label=_("— Chọn —"))

    def __init__(self, *args, sessions=None, cadres=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["cadre"].queryset = cadres
        self.fields["cadre"].label_from_instance = lambda c: f"{c.full_name} ({c.position})" if c.position else c.full_name


class CommunityModelForm(RegistryForm):
    kind = forms.ModelChoiceField(label=_("Loại mô hình"), queryset=ModelKind.objects.filter(is_active=True), empty_label=_("— Chọn —"))
    name = forms.CharField(label=_("Tên mô hình"), max_length=200)
    founded_on = _date(_("Ngày thành lập"))
    members = forms.IntegerField(label=_("Số thành viên"), min_value=0, initial=0, widget=forms.NumberInput(attrs={"inputmode": "numeric"}))


class CoreMeetingForm(RegistryForm):
    community_model = forms.ModelChoiceField(label=_("Mô hình"), queryset=CommunityModel.objects.none(), empty_label=_("— Chọn —"))
    held_on = _date(_("Ngày họp"))
    attendees = _lines(label=_("Người dự (mỗi dòng một người)"))
    notes = _lines(label=_("Nội dung"), required=False)

    def __init__(self, *args, models=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community_model"].queryset = models


class ReviewMeetingForm(RegistryForm):
    quarter = forms.ChoiceField(label=_("Quý được đánh giá"))
    held_on = _date(_("Ngày họp"))
    attendees = _lines(label=_("Thành phần dự họp (mỗi dòng một người)"))
    police_present = forms.BooleanField(label=_("Có công an dự họp"), required=False)
    police_attendee = forms.CharField(label=_("Cán bộ công an dự họp"), max_length=200, required=False)
    minutes = _lines(rows=4, label=_("Biên bản"))
    reviews = forms.ModelMultipleChoiceField(
        label=_("Đánh giá quý được xét tại cuộc họp"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, quarters=(), reviews=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = [(q, f"{_('Quý')} {q[-1]}/{q[:4]}") for q in quarters]
        self.fields["reviews"].queryset = reviews
        self.fields["reviews"].label_from_instance = lambda r: (
            f"{r.case.subject.full_name} · {r.quarter[-1]}/{r.quarter[:4]} · {r.get_status_display()}"
        )


class RecognitionForm(RegistryForm):
    occasion = forms.ChoiceField(label=_("Dịp"), choices=Occasion.choices)
    recognised_on = _date(_("Ngày biểu dương"))
    recipient_kind = forms.ChoiceField(label=_("Đối tượng biểu dương"), choices=RecipientKind.choices, widget=forms.RadioSelect)
    case = forms.ModelChoiceField(label=_("Người được giúp đỡ"), queryset=None, required=False, empty_label=_("— Chọn —"))
    mentor = forms.ModelChoiceField(label=_("Người giúp đỡ"), queryset=None, required=False, empty_label=_("— Chọn —"))
    branch = forms.ModelChoiceField(label=_("Chi hội, chi đoàn"), queryset=None, required=False, empty_label=_("— Chọn —"))
    family = forms.CharField(label=_("Gia đình (chủ hộ)"), max_length=200, required=False)
    award = forms.CharField(label=_("Hình thức"), max_length=200, help_text=_("Ví dụ: giấy khen của Ủy ban MTTQ xã."))
    citation = _lines(label=_("Thành tích"), required=False)

    def __init__(self, *args, cases=None, mentors=None, branches=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["case"].label_from_instance = lambda c: c.subject.full_name
        self.fields["mentor"].queryset = mentors
        self.fields["branch"].queryset = branches


class SafeRecognitionForm(RegistryForm):
    area = forms.ModelChoiceField(label=_("Khu dân cư"), queryset=None, empty_label=_("— Chọn —"))
    year = _year_field()
    recognised_on = _date(_("Ngày công nhận"))
    decision_reference = forms.CharField(label=_("Quyết định công nhận"), max_length=200, required=False)

    def __init__(self, *args, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


class ModelAreaForm(RegistryForm):
    area = forms.ModelChoiceField(label=_("Khu dân cư"), queryset=None, empty_label=_("— Chọn —"))
    designated_on = _date(_("Ngày chọn làm mô hình điểm"))
    decision_reference = forms.CharField(label=_("Văn bản chọn"), max_length=200, required=False)

    def __init__(self, *args, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


class EndForm(SafeTextMixin, forms.Form):
    ended_on = _date(_("Ngày kết thúc"))
    reason = _lines(rows=2, label=_("Lý do"), max_length=500)


class ReasonField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(label=_("Lý do sửa"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}), **kwargs)
