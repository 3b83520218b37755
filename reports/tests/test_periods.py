"""Periods as people write and pick them; sending deadlines from settings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from reports.periods import PeriodError, half, month, parse_period, quarter, send_by, year_period


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [
        ("quý 3/2026", "2026Q3", "Quý 3/2026"),
        ("Quý III/2026", "2026Q3", "Quý 3/2026"),
        ("quy 4 nam 2026", "2026Q4", "Quý 4/2026"),
        ("tháng 11/2026", "2026M11", "Tháng 11/2026"),
        ("11/2026", "2026M11", "Tháng 11/2026"),
        ("6 tháng đầu năm 2026", "2026H1", "6 tháng đầu năm 2026"),
        ("6 tháng cuối năm 2026", "2026H2", "6 tháng cuối năm 2026"),
        ("năm 2026", "2026", "Năm 2026"),
        ("01/01/2026 - 31/03/2026", "2026-01-01:2026-03-31", "Từ 01/01/2026 đến 31/03/2026"),
        ("2026M02", "2026M02", "Tháng 2/2026"),
        ("2026Q3", "2026Q3", "Quý 3/2026"),
    ],
)
def test_periods_as_people_write_them(text, code, name):
    period = parse_period(text)
    assert (period.code, period.name) == (code, name)


def test_a_month_knows_its_days_and_the_month_before():
    feb = month(2028, 2)
    assert (feb.start, feb.end) == (dt.date(2028, 2, 1), dt.date(2028, 2, 29))
    assert month(2026, 1).previous().code == "2025M12"
    assert "dd/mm/yyyy" not in feb.label and "01/02/2028 – 29/02/2028" in feb.label


def test_file_names_are_vietnamese_without_diacritics_or_english():
    assert quarter(2026, 3).slug == "quy-3-2026"
    assert half(2026, 1).slug == "6-thang-dau-nam-2026"
    assert month(2026, 11).slug == "thang-11-2026"
    assert year_period(2026).slug == "nam-2026"


def test_a_bad_period_names_what_was_written_in_vietnamese():
    with pytest.raises(PeriodError, match="“quy 5/2026” không hợp lệ"):
        parse_period("quy 5/2026")
    with pytest.raises(PeriodError, match="Tháng phải từ 1 đến 12"):
        parse_period("13/2026")


def test_deadlines_default_to_seed_000(settings):
    assert send_by(half(2026, 1)) == dt.date(2026, 5, 15)
    assert send_by(half(2026, 2)) == dt.date(2026, 11, 15)
    assert send_by(year_period(2026)) == dt.date(2026, 11, 15)
    assert send_by(quarter(2026, 3)) == dt.date(2026, 10, 10)
    assert send_by(month(2026, 11)) == dt.date(2026, 12, 5)
    assert send_by(parse_period("01/01/2026 - 31/01/2026")) is None


def test_seed_003_periods_and_deadlines_are_settings(settings):
    settings.DONG_HANH = {
        **settings.DONG_HANH,
        "REPORT_CUTOFF_H1": "10/06",
        "REPORT_CUTOFF_YEAR": "10/12",
        "REPORT_SEND_BY": {**settings.DONG_HANH["REPORT_SEND_BY"], "half": "10/06", "half2": "10/12", "year": "10/12"},
    }
    h1 = half(2026, 1)
    assert (h1.start, h1.end) == (dt.date(2025, 12, 11), dt.date(2026, 6, 10))
    h2 = half(2026, 2)
    assert (h2.start, h2.end) == (dt.date(2026, 6, 11), dt.date(2026, 12, 10))
    assert send_by(h1) == dt.date(2026, 6, 10)
    assert send_by(h2) == dt.date(2026, 12, 10)
    assert send_by(year_period(2026)) == dt.date(2026, 12, 10)


NEXT_YEAR = timezone.localdate().year + 1  # the last year a period may be in


@pytest.mark.parametrize(
    "text",
    ["9999H2", "năm 9999", "0001H1", "0000", "2026-12-01:9999-12-31", "01/01/0001 - 31/12/2026", "quý 4/1999", f"{NEXT_YEAR + 1}M01"],
)
def test_a_period_outside_the_report_years_is_refused_in_vietnamese(text):
    # before, 9999 or 0001 reached date arithmetic that overflows (an error page)
    with pytest.raises(PeriodError, match=f"không hợp lệ; kỳ báo cáo phải trong các năm từ 2000 đến {NEXT_YEAR}"):
        parse_period(text)


def test_the_first_and_the_last_report_years_are_read():
    assert parse_period("2000H1").code == "2000H1"
    assert parse_period(f"{NEXT_YEAR}H2").code == f"{NEXT_YEAR}H2"
    assert parse_period("01/01/2000 - 31/12/2000").code == "2000-01-01:2000-12-31"


def test_the_picker_refuses_dates_outside_the_report_years_on_their_field():
    from reports.forms import PeriodForm

    form = PeriodForm({"ky": "C", "nam": "2026", "tu": "01/12/2026", "den": "31/12/9999"})
    assert not form.is_valid()
    assert "period" not in form.cleaned_data
    assert form.errors["den"] == [f"Đến ngày: Năm 9999 không hợp lệ; kỳ báo cáo phải trong các năm từ 2000 đến {NEXT_YEAR}."]
    assert "tu" not in form.errors
    form = PeriodForm({"ky": "C", "nam": "2026", "tu": "01/01/0001", "den": "31/12/2026"})
    assert not form.is_valid() and form.errors["tu"][0].startswith("Từ ngày: Năm 0001 không hợp lệ")
