"""Excel in and out (openpyxl): the templates with Vietnamese headers, drop-down lists for the
coded columns and an example row; reading an uploaded file row by row (read-only, so memory
stays flat for 100,000 rows) whatever its title rows, merged header cells or blank lines; and
the workbook of refused rows with their reasons."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from imports import cleaning, xlsx_stream
from imports.kinds import Column, Context, Kind

HEADER_SCAN_ROWS = 15
# A template: the title in row 1, the instructions in row 2, the header, then the example row.
TEMPLATE_HEADER_ROW = 3
SHEET_NAME = "Danh sách"
LISTS_SHEET = "Danh mục"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
EXAMPLE_FONT = Font(italic=True, color="808080")


class FileError(ValueError):
    """The file as a whole cannot be read (not .xlsx, no header row, a required column missing)."""


def _list_values(column: Column, ctx: Context | None) -> list[str]:
    if column.type == "choice":
        return [label for _code, label in column.choices()]
    if ctx is None:
        return []
    if column.type == "area":
        return sorted({str(a) for a in ctx.areas.values()})
    if column.type == "branch":
        return sorted({b.name for b in ctx.branches.values()})
    if column.type == "mentor":
        return sorted({m.full_name for ms in ctx.mentors.values() for m in ms})
    return []


def build_template(kind: Kind, ctx: Context | None = None) -> bytes:
    """A template: a merged title row, the header row (required columns marked *), one example
    row in grey italics (skipped on import if left as is), drop-downs fed by a sheet of lists."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_NAME
    lists = wb.create_sheet(LISTS_SHEET)
    columns = kind.columns
    title = str(kind.title) + (f" — {ctx.commune}" if ctx else "")
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=13)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    # The import finds the header row (find_header), reads every row below it and skips the
    # example row while it is left as it is (services.check_batch): so the first row to fill
    # is the one after the example, or the example row itself, written over.
    header_row, example_row = TEMPLATE_HEADER_ROW, TEMPLATE_HEADER_ROW + 1
    ws.cell(
        row=2,
        column=1,
        value=_(
            "Dòng %(header)d là tên cột, dòng %(example)d là ví dụ (để nguyên thì không được nhập). Điền từ dòng %(first)d, "
            "hoặc ghi đè lên dòng ví dụ. Cột có dấu * là bắt buộc. Ngày viết dạng ngày/tháng/năm."
        )
        % {"header": header_row, "example": example_row, "first": example_row + 1},
    )
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(columns))
    for i, column in enumerate(columns, start=1):
        cell = ws.cell(row=header_row, column=i, value=f"{column.header}{' *' if column.required else ''}")
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(i)].width = column.width
        example = ws.cell(row=example_row, column=i, value=column.example if column.example != "" else None)
        example.font = EXAMPLE_FONT
        if column.type in ("id", "text", "name") or column.type == "date":
            example.number_format = "@"  # text: keeps leading zeros and dd/mm/yyyy as typed
            for r in range(example_row + 1, example_row + 501):
                ws.cell(row=r, column=i).number_format = "@"
        values = _list_values(column, ctx)
        if values:
            letter = get_column_letter(i)
            lists.cell(row=1, column=i, value=str(column.header)).font = Font(bold=True)
            for r, value in enumerate(values, start=2):
                lists.cell(row=r, column=i, value=value)
            validation = DataValidation(
                type="list",
                formula1=f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}",
                allow_blank=not column.required,
                showErrorMessage=column.type == "choice",
                errorTitle=_("Giá trị không hợp lệ"),
                error=_("Hãy chọn một giá trị trong danh sách."),
            )
            validation.add(f"{letter}{example_row}:{letter}{example_row + 5000}")
            ws.add_data_validation(validation)
    ws.freeze_panes = ws.cell(row=example_row, column=1)
    lists.sheet_state = "hidden"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def example_values(kind: Kind) -> list[Any]:
    return [c.example if c.example != "" else None for c in kind.columns]


def open_rows(content: bytes) -> Iterator[tuple[int, list[Any]]]:
    """(row number, values) of the sheet "Danh sách" (else the first sheet), streamed
    (imports.xlsx_stream: one row in memory at a time)."""
    try:
        yield from xlsx_stream.iter_rows(io.BytesIO(content), SHEET_NAME)
    except xlsx_stream.BadFile as exc:
        raise FileError(_("Không đọc được tệp. Hãy lưu tệp dưới dạng Excel (.xlsx) rồi tải lên lại.")) from exc


def count_rows(content: bytes) -> int:
    """The number of the sheet's last row (for the progress bar), without reading the cells."""
    try:
        return xlsx_stream.row_count(io.BytesIO(content), SHEET_NAME)
    except (xlsx_stream.BadFile, KeyError, ValueError, zipfile.BadZipFile):
        return 0


def find_header(kind: Kind, rows: Iterator[tuple[int, list[Any]]]) -> tuple[int, dict[str, int]]:
    """The header row among the first rows (title rows and merged cells above it are skipped)
    and the position of each known column in it. A header merged over two cells appears once
    (openpyxl leaves the others empty), which is all we need."""
    wanted = {cleaning.header_key(c.header): c for c in kind.columns}
    for c in kind.columns:
        for alias in c.aliases:
            wanted.setdefault(cleaning.header_key(alias), c)
    for number, values in rows:
        if number > HEADER_SCAN_ROWS:
            break
        positions: dict[str, int] = {}
        for index, value in enumerate(values):
            column = wanted.get(cleaning.header_key(value))
            if column is not None and column.key not in positions:
                positions[column.key] = index
        required = [c for c in kind.columns if c.required]
        if positions and len([c for c in required if c.key in positions]) >= max(1, len(required) // 2):
            missing = [str(c.header) for c in required if c.key not in positions]
            if missing:
                raise FileError(_("Thiếu cột bắt buộc: %(cols)s.") % {"cols": ", ".join(f"“{m}”" for m in missing)})
            return number, positions
    raise FileError(
        _("Không tìm thấy dòng tiêu đề (ví dụ “%(header)s”) trong %(n)d dòng đầu. Hãy dùng tệp mẫu.")
        % {"header": kind.columns[0].header, "n": HEADER_SCAN_ROWS}
    )


def is_blank(values: list[Any]) -> bool:
    return all(cleaning.text(v) == "" for v in values)


def refused_workbook(kind: Kind, rows) -> bytes:
    """The refused rows as they were uploaded, with the row number and the reasons; streamed
    out with a write-only workbook."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET_NAME)
    ws.append([_("Dòng trong tệp gốc")] + [f"{c.header}{' *' if c.required else ''}" for c in kind.columns] + [_("Lý do không nhập")])
    for row in rows:
        ws.append([row.number] + list(row.raw) + [" ".join(row.messages)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
