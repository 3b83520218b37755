"""The case list's filters for django-filter, with one definition and one filtering path.

`CaseFilter` is built from the page's form, cases.forms.CaseFilterForm (its fields, labels and
choices, and the list extensions' filters of cases.registry): the OpenAPI description lists
them from here (drf-spectacular's django-filter extension). Validation is that form's own (the
same Vietnamese messages as the page), and the filtering is `cases.selectors.filtered_cases`,
the page's and the export's: this FilterSet never filters by itself."""

from __future__ import annotations

import django_filters
from django import forms
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field

from cases import policy, registry
from cases.forms import CaseFilterForm
from cases.selectors import filtered_cases


def _extensions():
    return [ext for ext in registry.list_extensions.values() if ext.filter_name]


def _int_filter(label: str) -> django_filters.Filter:
    return extend_schema_field({"type": "integer", "description": label})(django_filters.NumberFilter(label=label))


def _filter_for(name: str, field: forms.Field) -> django_filters.Filter:
    """A django-filter Filter describing one field of the page's form (for the description)."""
    label = str(field.label or name)
    if isinstance(field, forms.ModelChoiceField):
        return _int_filter(f"{label} (mã số id)")
    if isinstance(field, forms.ChoiceField):
        return django_filters.ChoiceFilter(label=label, choices=[c for c in field.choices if c[0] != ""])
    return django_filters.CharFilter(label=label)


def _declared_filters() -> dict:
    filters = {name: _filter_for(name, field) for name, field in CaseFilterForm.base_fields.items()}
    for ext in _extensions():
        # the choices depend on the reader (the mentors of their commune): an id
        filters[ext.filter_name] = _int_filter(f"{ext.filter_label} (mã số id)")
    return filters


class _CaseFilterBase(django_filters.FilterSet):
    @property
    def form(self):
        if not hasattr(self, "_form"):
            user = self.request.user
            data = self.data.copy()  # always bound: no filter is a valid, empty filter
            for name in ("cursor", "page_size"):
                data.pop(name, None)
            self._form = CaseFilterForm(data, areas=policy.listable_areas(user), extensions=_extensions(), user=user)
        return self._form

    def filter_queryset(self, queryset):
        # one path: the page's selector on the form's cleaned data (the queryset handed in is
        # visible_cases, which filtered_cases starts from itself)
        return filtered_cases(self.request.user, self.form.cleaned_data, list(registry.list_extensions.values()))


class CaseFilterBackend(DjangoFilterBackend):
    """django-filter's backend with the FilterSet built from the page's form."""

    def get_filterset_class(self, view, queryset=None):
        return case_filter()


def build_case_filter() -> type[django_filters.FilterSet]:
    from cases.models import Case

    meta = type("Meta", (), {"model": Case, "fields": []})
    return type("CaseFilter", (_CaseFilterBase,), {**_declared_filters(), "Meta": meta})


_built: dict[str, type] = {}


def case_filter() -> type[django_filters.FilterSet]:
    """Built once the apps are ready (the extensions register in AppConfig.ready)."""
    if "case" not in _built:
        _built["case"] = build_case_filter()
    return _built["case"]
