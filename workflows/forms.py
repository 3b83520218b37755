from __future__ import annotations

import datetime as dt

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
        if self.instance.quarter:
            from workflows.services import max_contacts

            # a hint for the number pad; the service refuses more (workflows.services._check_contacts)
            field.widget.attrs["max"] = max_contacts(self.instance.quarter)
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


QUIET_TIMES = [(f"{h:02d}:{m:02d}", f"{h:02d}:{m:02d}") for h in range(24) for m in (0, 30)]


class ReminderPreferenceForm(SafeTextMixin, forms.Form):
    """The "Nhắc việc" page: channels beyond in-app (each label says which address it uses)
    and a quiet time, chosen from lists in 24-hour time (a phone's time picker may show
    AM/PM). The rules (a phone for SMS/Zalo, both ends of the quiet time…) are the service's
    (workflows.services.set_reminder_preference); their messages land on the field."""

    channels = forms.MultipleChoiceField(label=_("Nhận thêm qua"), required=False, widget=forms.CheckboxSelectMultiple)
    quiet_from = forms.ChoiceField(label=_("Giờ yên lặng từ"), required=False)
    quiet_to = forms.ChoiceField(
        label=_("Đến"),
        required=False,
        help_text=_(
            "Trong giờ yên lặng không có thư, SMS hay Zalo; tin được gửi ở lần nhắc sau đó. Chọn “Không” ở cả hai: không có giờ yên lặng."
        ),
    )

    def __init__(self, *args, user=None, offered=(), **kwargs):
        initial = dict(kwargs.pop("initial", None) or {})
        for name in ("quiet_from", "quiet_to"):
            if initial.get(name) is not None:
                initial[name] = f"{initial[name]:%H:%M}"
        super().__init__(*args, initial=initial, **kwargs)
        from workflows.services import CHANNEL_LABELS

        def label(name: str) -> str:
            if name == "email":
                where = user.email or _("chưa có địa chỉ thư")
            else:
                where = user.phone or _("chưa có số điện thoại")
            return f"{CHANNEL_LABELS[name]} ({where})"

        self.fields["channels"].choices = [(name, label(name)) for name in offered]
        self.fields["channels"].error_messages["invalid_choice"] = _("Kênh “%(value)s” không có trong danh sách.")
        for name in ("quiet_from", "quiet_to"):
            field = self.fields[name]
            field.choices = [("", _("Không"))] + QUIET_TIMES
            field.error_messages["invalid_choice"] = _("Giờ “%(value)s” không có trong danh sách: chọn giờ theo nửa giờ, ví dụ 21:00.")

    def _time(self, name: str):
        value = self.cleaned_data.get(name)
        if not value:
            return None
        hour, minute = value.split(":")
        return dt.time(int(hour), int(minute))

    def clean_quiet_from(self):
        return self._time("quiet_from")

    def clean_quiet_to(self):
        return self._time("quiet_to")
