"""Limits shared by every form of the project: a maximum length on each text field and no
control characters.

Every form class of the project puts `SafeTextMixin` first among its bases
(`class VisitForm(SafeTextMixin, forms.Form)`); a test walks the project's forms and fails on
one without it. The mixin:

- gives each text field (any `forms.CharField`, e.g. a plain text, e-mail or textarea field) a
  maximum length: the field's own `max_length` when it has a smaller one, otherwise
  `DONG_HANH["SHORT_TEXT_MAX_CHARS"]` for single-line inputs and short reasons (fields named in
  `short_text_fields`), `DONG_HANH["TEXT_MAX_CHARS"]` for notes (multi-line fields);
- refuses NUL and the other control characters (Unicode category Cc) except tab, line feed and
  carriage return, and lone surrogates (which no database column can store). PostgreSQL refuses
  a NUL byte in a text column with an error; here it is a form error naming the field.

Both checks are validators on the field, so they run before the form's own `clean_*` methods
and the service: a refused value never reaches the database. Fields added by a subclass's
`__init__` after `super().__init__()` are covered too (the limits are applied again before
validation).
"""

from __future__ import annotations

import unicodedata

from django import forms
from django.conf import settings
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

ALLOWED_CONTROL = frozenset("\t\n\r")


def text_limit(name: str) -> int:
    return int(settings.DONG_HANH[name])


def first_forbidden_character(value: str) -> str | None:
    """The first control character (or lone surrogate) of `value`, None when there is none."""
    for char in value:
        if char in ALLOWED_CONTROL:
            continue
        if unicodedata.category(char) in ("Cc", "Cs"):
            return char
    return None


@deconstructible
class NoControlCharactersValidator:
    """Refuses NUL and other control characters, naming the field in the message."""

    code = "control_characters"

    def __init__(self, label: str = ""):
        self.label = label

    def __call__(self, value) -> None:
        if value is None:
            return
        char = first_forbidden_character(str(value))
        if char is not None:
            raise ValidationError(
                _(
                    "“%(field)s” chứa ký tự không hợp lệ (ký tự điều khiển mã %(code)s, ví dụ ký tự NUL). Vui lòng xóa ký tự đó rồi gửi lại."
                ),
                code=self.code,
                params={"field": self.label, "code": f"U+{ord(char):04X}"},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, NoControlCharactersValidator) and other.label == self.label


@deconstructible
class TextLengthValidator(validators.MaxLengthValidator):
    """Django's maximum length, with a Vietnamese message naming the field."""

    def __init__(self, limit_value: int, label: str = ""):
        self.label = label
        super().__init__(limit_value)

    def __call__(self, value) -> None:
        length = self.clean(value)
        if self.compare(length, self.limit_value):
            raise ValidationError(
                _("“%(field)s” dài tối đa %(limit)s ký tự (hiện có %(count)s)."),
                code="max_length",
                params={"field": self.label, "limit": self.limit_value, "count": length},
            )


class SafeTextMixin:
    """Put first among a form's bases. See the module docstring."""

    # Multi-line fields with these names are short reasons (SHORT_TEXT_MAX_CHARS), not notes.
    short_text_fields: frozenset[str] = frozenset({"reason", "reason_text"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.apply_text_limits()

    def full_clean(self):
        self.apply_text_limits()
        return super().full_clean()

    def __getitem__(self, name):
        self.apply_text_limits()  # fields added after __init__ render with their maxlength too
        return super().__getitem__(name)

    def text_limit_for(self, name: str, field: forms.CharField) -> int:
        multiline = isinstance(field.widget, forms.Textarea)
        limit = text_limit("SHORT_TEXT_MAX_CHARS" if name in self.short_text_fields or not multiline else "TEXT_MAX_CHARS")
        if field.max_length is not None:
            limit = min(limit, field.max_length)
        return limit

    def apply_text_limits(self) -> None:
        for name, field in self.fields.items():
            if not isinstance(field, forms.CharField) or getattr(field, "_safe_text_applied", False):
                continue
            limit = self.text_limit_for(name, field)
            label = str(field.label or name)
            field.max_length = limit
            # Replace Django's own length and NUL checks (English-worded, not naming the field).
            field.validators = [
                v for v in field.validators if not isinstance(v, validators.MaxLengthValidator | validators.ProhibitNullCharactersValidator)
            ]
            field.validators += [NoControlCharactersValidator(label), TextLengthValidator(limit, label)]
            if not field.widget.is_hidden:
                field.widget.attrs["maxlength"] = str(limit)
            field._safe_text_applied = True


class VietnameseOrderIterator(forms.models.ModelChoiceIterator):
    """A model choice field's options in Vietnamese alphabetical order of their labels
    (config.vietnamese): the database orders by code point, which puts "Đ…" after "Y…"."""

    def __iter__(self):
        from config.vietnamese import sort_key

        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        options = [(self.field.label_from_instance(obj), obj) for obj in self.queryset]
        options.sort(key=lambda option: sort_key(str(option[0])))
        for _label, obj in options:
            yield self.choice(obj)


def in_vietnamese_order(*fields: forms.ModelChoiceField) -> None:
    """Offer these model choice fields' options in Vietnamese alphabetical order (lists people
    pick a name from: khu dân cư, chi hội, mentors)."""
    for field in fields:
        field.iterator = VietnameseOrderIterator
        field.widget.choices = field.choices
