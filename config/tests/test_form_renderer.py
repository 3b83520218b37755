"""config.form_renderer: a plain select written in Python is the markup Django's templates write."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from config.form_renderer import FormRenderer, plain_select


class Picks(forms.Form):
    single = forms.ChoiceField(choices=[("", "Tất cả"), ("a", "An & <b>Bình</b>"), ("b", 'Nói "có"')], required=False)
    grouped = forms.ChoiceField(
        choices=[("", "---"), ("Miền Bắc", [("hn", "Hà Nội"), ("bn", "Bắc Ninh")]), ("Miền Nam", [("hcm", "TP. Hồ Chí Minh")])]
    )
    many = forms.MultipleChoiceField(choices=[(1, "Một"), (2, "Hai"), (3, "Ba")], required=False)
    attrs = forms.ChoiceField(
        choices=[("x", "X")],
        widget=forms.Select(attrs={"class": "wide", "data-label": 'a"b<c', "disabled": True, "hidden": False, "data-n": 3}),
    )
    year = forms.TypedChoiceField(choices=[(2025, "2025"), (2026, "2026")], coerce=int)
    note = forms.CharField()


@pytest.mark.parametrize(
    "data",
    [None, {"single": "a", "grouped": "bn", "many": ["1", "3"], "attrs": "x", "year": "2026", "note": "<x>"}, {"single": "zz"}],
)
@pytest.mark.parametrize("name", ["single", "grouped", "many", "attrs", "year", "note"])
def test_every_widget_renders_as_djangos_templates_render_it(name, data):
    ours = Picks(data, renderer=FormRenderer())[name]
    django = Picks(data, renderer=DjangoTemplates())[name]
    assert str(ours) == str(django)
    if name != "note":
        assert str(ours).startswith("<select")


def test_a_select_with_another_option_template_goes_to_the_templates():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = Custom(choices=[("a", "A")])
    context = widget.get_context("pick", "a", {})
    assert not plain_select(widget.template_name, context)
    assert plain_select(forms.Select.template_name, forms.Select(choices=[("a", "A")]).get_context("pick", "a", {}))
    assert FormRenderer().render(widget.template_name, context) == DjangoTemplates().render(widget.template_name, context)


def test_the_project_renders_its_forms_with_it():
    from django.forms.renderers import get_default_renderer

    get_default_renderer.cache_clear()
    try:
        assert isinstance(get_default_renderer(), FormRenderer)
    finally:
        get_default_renderer.cache_clear()
