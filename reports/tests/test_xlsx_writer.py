"""reports.xlsx_writer writes files that a spreadsheet reader opens with the values, formats,
panes, widths, filter and print settings asked for; text is escaped, characters XML cannot
carry are dropped, and rows of several sheets may be interleaved."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from reports.xlsx_writer import StreamedWorkbook, Style, column_letter


def test_column_letters():
    assert [column_letter(i) for i in (1, 26, 27, 52, 53, 191, 702, 703)] == ["A", "Z", "AA", "AZ", "BA", "GI", "ZZ", "AAA"]


def test_a_workbook_reads_back_with_its_values_formats_and_layout():
    out = io.BytesIO()
    wb = StreamedWorkbook(out)
    bold = wb.style(Style(bold=True, fill="EEEEEE", wrap=True))
    share = wb.style(Style(number_format="0.0%"))
    money = wb.style(Style(number_format='#,##0" ₫"'))
    assert wb.style(Style(number_format="0.0%")) == share  # the same style, the same index
    first = wb.add_sheet("Tỉnh, thành phố", widths=[12, 30, 16], freeze="C2", fit_to_page=True)
    second = wb.add_sheet("Khu dân cư 'A'", widths=[12, 30])
    first.print_title_rows = (1, 1)
    wb.append(first, ["Mã", 'Tên <&> "x"', "Tỷ lệ"], [bold, bold, bold])
    wb.append(second, ["K1", " lề trái"], [0, 0])  # rows of two sheets interleaved
    wb.append(first, ["01", "Hà\x07 Nội", None], [0, 0, 0], [0.625, 1_500_000], wb.number_styles([share, money]))
    wb.append(first, ["02", "", 3], [0, 0, 0], [None, 0], wb.number_styles([share, money]))
    for i in range(500):  # past the flush size
        wb.append(second, [f"K{i + 2}", 33.3 / 100.0], [0, share])
    first.auto_filter = f"A1:{column_letter(5)}{first.rows}"
    wb.close()

    book = load_workbook(io.BytesIO(out.getvalue()))
    assert book.sheetnames == ["Tỉnh, thành phố", "Khu dân cư 'A'"]
    ws = book["Tỉnh, thành phố"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0][:3] == ["Mã", 'Tên <&> "x"', "Tỷ lệ"]
    assert rows[1] == ["01", "Hà Nội", None, 0.625, 1500000]  # the bell character is dropped
    assert rows[2] == ["02", None, 3, None, 0]
    assert ws["D2"].number_format == "0.0%" and ws["E2"].number_format == '#,##0" ₫"' and ws["D3"].number_format == "0.0%"
    assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb == "FFEEEEEE" and ws["A1"].alignment.wrap_text
    assert ws.freeze_panes == "C2"
    assert ws.column_dimensions["B"].width == 30
    assert ws.auto_filter.ref == "A1:E3"
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9 and ws.sheet_properties.pageSetUpPr.fitToPage
    other = book["Khu dân cư 'A'"]
    assert other.max_row == 501 and other["A1"].value == "K1" and other["B1"].value == " lề trái"
    assert other["B2"].value == 0.333  # 16 significant digits, as openpyxl writes them
