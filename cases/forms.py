from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from areas.models import ResidentialArea
from areas.widgets import PlaceChoiceField
from cases.models import CaseStatus, Category, CloseReason, EscalationOutcome, Subject
from config.forms import SafeTextMixin, in_vietnamese_order

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


class RevisionMixin(SafeTextMixin, forms.Form):
    """A form that changes a case carries the case's revision it was loaded against (the
    service refuses a stale one). Pass `revision=case.revision` when building the form."""

    revision = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={"required": _("Biểu mẫu đã cũ hoặc không đầy đủ. Vui lòng tải lại trang rồi thực hiện lại.")},
    )

    def __init__(self, *args, revision: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if revision is not None:
            self.fields["revision"].initial = revision

    def clean(self):
        data = super().clean()
        if self.errors.get("revision"):
            # shown at the top of the form: the field is hidden
            self.add_error(None, self.errors.pop("revision")[0])
        return data


class CaseFilterForm(SafeTextMixin, forms.Form):
    q = forms.CharField(label=_("Tìm theo tên hoặc số định danh"), required=False)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False, choices=[("", _("Tất cả"))] + list(CaseStatus.choices))
    category = forms.ChoiceField(label=_("Diện"), required=False, choices=[("", _("Tất cả"))] + list(Category.choices))
    area = forms.ModelChoiceField(label=_("Khu dân cư"), required=False, queryset=ResidentialArea.objects.none(), empty_label=_("Tất cả"))

    def __init__(self, *args, areas=None, extensions=(), user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if areas is not None:
            self.fields["area"].queryset = areas
        in_vietnamese_order(self.fields["area"])
        self.extensions = [ext for ext in extensions if ext.filter_name]
        for ext in self.extensions:
            choices = ext.filter_choices(user) if ext.filter_choices else []
            self.fields[ext.filter_name] = forms.ChoiceField(
                label=ext.filter_label, required=False, choices=[("", _("Tất cả"))] + list(choices)
            )


class SubjectForm(SafeTextMixin, forms.ModelForm):
    reason = forms.CharField(label=_("Ghi chú khi lập danh sách"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    # shown once the form has warned of people already listed with the same name and birth date
    # (cases.views.case_create): ticked, the new record is made anyway
    not_the_same = forms.BooleanField(
        label=_("Đây là người khác, vẫn lập hồ sơ mới"),
        required=False,
        help_text=_("Chỉ đánh dấu khi đã xem những người có sẵn ở đầu trang và chắc chắn đây là người khác."),
    )

    class Meta:
        model = Subject
        fields = [
            "full_name",
            "date_of_birth",
            "sex",
            "national_id",
            "area",
            "address_detail",
            "phone",
            "category",
            "classification",
            "offence_summary",
            "sentence_details",
            "clock_start_date",
            "term_months",
            # the sentence, from which cases/legal.py computes the clocks (issue 11)
            "main_penalty",
            "sentence_months",
            "additional_penalty",
            "additional_penalty_months",
            "offence_date",
            "offence_gravity",
            "expungement_years",
            "expungement_override_reason",
            "prison_notice_date",
            "expected_release_date",
            "category_needs_check",
        ]
        widgets = {
            "date_of_birth": DATE_WIDGET,
            "clock_start_date": DATE_WIDGET,
            "offence_date": DATE_WIDGET,
            "prison_notice_date": DATE_WIDGET,
            "expected_release_date": DATE_WIDGET,
            "offence_summary": forms.Textarea(attrs={"rows": 3}),
            "sentence_details": forms.Textarea(attrs={"rows": 3}),
            "national_id": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 12}),
        }

    def __init__(self, *args, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        if areas is not None:
            self.fields["area"].queryset = areas
        if "area" in self.fields:  # the edit form (SubjectEditForm) has none: a move is its own step
            in_vietnamese_order(self.fields["area"])
        # The old combined category is kept for existing rows only (cases.models.LEGACY_CATEGORIES).
        from cases.models import LEGACY_CATEGORIES

        current = self.instance.category if self.instance and self.instance.pk else None
        self.fields["category"].choices = [
            (value, label) for value, label in self.fields["category"].choices if value not in LEGACY_CATEGORIES or value == current
        ]
        if not (self.instance and self.instance.pk and self.instance.category_needs_check):
            self.fields.pop("category_needs_check", None)
        self.same_people: list = []  # (person, a case the user may open) when the view warns
        if "not_the_same" in self.fields:
            self.fields["not_the_same"].widget = forms.HiddenInput()  # a tick box once it has warned

    def warn_same_people(self, people: list) -> None:
        """Say who is listed already (cases.merging.same_person_listed) and offer the tick box
        that makes the record anyway."""
        self.same_people = people
        self.fields["not_the_same"].widget = forms.CheckboxInput()

    def validate_unique(self) -> None:
        # The service reuses an existing person with the same identity number (a new case
        # for a returning person); uniqueness of open cases is checked there.
        pass


class TransitionForm(RevisionMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    REASON_REQUIRED = {"graduate", "escalate", "resolve_escalation", "transfer"}

    def __init__(self, *args, transition: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        if transition in self.REASON_REQUIRED:
            self.fields["reason"].required = True
        if transition == "close":
            self.fields["reason_code"] = forms.ChoiceField(
                label=_("Lý do kết thúc"), choices=[c for c in CloseReason.choices if c[0] != CloseReason.TRANSFERRED]
            )
            self.fields["reason"].label = _("Ghi chú")
        if transition == "resolve_escalation":
            self.fields["outcome"] = forms.ChoiceField(label=_("Kết quả xử lý"), choices=EscalationOutcome.choices)
        if transition == "transfer":
            self.fields["to_area"] = PlaceChoiceField(
                label=_("Khu dân cư nơi đến"),
                help_text=_("Gõ tên thôn, tổ dân phố hoặc xã/phường (có thể không dấu) rồi chọn trong danh sách."),
            )
        self.order_fields([f for f in ("reason_code", "outcome", "to_area", "reason", "revision") if f in self.fields])


class TimelineFilterForm(SafeTextMixin, forms.Form):
    kind = forms.MultipleChoiceField(label=_("Loại diễn biến"), required=False, widget=forms.CheckboxSelectMultiple)
    date_from = forms.DateField(label=_("Từ ngày"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("Đến ngày"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(kinds)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("“Đến ngày” phải sau “Từ ngày”."))
        return data


class AccessReasonForm(SafeTextMixin, forms.Form):
    reason_code = forms.ChoiceField(label=_("Lý do truy cập"), widget=forms.RadioSelect)
    reason_text = forms.CharField(
        label=_("Ghi rõ (số công văn, vụ việc…)"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        from cases.audit import AccessReason

        super().__init__(*args, **kwargs)
        self.fields["reason_code"].choices = AccessReason.choices


class ConcernForm(SafeTextMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Loại dấu hiệu"))
    note = forms.CharField(label=_("Mô tả"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        from cases.audit import ConcernKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ConcernKind.choices


class CaseLookupForm(SafeTextMixin, forms.Form):
    """A case number opens that case (its page asks the reason); a name or identity number
    lists people only with the reason stated here, logged for every case listed."""

    number = forms.CharField(
        label=_("Mã hồ sơ, họ tên hoặc số định danh"),
        max_length=100,
        help_text=_("Có thể gõ không dấu; với số định danh, gõ đủ 12 số hoặc ít nhất 4 số cuối."),
    )
    reason_code = forms.ChoiceField(label=_("Lý do tra cứu (bắt buộc khi tìm theo họ tên hoặc số định danh)"), required=False)
    reason_text = forms.CharField(
        label=_("Ghi rõ (số công văn, vụ việc…)"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        from cases.audit import AccessReason

        super().__init__(*args, **kwargs)
        self.fields["reason_code"].choices = [("", _("— Chọn lý do —")), *AccessReason.choices]

    def clean_number(self) -> str:
        text = " ".join(self.cleaned_data["number"].split())
        if not text:
            raise forms.ValidationError(_("Vui lòng nhập mã hồ sơ, họ tên hoặc số định danh."))
        return text


class SubjectEditForm(RevisionMixin, SubjectForm):
    """Correcting a profile: the place is changed by a transfer, never here; a reason is required."""

    not_the_same = None  # the new-case form's confirmation of a second record: nothing to confirm here

    class Meta(SubjectForm.Meta):
        fields = [f for f in SubjectForm.Meta.fields if f != "area"]

    def __init__(self, *args, can_classify: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = _("Lý do sửa")
        self.fields["reason"].required = True
        if not can_classify:
            del self.fields["classification"]

    def _post_clean(self):
        # Validation of the whole person runs in the service (on a locked row).
        pass
