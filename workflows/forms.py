from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.forms import DATE_WIDGET
from cases.models import QuarterlyReview, ReviewDecision, ReviewRecommendation
from config.forms import SafeTextMixin


class AssessmentForm(SafeTextMixin, forms.ModelForm):
    class Meta:
        model = QuarterlyReview
        fields = ["rating", "contacts_count", "work", "family_ties", "compliance", "support_needs", "narrative", "recommendation"]
        widgets = {
            "rating": forms.RadioSelect,
            "recommendation": forms.RadioSelect,
            "contacts_count": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "work": forms.Textarea(attrs={"rows": 2}),
            "family_ties": forms.Textarea(attrs={"rows": 2}),
            "compliance": forms.Textarea(attrs={"rows": 2}),
            "support_needs": forms.Textarea(attrs={"rows": 2}),
            "narrative": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, visit_count: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # "Contacts this quarter" is counted from the recorded visits where there are any: the
        # count prefills a review not yet given a number; the mentor may still correct it, and
        # what they submit is what is stored.
        field = self.fields["contacts_count"]
        if visit_count:
            field.help_text = _("Đếm được từ %(n)s lần tiếp xúc đã ghi nhận trong quý; có thể sửa nếu chưa đủ.") % {"n": visit_count}
            if not self.is_bound and not self.instance.contacts_count:
                self.initial["contacts_count"] = visit_count
        elif visit_count == 0:
            field.help_text = _("Chưa có lần tiếp xúc nào được ghi nhận trong quý; vui lòng nhập số lần gặp gỡ, liên hệ.")
        # Required only when sending for approval: the service says which one is missing.
        self.fields["rating"].required = False
        self.fields["recommendation"].required = False
        self.fields["rating"].choices = [c for c in self.fields["rating"].choices if c[0]]
        self.fields["recommendation"].choices = [c for c in self.fields["recommendation"].choices if c[0]]

    def validate_unique(self) -> None:
        pass


class DecisionForm(SafeTextMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Quyết định"), choices=ReviewDecision.choices, widget=forms.RadioSelect)
    outcome = forms.ChoiceField(
        label=_("Kết quả (khi quyết định khác với đề xuất)"),
        required=False,
        choices=[("", "—")] + list(ReviewRecommendation.choices),
    )
    comment = forms.CharField(
        label=_("Lý do / ý kiến"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc khi quyết định khác với đề xuất hoặc trả lại để sửa."),
    )


class DelegationForm(SafeTextMixin, forms.Form):
    deputy = forms.ModelChoiceField(label=_("Người được ủy quyền"), queryset=User.objects.none())
    starts_on = forms.DateField(label=_("Từ ngày"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Đến ngày"), widget=DATE_WIDGET)
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=300)

    def __init__(self, *args, deputies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if deputies is not None:
            self.fields["deputy"].queryset = deputies
