"""Benchmark: open_quarterly_reviews over 10,000 eligible cases on PostgreSQL.

Run with `make bench` (pytest -m benchmark -s tests/bench) and DATABASE_URL pointing at
PostgreSQL. The cases are bulk-inserted (setting up 10,000 cases through the services would
dominate the run); the command itself runs as in production (chunks of OPEN_CHUNK cases, one transaction each).
"""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest
from django.core.management import call_command
from django.db import connection

from cases.models import Case, CaseStatus, QuarterlyReview, Subject
from workflows.models import ReviewProcess

N = int(os.environ.get("DH_BENCH_CASES", "10000"))


@pytest.mark.benchmark
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_open_quarterly_reviews_for_ten_thousand_cases(world, capsys):
    subjects = Subject.objects.bulk_create(
        [
            Subject(full_name=f"Người {i}", date_of_birth=dt.date(1990, 1, 1), sex="male", category="prison_released", area=world.area)
            for i in range(N)
        ],
        batch_size=2000,
    )
    Case.objects.bulk_create(
        [
            Case(subject=s, area=world.area, commune=world.commune, status=CaseStatus.IN_REVIEW, mentor_user=world.mentor.user)
            for s in subjects
        ],
        batch_size=2000,
    )
    started = time.monotonic()
    call_command("open_quarterly_reviews", "--quarter", "2026Q4")
    first = time.monotonic() - started
    started = time.monotonic()
    call_command("open_quarterly_reviews", "--quarter", "2026Q4")
    second = time.monotonic() - started
    assert QuarterlyReview.objects.filter(quarter="2026Q4").count() == N
    assert ReviewProcess.objects.count() == N
    with capsys.disabled():
        print(
            f"\n[bench] open_quarterly_reviews on {connection.vendor}: {N} cases opened in {first:.1f} s "
            f"({first / N * 1000:.2f} ms per case); second run (nothing to open) {second * 1000:.0f} ms"
        )
