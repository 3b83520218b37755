"""The provinces' reports made from the national queries read province by province
(reports.selectors.province_reports, for the national workbook) are the reports
build_report gives for each province, and the national report after them is build_report's
national report: the same places, names, parents and counts of both periods."""

from __future__ import annotations

import pytest

from areas.models import Province
from config import rollup
from reports.indicators import NATION
from reports.periods import parse_period
from reports.selectors import build_report, province_reports, provinces_in_order
from reports.tests.helpers import three_cases

pytestmark = pytest.mark.django_db

Q1 = parse_period("2026Q1")


def figures(report) -> dict:
    """Each place's code, name, parent and counts (a count of 0 and no count are the same figure:
    a province's own query always has a row for the province, the national one only where
    there are rows)."""

    def nonzero(counts):
        return {name: n for name, n in counts.items() if n}

    return {key: (f.place.code, f.place.name, f.parent_key, nonzero(f.counts), nonzero(f.previous)) for key, f in report.places.items()}


@pytest.mark.parametrize("mode", [None, "python"])  # rolled up in SQL and streamed; summed in Python, kept by province
def test_the_reports_read_province_by_province_are_each_provinces_report(world, monkeypatch, mode):
    three_cases(world)
    Province.objects.create(code="98", name="Tỉnh Không Có Ai")  # a province without figures
    monkeypatch.setattr(rollup, "MODE", mode)
    provinces = provinces_in_order()
    assert len(provinces) >= 2
    *parts, top = province_reports(Q1, provinces)

    assert [r.root for r in parts] == provinces
    assert any(r.root_figures.counts["active"] for r in parts)  # there are figures to compare
    for report in parts:
        assert figures(report) == figures(build_report(report.root, Q1, grain="area")), report.root.code
    assert top.root == NATION and top.grain == "province"
    assert figures(top) == figures(build_report(NATION, Q1))


def test_rows_are_read_in_the_order_asked_whatever_the_provinces_ids(world):
    """The queries order their rows as the list gives the provinces (by name), not by id."""
    three_cases(world)
    Province.objects.create(code="00", name="A Tỉnh Đầu Bảng")  # the last id, the first by name
    provinces = provinces_in_order()
    assert provinces[0].code == "00"
    reversed_ = list(reversed(provinces))
    parts = list(province_reports(Q1, reversed_))[:-1]
    assert [r.root for r in parts] == reversed_
    for report in parts:
        assert figures(report) == figures(build_report(report.root, Q1, grain="area"))
