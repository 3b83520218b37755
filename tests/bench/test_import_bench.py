"""Excel import at scale on PostgreSQL: 10,000 people with their cases through the services
(check, then write, timed), and the memory of checking 10,000 then 100,000 rows (the process's
peak resident memory after each, both files made beforehand: flat if the file is streamed, the
look-ups batched and the preview written in chunks). Prints each figure as soon as it is measured.

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


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _check(world, content, uploaded: list | None = None):
    batch = services.upload(actor=world.front, commune=world.commune, kind="people", file_name="bench.xlsx", content=content)
    if uploaded is not None:
        uploaded.append(_peak_mb())  # the file's passage into the database, before the check
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

    # Both files are made first, so that the peaks after each check compare the checks alone.
    content, big = people_file(N), people_file(BIG)
    say(f"\nfiles made: {N:,} rows {len(content) / 2**20:.1f} MB, {BIG:,} rows {len(big) / 2**20:.1f} MB; peak so far {_peak_mb():.0f} MB")
    batch, checked = _check(world, content)
    first_peak = _peak_mb()
    say(f"check of {N:,} rows: {checked:.1f} s ({N / checked:.0f} rows/s), peak resident memory {first_peak:.0f} MB")
    uploaded: list[float] = []
    seconds = _check(world, big, uploaded)[1]
    say(
        f"check of {BIG:,} rows: {seconds:.1f} s ({BIG / seconds:.0f} rows/s), peak resident memory {_peak_mb():.0f} MB "
        f"({_peak_mb() - first_peak:+.0f} MB for {BIG // N}× the rows; {uploaded[0] - first_peak:+.0f} MB of it already "
        f"after uploading the {len(big) / 2**20:.1f} MB file, before the check)"
    )
    del big
    if os.environ.get("DH_BENCH_IMPORT_WRITE", "1") == "0":  # memory figures only
        return
    before = (Case.objects.count(), CaseEvent.objects.count())
    batch.refresh_from_db()
    batch.status, batch.mode = "importing", "all"
    batch.save()
    started = time.monotonic()
    services.run_step(batch.pk, "write")
    written = time.monotonic() - started
    batch.refresh_from_db()
    cases = Case.objects.count() - before[0]
    events = CaseEvent.objects.count() - before[1]
    say(
        f"write of {N:,} people with cases: {written:.1f} s ({N / written:.0f} rows/s); {cases:,} cases and {events:,} events, status {batch.status}"
    )
    assert cases == N and events == N
    again = _check(world, content)[1]
    say(f"check of the same {N:,} rows again (every row now an existing person): {again:.1f} s ({N / again:.0f} rows/s)")
