"""A searchable list of khu dân cư for forms: a text box whose suggestions (a <datalist>)
follow what the user types, fetched from areas:search. Without JavaScript the code still works."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from areas.models import ResidentialArea
from areas.selectors import area_label


class PlacePickerWidget(forms.TextInput):
    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        list_id = f"{context['widget']['attrs'].get('id') or name}-options"
        context["widget"]["attrs"].update({"list": list_id, "autocomplete": "off", "data-place-search": reverse("areas:search")})
        context["list_id"] = list_id
        return context

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        html = super().render(name, value, attrs, renderer)
        return format_html(
            '{}<datalist id="{}"></datalist><script src="{}" defer></script>',
            html,
            context["list_id"],
            static("js/place_picker.js"),
        )

    def format_value(self, value):
        if isinstance(value, ResidentialArea):
            return area_label(value)
        if value and not isinstance(value, str):
            area = ResidentialArea.objects.select_related("commune__province").filter(pk=value).first()
            return area_label(area) if area else ""
        return super().format_value(value)


class PlaceChoiceField(forms.ModelChoiceField):
    """A khu dân cư chosen from the picker ("Thôn A, Xã B, Tỉnh C (09319-01)") or typed as its code."""

    widget = PlacePickerWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", ResidentialArea.objects.select_related("commune__province"))
        kwargs.setdefault("error_messages", {"invalid_choice": _("Hãy chọn một khu dân cư trong danh sách gợi ý.")})
        super().__init__(to_field_name="code", **kwargs)

    def to_python(self, value):
        text = (value or "").strip()
        if text.endswith(")") and "(" in text:
            text = text[text.rindex("(") + 1 : -1].strip()
        try:
            return super().to_python(text)
        except ValidationError:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None
