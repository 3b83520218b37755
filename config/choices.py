"""get_FOO_display at the cost of one dictionary lookup.

Django's Model._get_FIELD_display builds `dict(make_hashable(field.flatchoices))` on every call.
Building it hashes each choice's label, and hashing a lazy label translates it: showing one
status translated all eight, a category all thirteen (23 translations per row of the case list,
a third of the time spent rendering its rows). A model with ChoiceLabels first among its bases
keeps each field's {value: label} map after the first call. The labels in the map stay lazy, so
every call still returns the label in the active language. A field whose choices are a callable
(read when used, as accounts.Membership.role) keeps Django's way.
"""

from __future__ import annotations

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

_labels: dict = {}


class ChoiceLabels:
    def _get_FIELD_display(self, field):  # noqa: N802 (Django's name)
        labels = _labels.get(field)
        if labels is None:
            if not isinstance(field.choices, list | tuple):
                return super()._get_FIELD_display(field)
            labels = _labels[field] = dict(make_hashable(field.flatchoices))
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)
