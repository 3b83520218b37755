"""The case states at each closed period end (reports.period_state) agree with the live
computation from the events, on a hand-built history with late events."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from reports import period_state
from reports.indicators import INDICATORS_BY_KEY, NATION, live_state_at_end_sql, state_at_end_joins
from reports.models import PeriodClose, PeriodState
from reports.periods import parse_period
from reports.selectors import build_report, resolve_place
from reports.tests.helpers import Story

NOW = timezone.make_aware(dt.datetime(2026, 6, 15, 12, 0))


def _rows(sql: str, params: list) -> dict[int, str]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


def live(end: dt.date) -> dict[int, str]:
    return _rows(*live_state_at_end_sql(period_state.end_before_of(end), NATION))


def through_reports(end: dt.date, root=NATION) -> dict[int, str]:
    """What a report of `root` joins for that end (the table or, while stale, the live
    branch): one derived table for the nation (and a province), the stored rows joined by
    their key for a commune (reports.period_state.state_joins); the same rows either way."""
    joins, params, state = state_at_end_joins(period_state.end_before_of(end), root)
    scope = "" if root.level == "nation" else " AND c.commune_id = %s"
    return _rows(
        f"SELECT c.id, {state} FROM cases_case c {joins} WHERE {state} IS NOT NULL{scope}", [*params, *([root.id] if scope else [])]
    )


def communes(world):
    return [resolve_place("commune", commune.code) for commune in (world.commune, world.other_area.commune)]


def table(end: dt.date) -> dict[int, str]:
    return dict(PeriodState.objects.filter(period_end=end).values_list("case_id", "state"))


def fresh(end: dt.date) -> bool:
    close = PeriodClose.objects.get(period_end=end)
    return not period_state.late_case_ids(close, period_state._max_event_id())


@pytest.fixture
def history(world):
    s = Story(world)
    a = s.listed("2025-12-10")
    s.assigned(a, "2026-01-05")
    s.mentoring(a, "2026-02-01")
    b = s.listed("2026-01-15", area=world.area2)
    s.closed(b, "2026-03-31", reason_code="moved")  # on the quarter's last day
    c = s.listed("2026-02-20")
    s.assigned(c, "2026-03-02")
    s.mentoring(c, "2026-04-01")  # the first moment of Q2: not in Q1's state
    s.escalated(c, "2026-05-10")
    d = s.listed("2026-04-20", area=world.other_area)
    s.cases = {"a": a, "b": b, "c": c, "d": d}
    return s


def test_the_closing_job_writes_every_month_end_and_its_rows_are_the_live_states(world, history):
    done = period_state.close_period_ends(NOW)
    ends = [close.period_end for close in done]
    assert ends[0] == dt.date(2025, 12, 31) and ends[-1] == dt.date(2026, 5, 31)
    assert dt.date(2026, 3, 31) in ends and dt.date(2026, 6, 30) not in ends  # June is still open
    c = history.cases
    q1 = table(dt.date(2026, 3, 31))
    assert q1[c["a"].pk] == "in_review" and q1[c["b"].pk] == "closed" and q1[c["c"].pk] == "assigned"
    assert c["d"].pk not in q1  # listed after the end
    for end in ends:
        assert table(end) == live(end), end
        assert through_reports(end) == live(end)
        assert {**through_reports(end, communes(world)[0]), **through_reports(end, communes(world)[1])} == live(end)
    # a second run closes nothing new
    assert period_state.close_period_ends(NOW) == []


def test_late_events_are_counted_live_until_repaired_then_the_rows_agree_again(world, history):
    period_state.close_period_ends(NOW)
    s, c = history, history.cases
    # late: an escalation dated 15/03 and a person listed as of 10/02, both recorded after the close
    s.escalated(c["a"], "2026-03-15")
    e = s.listed("2026-02-10")
    march, april = dt.date(2026, 3, 31), dt.date(2026, 4, 30)
    assert table(march)[c["a"].pk] == "in_review" and e.pk not in table(march)  # the rows are stale
    assert live(march)[c["a"].pk] == "escalated" and live(march)[e.pk] == "identified"
    # a report never reads the stale rows: the late events send that end to the live branch
    assert not fresh(march) and not fresh(dt.date(2026, 2, 28))
    assert fresh(dt.date(2026, 1, 31))  # an end before the late events is not affected
    for end in (dt.date(2026, 1, 31), dt.date(2026, 2, 28), march, april):
        assert through_reports(end) == live(end)
        assert {**through_reports(end, communes(world)[0]), **through_reports(end, communes(world)[1])} == live(end)
    root = resolve_place("commune", world.commune.code)
    report = build_report(root, parse_period("2026Q1"), with_previous=False)
    assert report.root_figures.value(INDICATORS_BY_KEY["state:escalated"]) == 1

    rewritten = period_state.repair_period_states()
    assert rewritten == 4 + 3  # the listing at 28/02, 31/03, 30/04, 31/05; the escalation from 31/03
    for close in PeriodClose.objects.all():
        assert table(close.period_end) == live(close.period_end), close.period_end
        assert fresh(close.period_end)
    assert table(dt.date(2026, 1, 31)).get(e.pk) is None  # listed as of 10/02
    again = build_report(root, parse_period("2026Q1"), with_previous=False)
    assert again.root_figures.counts == report.root_figures.counts
    # nothing late since: a repair rewrites nothing
    assert period_state.repair_period_states() == 0


def test_a_report_of_a_closed_period_gives_the_same_figures_as_before_the_close(world, history):
    root = resolve_place("commune", world.commune.code)
    q1 = parse_period("2026Q1")
    before = build_report(root, q1, grain="area")
    period_state.close_period_ends(NOW)
    after = build_report(root, q1, grain="area")
    assert {k: f.counts for k, f in after.places.items()} == {k: f.counts for k, f in before.places.items()}
    assert {k: f.previous for k, f in after.places.items()} == {k: f.previous for k, f in before.places.items()}


def test_a_period_end_closes_only_after_the_grace_hours(history, settings):
    settings.DONG_HANH = {**settings.DONG_HANH, "PERIOD_CLOSE_GRACE_HOURS": 6}
    just_after = timezone.make_aware(dt.datetime(2026, 6, 1, 5, 0))
    assert period_state.last_closable_end(just_after) == dt.date(2026, 5, 30)
    assert period_state.last_closable_end(just_after + dt.timedelta(hours=1)) == dt.date(2026, 5, 31)


def test_the_ends_are_month_ends_and_the_cut_offs(settings):
    settings.DONG_HANH = {**settings.DONG_HANH, "REPORT_CUTOFF_H1": "15/05", "REPORT_CUTOFF_YEAR": "15/11"}
    ends = period_state.period_ends(dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    assert ends == [dt.date(2026, 4, 30), dt.date(2026, 5, 15), dt.date(2026, 5, 31), dt.date(2026, 6, 30)]


def test_the_daily_command_repairs_the_closed_ends_once_then_closes_the_new_ones(history):
    """The close_period_ends command (the Celery beat task calls it): a late event is repaired
    in the ends already closed, counted once in its message, and the ends since are closed."""
    from io import StringIO

    from django.core.management import call_command

    period_state.close_period_ends(NOW)  # closed up to 31/05/2026
    s, c = history, history.cases
    s.escalated(c["a"], "2026-03-15")  # late: dated before three closed ends
    out = StringIO()
    call_command("close_period_ends", stdout=out)
    assert "tính lại 3 hồ sơ" in out.getvalue()  # 31/03, 30/04, 31/05: the case, once per end
    closed = list(PeriodClose.objects.order_by("period_end").values_list("period_end", flat=True))
    # the latest month end or cut-off whose grace has passed (the last closable day is one only at a month's turn)
    assert closed[-1] == period_state.period_ends(dt.date(2026, 6, 1), period_state.last_closable_end())[-1]
    assert dt.date(2026, 6, 30) in closed
    for end in (dt.date(2026, 3, 31), dt.date(2026, 5, 31), dt.date(2026, 6, 30)):
        assert table(end) == live(end), end
        assert fresh(end)


def test_the_nations_states_at_an_end_are_its_communes_summed_open_closed_stale_and_repaired(world, history):
    """states_at_end counts the nation from the states alone (an anti join leaves out the
    cases listed after the end); a commune's joins its cases: the same figures either way."""
    from collections import Counter

    from cases.models import Case
    from reports.indicators import states_at_end

    ends = [dt.date(2026, 1, 31), dt.date(2026, 3, 31), dt.date(2026, 5, 31), dt.date(2026, 6, 30)]  # June stays open

    def check(expected_march: Counter) -> None:
        for end in ends:
            before = period_state.end_before_of(end)
            nation = states_at_end(before, NATION)
            assert nation == sum((states_at_end(before, commune) for commune in communes(world)), Counter()), end
            listed = set(Case.objects.filter(opened_at__lt=before).values_list("pk", flat=True))
            assert nation == Counter(state for pk, state in live(end).items() if pk in listed), end
            if end == dt.date(2026, 3, 31):
                assert nation == expected_march

    c = history.cases
    check(Counter({"in_review": 1, "closed": 1, "assigned": 1}))  # all live: nothing closed yet
    period_state.close_period_ends(NOW)
    check(Counter({"in_review": 1, "closed": 1, "assigned": 1}))  # the stored rows
    history.escalated(c["a"], "2026-03-15")  # late: the March rows are stale
    assert not fresh(dt.date(2026, 3, 31))
    check(Counter({"escalated": 1, "closed": 1, "assigned": 1}))
    period_state.repair_period_states()
    check(Counter({"escalated": 1, "closed": 1, "assigned": 1}))
    # a case whose listing date was moved after the end, though its events are dated before: not counted at that end
    Case.objects.filter(pk=c["b"].pk).update(opened_at=timezone.make_aware(dt.datetime(2026, 4, 2)))
    check(Counter({"escalated": 1, "assigned": 1}))
