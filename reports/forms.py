"""The period picker: the kinds of period people report on, picked from lists (no codes)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.forms import SafeTextMixin
from reports.periods import Period, PeriodError, check_year, custom, half, month, quarter, year_period

CUSTOM = "C"


def kind_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        (_("Tháng"), [(f"M{m}", _("Tháng %(m)s") % {"m": m}) for m in range(1, 13)]),
        (_("Quý"), [(f"Q{q}", _("Quý %(q)s") % {"q": q}) for q in range(1, 5)]),
        (_("6 tháng, năm"), [("H1", _("6 tháng đầu năm")), ("H2", _("6 tháng cuối năm")), ("Y", _("Cả năm"))]),
        (_("Khác"), [(CUSTOM, _("Từ ngày … đến ngày …"))]),
    ]


def year_choices(today: dt.date | None = None) -> list[tuple[str, str]]:
    today = today or timezone.localdate()
    return [(str(y), str(y)) for y in range(today.year + 1, today.year - 6, -1)]


def initial_for(period: Period) -> dict:
    year = period.end.year if period.kind != "half" and period.kind != "year" else int(period.code[:4])
    if period.kind == "month":
        kind = f"M{int(period.code[5:])}"
        year = int(period.code[:4])
    elif period.kind == "quarter":
        kind, year = f"Q{period.code[-1]}", int(period.code[:4])
    elif period.kind == "half":
        kind = period.code[-2:]
    elif period.kind == "year":
        kind = "Y"
    else:
        kind = CUSTOM
    return {"ky": kind, "nam": str(year), "tu": period.start.strftime("%d/%m/%Y"), "den": period.end.strftime("%d/%m/%Y")}


class PeriodForm(SafeTextMixin, forms.Form):
    ky = forms.ChoiceField(label=gettext_lazy("Kỳ báo cáo"), choices=kind_choices)
    nam = forms.ChoiceField(label=gettext_lazy("Năm"), choices=year_choices)
    tu = forms.DateField(
        label=gettext_lazy("Từ ngày"),
        required=False,
        input_formats=["%d/%m/%Y"],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy", "autocomplete": "off"}),
    )
    den = forms.DateField(
        label=gettext_lazy("Đến ngày"),
        required=False,
        input_formats=["%d/%m/%Y"],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tu"].error_messages["invalid"] = _("Từ ngày: viết theo dạng dd/mm/yyyy, ví dụ 01/07/2026.")
        self.fields["den"].error_messages["invalid"] = _("Đến ngày: viết theo dạng dd/mm/yyyy, ví dụ 30/09/2026.")
        self.fields["ky"].error_messages["invalid_choice"] = _("Kỳ báo cáo: hãy chọn một kỳ trong danh sách.")
        self.fields["nam"].error_messages["invalid_choice"] = _("Năm: hãy chọn một năm trong danh sách.")

    @property
    def shows_dates(self) -> bool:
        """Whether the picker opens its "Từ ngày … đến ngày …" fields: the custom kind is the
        one picked (or shown), or a date has an error to read."""
        if self.is_bound:
            return self.data.get("ky") == CUSTOM or bool(self.errors.get("tu") or self.errors.get("den"))
        return self.initial.get("ky") == CUSTOM

    def clean(self):
        data = super().clean()
        kind, year = data.get("ky"), data.get("nam")
        if not kind or not year:
            return data
        try:
            year = check_year(int(year))
        except PeriodError as exc:
            self.add_error("nam", str(exc))
            return data
        try:
            if kind.startswith("M"):
                data["period"] = month(year, int(kind[1:]))
            elif kind.startswith("Q"):
                data["period"] = quarter(year, int(kind[1:]))
            elif kind in ("H1", "H2"):
                data["period"] = half(year, int(kind[1]))
            elif kind == "Y":
                data["period"] = year_period(year)
            else:
                start, end = data.get("tu"), data.get("den")
                if not start and "tu" not in self.errors:
                    self.add_error("tu", _("Từ ngày: hãy nhập ngày bắt đầu (dd/mm/yyyy)."))
                if not end and "den" not in self.errors:
                    self.add_error("den", _("Đến ngày: hãy nhập ngày kết thúc (dd/mm/yyyy)."))
                # the same years as a period written in a link (reports.periods.check_year)
                for name, day, field_label in (("tu", start, _("Từ ngày")), ("den", end, _("Đến ngày"))):
                    if day:
                        try:
                            check_year(day.year)
                        except PeriodError as exc:
                            self.add_error(name, _("%(field)s: %(error)s") % {"field": field_label, "error": exc})
                if start and end and "tu" not in self.errors and "den" not in self.errors:
                    data["period"] = custom(start, end)
        except PeriodError as exc:
            self.add_error("den" if kind == CUSTOM else "ky", str(exc))
        return data
