from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.forms import RevisionMixin
from config.forms import SafeTextMixin, in_vietnamese_order
from mentors.models import Branch, Mentor, VisitMode


class MentorSelect(forms.Select):
    """Each mentor option says which branch the mentor belongs to (data-branch, empty for a
    respected person without a branch), so the page narrows the list to the chosen branch
    (static/js/assign_branch.js); the form checks the same rule on submit."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-branch"] = str(instance.branch_id or "")
        return option


class AssignForm(RevisionMixin, forms.Form):
    branch = forms.ModelChoiceField(label=_("Chi hội / chi đoàn"), queryset=Branch.objects.none(), empty_label=_("— Chọn —"))
    mentor = forms.ModelChoiceField(
        label=_("Người giúp đỡ"),
        queryset=Mentor.objects.none(),
        empty_label=_("— Chọn —"),
        widget=MentorSelect,
        help_text=_("Chỉ hiện người giúp đỡ thuộc chi hội / chi đoàn đã chọn và người có uy tín."),
    )
    reason = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, branches, mentors, branch=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches
        self.fields["branch"].widget.attrs["data-narrows"] = "id_mentor"
        if branch is not None:
            # the branch already known (the current assignment's, or chosen before): only its
            # members and respected persons without a branch are offered
            mentors = mentors.filter(Q(branch=branch) | Q(branch__isnull=True))
        self.fields["mentor"].queryset = mentors
        self.fields["mentor"].label_from_instance = self._mentor_label
        in_vietnamese_order(self.fields["branch"], self.fields["mentor"])

    def clean(self):
        data = super().clean()
        branch, mentor = data.get("branch"), data.get("mentor")
        if branch is not None and mentor is not None and mentor.branch_id is not None and mentor.branch_id != branch.pk:
            self.add_error(
                "mentor",
                gettext("Người giúp đỡ “%(name)s” thuộc “%(own)s”, không thuộc “%(branch)s” đã chọn.")
                % {"name": mentor.full_name, "own": mentor.branch.name, "branch": branch.name},
            )
        return data

    @staticmethod
    def _mentor_label(mentor: Mentor) -> str:
        load = getattr(mentor, "open_cases", None)
        branch = mentor.branch.name if mentor.branch_id else mentor.get_kind_display()
        if load is None:
            return f"{mentor.full_name} ({branch})"
        return f"{mentor.full_name} ({branch}) · {load}/{mentor.effective_caseload_limit}"


DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"})


def _area(rows: int = 2, **attrs) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, **attrs})


class VisitForm(SafeTextMixin, forms.Form):
    """A short form for a phone: the essentials first, the observations after."""

    visit_date = forms.DateField(label=_("Ngày tiếp xúc"), widget=DATE_WIDGET)
    visit_time = forms.TimeField(
        label=_("Giờ"),
        required=False,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
        help_text=_("Để trống nếu không nhớ giờ."),
    )
    mode = forms.ChoiceField(label=_("Hình thức"), choices=VisitMode.choices, widget=forms.RadioSelect, initial=VisitMode.HOME)
    place = forms.CharField(label=_("Địa điểm"), max_length=200, required=False)
    duration_minutes = forms.IntegerField(
        label=_("Thời lượng (phút)"),
        required=False,
        min_value=1,
        max_value=1440,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    present = forms.CharField(label=_("Những người có mặt"), max_length=300, required=False)
    work_study = forms.CharField(label=_("Việc làm, học tập"), required=False, widget=_area())
    family_community = forms.CharField(label=_("Quan hệ gia đình, cộng đồng"), required=False, widget=_area())
    health = forms.CharField(label=_("Sức khỏe"), required=False, widget=_area())
    substance_use = forms.CharField(label=_("Dấu hiệu sử dụng ma túy, rượu bia"), required=False, widget=_area())
    compliance = forms.CharField(label=_("Chấp hành nghĩa vụ"), required=False, widget=_area())
    support_needs = forms.CharField(label=_("Nhu cầu hỗ trợ phát hiện được"), required=False, widget=_area())
    notes = forms.CharField(label=_("Ghi chú"), required=False, widget=_area(3))
    next_contact_on = forms.DateField(label=_("Dự kiến tiếp xúc lần sau"), required=False, widget=DATE_WIDGET)
    sensitive_note = forms.CharField(
        label=_("Ghi chú hạn chế"),
        required=False,
        widget=_area(),
        help_text=_("Chỉ Trưởng Ban Công tác Mặt trận, cán bộ MTTQ xã và Công an xã được xem. Người giúp đỡ khác không xem được."),
    )

    # Made when the form is shown; a doubled or replayed submit carries the same key and
    # creates one visit (mentors.services.log_visit).
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    ESSENTIAL = ("visit_date", "visit_time", "mode", "notes", "next_contact_on")
    OBSERVATIONS = ("work_study", "family_community", "health", "substance_use", "compliance", "support_needs")
    DETAILS = ("place", "duration_minutes", "present")

    def group(self, names):
        return [self[name] for name in names if name in self.fields]

    def essential_fields(self):
        return self.group(self.ESSENTIAL)

    def observation_fields(self):
        return self.group(self.OBSERVATIONS)

    def detail_fields(self):
        return self.group(self.DETAILS)

    def other_fields(self):
        grouped = set(self.ESSENTIAL) | set(self.OBSERVATIONS) | set(self.DETAILS) | {"sensitive_note"}
        return [self[name] for name in self.fields if name not in grouped]

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        day, time = data.pop("visit_date"), data.pop("visit_time", None)
        data.pop("reason", None)
        if time is None:
            time = dt.time(12, 0) if day != timezone.localdate() else timezone.localtime().time().replace(second=0, microsecond=0)
        data["visited_at"] = timezone.make_aware(dt.datetime.combine(day, time))
        return data


class VisitCorrectionForm(VisitForm):
    reason = forms.CharField(label=_("Lý do sửa"), widget=_area())
    idempotency_key = None  # a correction changes one known visit


class DeactivateMentorForm(SafeTextMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do ngừng hoạt động"), widget=_area(), help_text=_("Ví dụ: chuyển nơi ở, rời chi hội, xin thôi."))


class HandoverForm(SafeTextMixin, forms.Form):
    reason = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, rows, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.fields["all_to"] = forms.ModelChoiceField(
            label=_("Giao tất cả cho"),
            queryset=mentors,
            required=False,
            empty_label=_("— Chọn —"),
            help_text=_("Hoặc chọn riêng cho từng hồ sơ bên dưới."),
        )
        self.fields["all_to"].label_from_instance = AssignForm._mentor_label
        for a in rows:
            f = forms.ModelChoiceField(
                label=f"#{a.case.pk} {a.case.subject.full_name}",
                queryset=mentors,
                required=False,
                empty_label=_("— Như trên —"),
            )
            f.label_from_instance = AssignForm._mentor_label
            self.fields[f"case_{a.case.pk}"] = f
            a.field_name = f"case_{a.case.pk}"

    def bound_row_fields(self):
        return [(a, self[a.field_name]) for a in self.rows]

    def clean(self):
        from mentors.services import Reassignment

        data = super().clean()
        self.items = []
        missing = []
        for a in self.rows:
            mentor = data.get(a.field_name) or data.get("all_to")
            if mentor is None:
                missing.append(f"#{a.case.pk}")
            else:
                self.items.append(Reassignment(case=a.case, mentor=mentor))
        if missing:
            raise forms.ValidationError(gettext("Chưa chọn người giúp đỡ mới cho hồ sơ %(cases)s.") % {"cases": ", ".join(missing)})
        return data
