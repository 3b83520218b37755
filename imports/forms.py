from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from imports.models import ImportKind, ImportMode


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại danh sách"), choices=ImportKind.choices)
    commune = forms.ModelChoiceField(label=_("Xã/phường"), queryset=None, empty_label=None)
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"), help_text=_("Dùng tệp mẫu tải về ở trên; tối đa 20 MB."))

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes
        if communes.count() == 1:
            self.fields["commune"].widget = forms.HiddenInput()
            self.fields["commune"].initial = communes.first()


class ConfirmForm(forms.Form):
    mode = forms.ChoiceField(label=_("Cách nhập"), choices=ImportMode.choices, initial=ImportMode.ALL_OR_NOTHING, widget=forms.RadioSelect)
