"""The shared text limits (config/forms.py): every form of the project has them."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django import forms
from django.test import override_settings

from config.forms import SafeTextMixin, first_forbidden_character

PROJECT_APPS = ["accounts", "areas", "cases", "community", "config", "imports", "mentors", "reports", "support", "workflows", "demo"]
# Settings modules are not imported by walking the package (production refuses DEBUG).
SKIP_MODULES = ("config.settings",)


def _project_forms() -> list[type]:
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if ".tests" in info.name or ".migrations" in info.name or info.name.endswith("management.commands"):
                continue
            if info.name.startswith(SKIP_MODULES):
                continue
            importlib.import_module(info.name)
    found, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.split(".")[0] in PROJECT_APPS and ".tests" not in sub.__module__:
                found.append(sub)
    return found


def test_every_form_of_the_project_has_the_text_limits():
    found = _project_forms()
    assert len(found) >= 20
    missing = sorted(f"{cls.__module__}.{cls.__qualname__}" for cls in found if not issubclass(cls, SafeTextMixin))
    assert missing == []


class NoteForm(SafeTextMixin, forms.Form):
    title = forms.CharField(label="Tiêu đề")
    code = forms.CharField(label="Mã", max_length=12, required=False)
    notes = forms.CharField(label="Ghi chú", widget=forms.Textarea, required=False)
    reason = forms.CharField(label="Lý do", widget=forms.Textarea, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["later"] = forms.CharField(label="Thêm sau", required=False)


def test_a_nul_byte_is_refused_with_a_message_naming_the_field():
    form = NoteForm({"title": "Bình\x00thường", "notes": "ok"})
    assert not form.is_valid()
    assert list(form.errors) == ["title"]
    assert "“Tiêu đề”" in form.errors["title"][0] and "U+0000" in form.errors["title"][0]
    assert len(form.errors["title"]) == 1  # Django's own NUL message is replaced, not doubled


@pytest.mark.parametrize("char", ["\x01", "\x08", "\x0b", "\x1b", "\x7f", "\x85", "\ud800"])
def test_other_control_characters_are_refused(char):
    form = NoteForm({"title": "x", "notes": f"a{char}b", "later": f"c{char}d"})
    assert not form.is_valid()
    assert set(form.errors) == {"notes", "later"}


def test_tab_and_line_breaks_and_vietnamese_text_are_accepted():
    text = "Dòng một\r\nDòng hai\tcó tab — “ngoặc” ✓ 😊"
    form = NoteForm({"title": "Tiếng Việt có dấu", "notes": text})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["notes"] == text.strip()
    assert first_forbidden_character(text) is None


def test_notes_and_short_fields_get_their_limits_from_the_settings():
    form = NoteForm()
    assert form.fields["notes"].max_length == 5000
    assert form.fields["title"].max_length == 500
    assert form.fields["reason"].max_length == 500  # a short reason, although multi-line
    assert form.fields["code"].max_length == 12  # the field's own smaller limit wins
    assert form["later"].field.max_length == 500  # added after super().__init__()
    assert 'maxlength="5000"' in str(form["notes"])


@override_settings(DONG_HANH={"TEXT_MAX_CHARS": 20, "SHORT_TEXT_MAX_CHARS": 5})
def test_a_text_over_the_limit_is_refused_with_the_limit_and_the_length():
    form = NoteForm({"title": "sáu ký", "notes": "x" * 21, "later": "y" * 5})
    assert not form.is_valid()
    assert set(form.errors) == {"title", "notes"}
    assert form.errors["notes"] == ["“Ghi chú” dài tối đa 20 ký tự (hiện có 21)."]
    assert NoteForm({"title": "năm k", "notes": "x" * 20}).is_valid()


def test_the_limits_are_environment_settings(monkeypatch):
    import config.settings.base as base

    monkeypatch.setenv("DH_TEXT_MAX_CHARS", "7000")
    monkeypatch.setenv("DH_SHORT_TEXT_MAX_CHARS", "300")
    reloaded = importlib.reload(base)
    try:
        assert reloaded.DONG_HANH["TEXT_MAX_CHARS"] == 7000
        assert reloaded.DONG_HANH["SHORT_TEXT_MAX_CHARS"] == 300
    finally:
        monkeypatch.delenv("DH_TEXT_MAX_CHARS")
        monkeypatch.delenv("DH_SHORT_TEXT_MAX_CHARS")
        importlib.reload(base)


def test_the_project_forms_refuse_a_nul_byte_in_notes_and_reasons():
    from cases.forms import TransitionForm
    from mentors.forms import VisitForm
    from support.forms import ReasonForm

    assert "reason" in TransitionForm({"reason": "a\x00", "reason_code": "moved"}, transition="close").errors
    assert "notes" in VisitForm({"visit_date": "01/12/2026", "mode": "home", "notes": "\x00"}).errors
    assert "reason" in ReasonForm({"reason": "\x00"}).errors
    assert VisitForm().fields["notes"].max_length == 5000
    assert TransitionForm(transition="close").fields["reason"].max_length == 500
