"""The workbook and the PDF as documents: frozen header, widths, autofilter, print setup,
real percentages, Vietnamese names; the PDF's Quốc hiệu, Tiêu ngữ and signature block."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from cases.models import CaseStatus
from reports.document import report_header
from reports.exports import export_filename, write_pdf, write_xlsx
from reports.periods import parse_period
from reports.selectors import build_report, resolve_place
from reports.tests.test_indicators import story  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
Q1 = parse_period("2026Q1")


def commune_report(world):
    return build_report(resolve_place("commune", world.commune.code), Q1, grain="area")


def test_the_workbook_is_ready_to_filter_and_print(world, story):  # noqa: F811
    out = io.BytesIO()
    write_xlsx(commune_report(world), out)
    out.seek(0)
    wb = load_workbook(out)
    ws = wb["Chỉ tiêu"]
    header_row = next(r for r in range(1, 20) if ws.cell(r, 1).value == "Mã chỉ tiêu")
    assert ws.freeze_panes == f"D{header_row + 1}"
    assert ws.auto_filter.ref.startswith(f"A{header_row}:")
    assert ws.column_dimensions["C"].width >= 40
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == f"${header_row}:${header_row}"
    rows = {ws.cell(r, 9).value: r for r in range(header_row + 1, ws.max_row + 1)}
    # Mã chỉ tiêu reads like a printed form, not `state:in_review`; the label is Vietnamese.
    r = rows["state:in_review"]
    assert ws.cell(r, 1).value.startswith("I.")
    assert ws.cell(r, 3).value == f"Trạng thái: {CaseStatus.IN_REVIEW.label}" == "Trạng thái: Đang giúp đỡ"
    assert ":" not in ws.cell(r, 1).value
    # Shares are real percentages with a percent format; the definition is beside each figure.
    r = rows["progress_share"]
    assert ws.cell(r, 4).value == pytest.approx(0.2)
    assert ws.cell(r, 4).number_format == "0.0%"
    assert ws.cell(r, 6).value == pytest.approx(0.6)
    assert "mẫu số" in ws.cell(r, 8).value
    areas = wb["Khu dân cư"]
    assert areas.freeze_panes == "C2"
    assert areas.auto_filter.ref.startswith("A1:")
    assert areas.print_title_rows == "$1:$1"


def test_file_names_are_vietnamese_without_diacritics_or_english(world):
    commune = resolve_place("commune", world.commune.code)
    assert export_filename(commune, parse_period("quý 3/2026"), "xlsx") == "bao-cao-xa-hoan-son-quy-3-2026.xlsx"
    province = resolve_place("province", world.province.code)
    assert export_filename(province, parse_period("2026H1"), "pdf") == "bao-cao-tinh-bac-ninh-6-thang-dau-nam-2026.pdf"
    area = resolve_place("area", world.area.code)
    assert export_filename(area, parse_period("tháng 11/2026"), "pdf") == "bao-cao-thon-dong-son-thang-11-2026.pdf"


def test_the_pdf_header_follows_the_administrative_layout(world, story, tmp_path):  # noqa: F811
    import datetime as dt

    report = commune_report(world)
    header = report_header(report, number=7, signer_name="Nguyễn Văn Nam", day=dt.date(2026, 4, 5))
    assert (header.parent_body, header.issuing_body) == ("ỦY BAN MTTQ VIỆT NAM", "XÃ HOÀN SƠN")
    assert header.number == "Số: 7/BC-MTTQ"
    assert header.place_and_date == "Hoàn Sơn, ngày 05 tháng 4 năm 2026"
    assert header.signing_for == "TM. BAN THƯỜNG TRỰC"
    path = tmp_path / "bao-cao.pdf"
    write_pdf(report, str(path), number=7, signer_name="Nguyễn Văn Nam", day=dt.date(2026, 4, 5))
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    unnumbered = tmp_path / "chua-so.pdf"  # not yet numbered: room for the clerk
    write_pdf(report, str(unnumbered), day=dt.date(2026, 4, 5))
    # pdftotext (poppler-utils, Makefile system-deps) reads the embedded text back.
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for line in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hoàn Sơn, ngày 05 tháng 4 năm 2026",
        "Số: 7/BC-MTTQ",
        "Nơi nhận:",
        "TM. BAN THƯỜNG TRỰC",
        "Nguyễn Văn Nam",
        "BÁO CÁO",
    ):
        assert line in text, line
    assert re.search(
        r"Số:\s{3,}/BC-MTTQ",
        subprocess.run(["pdftotext", "-layout", str(unnumbered), "-"], capture_output=True, text=True, check=True).stdout,
    )
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all("DejaVu" in f and " yes " in f for f in fonts), fonts  # every font embedded, no Helvetica
    page = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "595.276 x 841.89 pts (A4)" in page
    if os.environ.get("DH_KEEP_PDF"):
        shutil.copy(path, os.environ["DH_KEEP_PDF"])
