import datetime as dt
import io

import pytest
from openpyxl import Workbook

PEOPLE_HEADERS = [
    "Họ và tên *",
    "Ngày sinh *",
    "Giới tính *",
    "Số định danh cá nhân",
    "Khu dân cư *",
    "Diện đối tượng *",
    "Chi hội / chi đoàn giúp đỡ",
    "Người giúp đỡ",
]


def xlsx(rows, *, title=True, group_header=True, headers=PEOPLE_HEADERS) -> bytes:
    """A real-shaped file: a merged title row, a merged group header, the header row, the rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    if title:
        ws.append(["DANH SÁCH NGƯỜI ĐƯỢC GIÚP ĐỠ NĂM 2026"])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    if group_header:
        ws.append(["Thông tin cá nhân", None, None, None, "Nơi cư trú", "Diện", "Phân công", None])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=4)
        ws.merge_cells(start_row=ws.max_row, start_column=7, end_row=ws.max_row, end_column=8)
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def excel_date():
    return dt.datetime(1990, 3, 4)
