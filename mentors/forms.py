from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mentors.models import Branch, Mentor


class AssignForm(forms.Form):
    branch = forms.ModelChoiceField(label=_("Chi hội / chi đoàn"), queryset=Branch.objects.none(), empty_label=_("— Chọn —"))
    mentor = forms.ModelChoiceField(label=_("Người giúp đỡ"), queryset=Mentor.objects.none(), empty_label=_("— Chọn —"))
    reason = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, branches, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches
        self.fields["mentor"].queryset = mentors
        self.fields["mentor"].label_from_instance = self._mentor_label

    @staticmethod
    def _mentor_label(mentor: Mentor) -> str:
        load = getattr(mentor, "open_cases", None)
        branch = mentor.branch.name if mentor.branch_id else mentor.get_kind_display()
        if load is None:
            return f"{mentor.full_name} ({branch})"
        return f"{mentor.full_name} ({branch}) · {load}/{mentor.effective_caseload_limit}"
