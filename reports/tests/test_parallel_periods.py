"""A national or provincial report on PostgreSQL computes the previous period in a second
thread with its own connection; its figures are those of the two periods computed one after
the other, and a commune's report (or one inside a transaction) stays in one thread."""

from __future__ import annotations

import pytest

from reports import selectors
from reports.indicators import NATION
from reports.periods import parse_period
from reports.selectors import build_report, resolve_place
from reports.tests.helpers import threads_used, three_cases

Q1 = parse_period("2026Q1")


def _figures(report) -> dict:
    return {key: (dict(f.counts), dict(f.previous)) for key, f in report.places.items()}


@pytest.mark.postgres  # a second connection must see the rows: committed, not in a test transaction
@pytest.mark.django_db(transaction=True)
def test_the_previous_period_in_a_second_thread_gives_the_same_figures(world, settings, monkeypatch):
    three_cases(world)
    settings.DONG_HANH = {**settings.DONG_HANH, "REPORT_PARALLEL_PERIODS": False}
    serial = {
        root: _figures(build_report(root, Q1, grain="area")) for root in (NATION, resolve_place("province", world.commune.province.code))
    }
    assert any(any(c.values()) for c, _p in serial[NATION].values())  # figures to compare
    settings.DONG_HANH = {**settings.DONG_HANH, "REPORT_PARALLEL_PERIODS": True}
    used = threads_used(monkeypatch, selectors, "_rolled_up")
    for root, expected in serial.items():
        assert _figures(build_report(root, Q1, grain="area")) == expected
    assert sum(name.startswith("report") for name in used) == 2  # the previous period of each, in the second thread
    used.clear()
    build_report(resolve_place("commune", world.commune.code), Q1)
    assert not any(name.startswith("report") for name in used)  # a commune's report: one thread


def test_inside_a_transaction_the_report_stays_in_one_thread(world, monkeypatch):
    three_cases(world)
    used = threads_used(monkeypatch, selectors, "_rolled_up")
    build_report(NATION, Q1)
    assert used and not any(name.startswith("report") for name in used)
