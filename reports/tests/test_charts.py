"""The server-drawn charts: an axis whose labels are the counts at their heights."""

from __future__ import annotations

import re

import pytest

from reports.charts import nice_axis, stacked_columns

SERIES = [("identified", "Đã xác định"), ("assigned", "Đã phân công")]


def _axis_and_bars(svg: str) -> tuple[list[tuple[int, float]], list[tuple[float, float]]]:
    """The ticks (count, y of its grid line) and each bar's (top, bottom)."""
    lines = [float(y) for y in re.findall(r'<line x1="[\d.]+" x2="[\d.]+" y1="([\d.]+)"', svg)]
    labels = [int(t.replace(".", "")) for t in re.findall(r'class="tick">([\d.]+)</text>', svg)]
    bars = [
        (float(y), float(y) + float(h)) for y, h in re.findall(r'<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)" fill', svg)
    ]
    return list(zip(labels, lines, strict=True)), bars


@pytest.mark.parametrize("peak", [1, 2, 3, 7, 8, 10, 13, 23, 99, 1234, 45000])
def test_the_axis_steps_are_whole_and_nice_and_reach_the_peak(peak):
    step, top = nice_axis(peak)
    assert int(str(step).rstrip("0") or 0) in (1, 2, 5)
    assert top % step == 0 and top >= peak and top - step < peak and top // step <= 5


def test_a_bar_of_two_ends_on_the_line_labelled_2():
    # the tester's chart: 2 and 10 people; before, the ticks read 0, 2, 5, 8, 10 (2.5 and 7.5
    # rounded) at equal spacing, so the bar of 2 ended below the "2" line
    svg = stacked_columns([("31/03/2026", {"identified": 2}), ("30/06/2026", {"identified": 4, "assigned": 6})], SERIES, title="t")
    ticks, bars = _axis_and_bars(svg)
    assert [count for count, _y in ticks] == [0, 2, 4, 6, 8, 10]
    at = dict(ticks)
    # equal steps of count are equal steps of height
    assert len({round(at[c] - at[c + 2], 1) for c in (0, 2, 4, 6, 8)}) == 1
    assert bars[0] == pytest.approx((at[2], at[0]), abs=0.11)
    assert bars[1][0] == pytest.approx(at[4], abs=0.11) and bars[2][0] == pytest.approx(at[10], abs=0.11)


def test_large_counts_read_with_thousands_separators():
    svg = stacked_columns([("31/03/2026", {"identified": 2400})], SERIES, title="t")
    ticks, bars = _axis_and_bars(svg)
    assert re.findall(r'class="tick">([\d.]+)</text>', svg) == ["0", "500", "1.000", "1.500", "2.000", "2.500"]
    at = dict(ticks)
    assert bars[0][0] == pytest.approx(at[0] - (at[0] - at[1000]) * 2.4, abs=0.2)
    assert ">2.400</text>" in svg  # the bar's own figure
    # the widest label fits left of the axis (text-anchor end at x = left - 4)
    left = float(re.search(r'<line x1="([\d.]+)"', svg)[1])
    assert left - 4 >= 7.2 * len("2.500")
