"""Excel import at scale on PostgreSQL: 10,000 people with their cases through the services
(check, then write, timed), and the memory of checking 10,000 then 100,000 rows (the process's
peak resident memory after each: flat if the file is streamed and the preview written in
chunks). Prints each figure as soon as it is measured.

Run with `make bench` against PostgreSQL (DH_BENCH_IMPORT_ROWS, DH_BENCH_IMPORT_MEMORY_ROWS to change).
"""

from __future__ import annotations

import io
import os
import resource
import time

import pytest
from openpyxl import Workbook

from cases.models import Case, CaseEvent
from imports import services
from imports.tests.conftest import PEOPLE_HEADERS

N = int(os.environ.get("DH_BENCH_IMPORT_ROWS", "10000"))
BIG = int(os.environ.get("DH_BENCH_IMPORT_MEMORY_ROWS", "100000"))
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Quang", "Minh", "Hữu", "Công", "Ngọc", "Thu", "Kim"]
GIVEN = ["Hùng", "Dũng", "Tuấn", "Long", "Nam", "Sơn", "Lan", "Hương", "Mai", "Hạnh"]


def people_file(n: int) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách")
    ws.append(PEOPLE_HEADERS)
    for i in range(n):
        name = f"{FAMILY[i % 10]} {MIDDLE[(i // 10) % 10]} {GIVEN[(i // 100) % 10]} {i}"
        ws.append(
            [
                name,
                f"{1 + i % 28:02d}/{1 + i % 12:02d}/{1960 + i % 45}",
                "Nam" if i % 3 else "Nữ",
                None,
                "Đông Sơn" if i % 2 else "Núi Móng",
                "Giáo dục tại xã, phường",
                None,
                None,
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _check(world, content):
    batch = services.upload(actor=world.front, commune=world.commune, kind="people", file_name="bench.xlsx", content=content)
    started = time.monotonic()
    services.run_step(batch.pk, "check")
    return batch, time.monotonic() - started


@pytest.mark.benchmark
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_import_ten_thousand_people_with_cases_and_memory_for_a_hundred_thousand_rows(world, capsys):
    def say(text):
        with capsys.disabled():
            print(text, flush=True)

    content = people_file(N)
    batch, checked = _check(world, content)
    say(f"\nimport of {N:,} people ({len(content) / 2**20:.1f} MB .xlsx): check {checked:.1f} s")
    if os.environ.get("DH_BENCH_IMPORT_WRITE", "1") == "0":  # memory figures only
        N_WRITE = 0
    else:
        N_WRITE = N
    before = (Case.objects.count(), CaseEvent.objects.count())
    if N_WRITE:
        batch.refresh_from_db()
        batch.status, batch.mode = "importing", "all"
        batch.save()
        started = time.monotonic()
        services.run_step(batch.pk, "write")
        written = time.monotonic() - started
        batch.refresh_from_db()
        cases = Case.objects.count() - before[0]
        events = CaseEvent.objects.count() - before[1]
        say(f"write {written:.1f} s ({N / written:.0f} rows/s); {cases:,} cases and {events:,} events written, status {batch.status}")
        assert cases == N and events == N

    for n in (N, BIG):
        big = people_file(n)
        seconds = _check(world, big)[1]
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        say(f"check of {n:,} rows ({len(big) / 2**20:.1f} MB): {seconds:.1f} s, peak resident memory of the process so far {peak:.0f} MB")
