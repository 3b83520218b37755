"""The check streams the file and batches its look-ups: the stream reader gives what openpyxl
gives, a file that is a zip but not a workbook is refused in Vietnamese, the seen-rows index keeps
no strings, and the number of queries of a check grows with the chunks, not with the rows."""

import datetime as dt
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from conftest import list_person
from imports import services, xlsx_stream
from imports.kinds import SeenRows
from imports.tests.conftest import xlsx

PRISON = "Chấp hành xong án phạt tù / được đặc xá"


def _openpyxl_rows(content):
    wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    return _trim(enumerate(wb.worksheets[0].iter_rows(values_only=True), start=1))


def _trim(rows):
    out = {}
    for number, values in rows:
        values = list(values)
        while values and values[-1] is None:
            values.pop()
        if values:
            out[number] = values
    return out


def test_the_stream_reader_gives_what_openpyxl_gives_on_a_messy_sheet():
    wb = Workbook()
    ws = wb.active
    ws.merge_cells("A1:D1")
    ws["A1"] = "DANH SÁCH NĂM 2026"
    ws.append(["Họ và tên", "Ngày sinh", "Số định danh", "Ghi chú", None, "Số"])
    ws.append(["  NGUYỄN\u00a0văn hùng", dt.datetime(1990, 3, 4), 27090001234, True, None, 1.5])
    ws.append([None])
    ws.append(["Trần Thị Hương", "05/03/1985", "027192005678", "=1+1", None, -3])
    ws["C7"] = dt.date(2020, 1, 2)
    ws["H9"] = "xa"
    out = io.BytesIO()
    wb.save(out)
    content = out.getvalue()
    streamed = _trim(xlsx_stream.iter_rows(io.BytesIO(content), "Danh sách"))
    assert streamed == _openpyxl_rows(content)
    assert streamed[3][1] == dt.datetime(1990, 3, 4) and streamed[3][2] == 27090001234
    assert xlsx_stream.row_count(io.BytesIO(content), "Danh sách") == 9


def test_a_zip_that_is_not_a_workbook_is_refused_in_vietnamese(world):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    batch = services.upload(actor=world.front, commune=world.commune, kind="people", file_name="a.xlsx", content=out.getvalue())
    services.start(batch, "check")
    batch.refresh_from_db()
    assert batch.status == "failed" and "Không đọc được tệp" in batch.message


def test_the_seen_rows_index_keeps_digests_not_strings(monkeypatch):
    monkeypatch.setattr(SeenRows, "RUN", 8)
    seen = SeenRows()
    assert seen.first(("id", "027090001234"), 4) is None
    assert seen.first(("person", "nguyen van hung", dt.date(1990, 3, 4)), 5) is None
    assert seen.first(("id", "027090001234"), 9) == 4
    for n in range(10, 1010):  # through many flushes and merges
        assert seen.first(("id", f"{n:012d}"), n) is None
    assert seen.first(("id", "000000000500"), 2000) == 500 and seen.first(("id", "027090001234"), 2001) == 4
    assert seen.first(("person", "nguyen van hung", dt.date(1990, 3, 4)), 2002) == 5
    assert len(seen) == 1002 and seen.nbytes() <= 12 * 1002
    assert all(len(digests) < len(older) for (older, _r), (digests, _r2) in zip(seen._runs, seen._runs[1:], strict=False))


def test_the_shared_strings_are_packed():
    table = xlsx_stream.StringTable()
    for text in ("", "Nguyễn Văn Hùng", "Đông Sơn", "x"):
        table.append(text)
    assert [table[i] for i in range(len(table))] == ["", "Nguyễn Văn Hùng", "Đông Sơn", "x"]


@pytest.mark.django_db
def test_the_check_batches_its_look_ups_per_chunk_not_per_row(world, monkeypatch):
    """Rows with identity numbers and rows matching existing people: the queries of a check
    stay the same from 10 to 60 rows (one chunk), and a second chunk adds only a few."""
    for i in range(30):
        list_person(world, full_name=f"Người Cũ {i}", date_of_birth=dt.date(1970, 1, 1 + i % 28), national_id=f"02707000{i:04d}")

    def rows(n):
        out = []
        for i in range(n):
            if i % 2:
                j = i // 2
                born = f"{1 + j % 28:02d}/01/1970"
                out.append([f"Người Cũ {j}", born, "Nam", f"02707000{j:04d}", "Đông Sơn", PRISON, None, None])
            else:
                out.append([f"Người Mới {i}", f"01/01/{1960 + i % 40}", "Nam", None, "Núi Móng", PRISON, None, None])
        return out

    def queries(n, chunk):
        monkeypatch.setattr(services, "CHUNK", chunk)
        batch = services.upload(actor=world.front, commune=world.commune, kind="people", file_name="a.xlsx", content=xlsx(rows(n)))
        with CaptureQueriesContext(connection) as ctx:
            services.check_batch(batch)
        return len(ctx.captured_queries), batch

    few, _batch = queries(10, 500)
    many, batch = queries(60, 500)
    assert many == few
    assert batch.rows.filter(action="same").count() == 30, [r.messages for r in batch.rows.exclude(action="new")[:3]]
    assert batch.rows.filter(action="new").count() == 30
    two_chunks, _batch = queries(60, 30)
    assert two_chunks - many <= 5
