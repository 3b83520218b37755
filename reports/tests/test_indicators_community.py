"""The plan's registry indicators (community.indicators) in the reports: rolled up from khu
dân cư to commune to province like the others, with their targets."""

from __future__ import annotations

import datetime as dt

import pytest

from community import services
from reports.indicators import INDICATORS_BY_KEY
from reports.periods import year_period
from reports.selectors import build_report, resolve_place

pytestmark = pytest.mark.django_db
LAST = dt.date.today().year - 1


def d(month: int, day: int = 15) -> dt.date:
    return dt.date(LAST, month, day)


def test_registry_figures_roll_up_from_area_to_commune_to_province(world):
    w = world
    services.set_households(w.area, actor=w.head, households=10)
    services.set_households(w.area2, actor=w.head2, households=30)
    services.set_households(w.other_area, actor=w.other_front, households=60)
    for i in range(9):
        services.record_household_commitment(w.area, actor=w.head, year=LAST, household=f"Hộ {i}", signed_on=d(3), signed_by="x")
    for i in range(27):
        services.record_household_commitment(w.area2, actor=w.head2, year=LAST, household=f"Hộ {i}", signed_on=d(3), signed_by="x")
    for i in range(30):
        services.record_household_commitment(
            w.other_area, actor=w.other_front, year=LAST, household=f"Hộ {i}", signed_on=d(3), signed_by="x"
        )
    services.record_area_commitment(w.area, actor=w.head, year=LAST, signed_on=d(2), text_reference="x")
    services.designate_model_area(w.area, actor=w.front, designated_on=d(4))

    province = resolve_place("province", w.province.code)
    report = build_report(province, year_period(LAST), grain="area", with_previous=False)
    ind = INDICATORS_BY_KEY["families_signed_share"]
    area = report.places[("area", w.area.pk)]
    commune = report.places[("commune", w.commune.pk)]
    other = report.places[("commune", w.other_commune.pk)]
    root = report.root_figures
    assert area.value(ind) == 90.0 and ind.met(area.value(ind)) is True
    assert commune.value(ind) == 90.0  # 36 of 40
    assert other.value(ind) == 50.0 and ind.met(other.value(ind)) is False
    assert root.value(ind) == 66.0  # 66 of 100
    assert ind.target_value() == 90.0
    signed = INDICATORS_BY_KEY["areas_signed_share"]
    assert (commune.value(signed), other.value(signed), root.value(signed)) == (50.0, 0.0, round(100 / 3, 1))
    model = INDICATORS_BY_KEY["communes_model_area_share"]
    assert (commune.value(model), other.value(model), root.value(model)) == (100.0, 0.0, 50.0)
    # The commune share is not summed up from its khu dân cư: a khu dân cư row has no commune.
    assert area.value(model) is None


def test_the_dashboard_and_the_export_show_the_registry_figures(world, login):
    services.record_area_commitment(world.area, actor=world.head, year=LAST, signed_on=d(2), text_reference="x")
    client = login(world.front)
    page = client.get(f"/reports/commune/{world.commune.code}/?period={LAST}")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Tỷ lệ khu dân cư ký cam kết (%)" in text and "Cam kết và tập huấn" in text
    export = client.get(f"/reports/commune/{world.commune.code}/export.xlsx?period={LAST}")
    assert export.status_code == 200
    import io

    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    labels = [cell.value for ws in wb.worksheets for row in ws.iter_rows() for cell in row]
    assert "Tỷ lệ khu dân cư ký cam kết (%)" in labels
