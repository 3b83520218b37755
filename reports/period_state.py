"""The state of every case at each period end, kept in a table (reports.PeriodState) that the
reports group by for closed periods; the open period (and a custom end that was never closed)
is computed live from the events (reports.indicators.live_state_at_end_sql).

**A table written by a closing job, repaired from a watermark; not a materialised view, and
not a write in the service that records the event.** Why:

* A materialised view is refreshed whole: every period end of every case recomputed at each
  refresh (at 1,000,000 cases one end is a window over some 3.5 million events), and SQLite,
  which the tests run on, has none. The table is written once per end, set-based, and only
  the cases touched by a late event are rewritten.
* The event is recorded by cases.services.record_event, and `cases` may not import `reports`
  (design.md: dependencies point one way, the registry in `cases` is for reads only, no
  signals). So the rows are not corrected in that service; instead each closed end keeps the
  highest CaseEvent id its rows account for (`PeriodClose.checked_event_id`). An event with a
  higher id dated before the end is a late event, whatever wrote it (a service, an import, a
  correction in SQL). That check is an index range scan of the primary key over the events
  since the last repair (a day's worth), so it runs inside every report query (see
  `state_joins`): while a late event is not yet repaired, that period's states are computed live
  (correct, slower); `repair_period_states` (the daily job: the close_period_ends command runs it
  before closing new ends)
  rewrites the rows of those cases and moves the watermark on.
* A period end is closed only `PERIOD_CLOSE_GRACE_HOURS` after it (default 6), so that a
  transaction still open at midnight, whose events are dated before the end but commit after
  it, is in the rows and not missed by the id watermark. Events are dated by the clock of the
  transaction that records them (record_event has no "at"), so after the grace an event dated
  before the end can only come from a path that backdates it: the watermark catches those.

Ends kept: every month end and the half/year cut-offs (settings REPORT_CUTOFF_H1/YEAR), so
every month, quarter, half and year report reads the table once its end is closed. Rows: one
per case with an event before the end (about 0.5 million per end at 1,000,000 cases with 20 %
ended; measured sizes in docs/deploy.md).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from cases.models import CaseEvent
from reports.models import PeriodClose, PeriodState
from reports.periods import _cutoff

INSERT_CHUNK = 500  # case ids per rewrite statement in a repair


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def end_before_of(period_end: dt.date) -> dt.datetime:
    """The first moment after `period_end` (local midnight of the next day)."""
    return timezone.make_aware(dt.datetime.combine(period_end + dt.timedelta(days=1), dt.time.min))


def period_end_of(end_before: dt.datetime) -> dt.date | None:
    """The period end a report's `end_before` stands for, when it is a local midnight."""
    local = timezone.localtime(end_before) if timezone.is_aware(end_before) else end_before
    if local.time() != dt.time.min:
        return None
    return local.date() - dt.timedelta(days=1)


def period_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every month end and half/year cut-off from `first` to `last`, oldest first."""
    out: set[dt.date] = set()
    y, m = first.year, first.month
    while dt.date(y, m, 1) <= last:
        nxt = dt.date(y + 1, 1, 1) if m == 12 else dt.date(y, m + 1, 1)
        out.add(nxt - dt.timedelta(days=1))
        y, m = nxt.year, nxt.month
    for year in range(first.year, last.year + 1):
        out.add(_cutoff("REPORT_CUTOFF_H1", year))
        out.add(_cutoff("REPORT_CUTOFF_YEAR", year))
    return sorted(d for d in out if first <= d <= last)


def last_closable_end(now: dt.datetime | None = None) -> dt.date:
    """The latest day whose end is at least the grace period in the past."""
    now = now or timezone.now()
    grace = dt.timedelta(hours=int(settings.DONG_HANH.get("PERIOD_CLOSE_GRACE_HOURS", 6)))
    return timezone.localtime(now - grace).date() - dt.timedelta(days=1)


def _max_event_id() -> int:
    return CaseEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _insert_states(period_end: dt.date, case_ids: list[int] | None = None) -> int:
    """INSERT … SELECT the live states at the end (all cases, or only `case_ids`); a row
    already there takes the new state (ON CONFLICT … DO UPDATE: rows are never deleted, a
    case's events never go away, so a case once at an end stays at it)."""
    from reports.indicators import NATION, live_state_at_end_sql

    sql, params = live_state_at_end_sql(end_before_of(period_end), NATION, case_ids=case_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table(PeriodState)} (period_end, case_id, state) SELECT %s, st.case_id, st.state FROM ({sql}) st "
            # "WHERE true": SQLite's parser needs it to read ON CONFLICT after a SELECT
            "WHERE true ON CONFLICT (period_end, case_id) DO UPDATE SET state = excluded.state",
            [connection.ops.adapt_datefield_value(period_end), *params],
        )
        return cursor.rowcount


def close_period_end(period_end: dt.date) -> PeriodClose:
    """Write the states of every case at `period_end` (again, if already closed: the rows are
    brought up to date), in one transaction. The watermark is read before the rows: an event committed in between has a
    higher id and is rechecked by the next repair (rewriting a row is idempotent)."""
    with transaction.atomic():
        close, _created = PeriodClose.objects.select_for_update().get_or_create(period_end=period_end)
        watermark = _max_event_id()
        count = _insert_states(period_end)
        now = timezone.now()
        PeriodClose.objects.filter(pk=close.pk).update(closed_at=now, checked_at=now, checked_event_id=watermark, cases=count, repaired=0)
        close.refresh_from_db()
        return close


def close_period_ends(now: dt.datetime | None = None, *, since: dt.date | None = None, out=None) -> list[PeriodClose]:
    """Close every end from the first event (or `since`) up to the last closable one that is
    not closed yet. The daily job (the close_period_ends command) first repairs the ends
    already closed (repair_period_states), then calls this."""
    first_event = CaseEvent.objects.order_by("created_at").values_list("created_at", flat=True).first()
    if first_event is None:
        return []
    first = since or timezone.localtime(first_event).date()
    closed = set(PeriodClose.objects.values_list("period_end", flat=True))
    done = []
    for end in period_ends(first, last_closable_end(now)):
        if end not in closed:
            done.append(close_period_end(end))
            if out:
                out(f"{end:%d/%m/%Y}: {done[-1].cases} hồ sơ")
    if done and connection.vendor == "postgresql":
        # about a million new rows per end at national scale: fresh statistics now, not at
        # autovacuum's next pass, or a commune's report may plan a scan of the whole end's
        # rows instead of its own cases' (measured: 330 ms instead of 24 ms at 1,000,000 cases)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {_table(PeriodState)}")
    return done


def late_case_ids(close: PeriodClose, upto_id: int) -> list[int]:
    """Cases with an event after the watermark (up to `upto_id`) dated before the end."""
    return list(
        CaseEvent.objects.filter(pk__gt=close.checked_event_id, pk__lte=upto_id, created_at__lt=end_before_of(close.period_end))
        .exclude(to_state="")
        .order_by()
        .values_list("case_id", flat=True)
        .distinct()
    )


def repair_period_states() -> int:
    """Rewrite the rows of every case that got a late event, for each closed end; move each
    watermark to the highest event id seen. Returns the number of rows rewritten."""
    total = 0
    for close_id in PeriodClose.objects.values_list("pk", flat=True):
        with transaction.atomic():
            close = PeriodClose.objects.select_for_update().get(pk=close_id)
            upto = _max_event_id()
            if upto <= close.checked_event_id:
                continue
            ids = late_case_ids(close, upto)
            for i in range(0, len(ids), INSERT_CHUNK):
                _insert_states(close.period_end, ids[i : i + INSERT_CHUNK])
            PeriodClose.objects.filter(pk=close.pk).update(
                checked_event_id=upto, checked_at=timezone.now(), repaired=close.repaired + len(ids)
            )
            total += len(ids)
    return total


def _fresh(period_end: dt.date, end_before: dt.datetime) -> tuple[str, list, object]:
    """The uncorrelated check that the stored rows of `period_end` are fresh (no late event
    waits for repair), its parameters, and the end as the database takes it."""
    pc, e = _table(PeriodClose), _table(CaseEvent)
    fresh = f"""EXISTS (SELECT 1 FROM {pc} pc WHERE pc.period_end = %s AND NOT EXISTS (
        SELECT 1 FROM {e} le WHERE le.id > pc.checked_event_id AND le.created_at < %s AND le.to_state <> ''))"""
    day = connection.ops.adapt_datefield_value(period_end)
    return fresh, [day, connection.ops.adapt_datetimefield_value(end_before)], day


def _live_unless_fresh(live_sql: str, fresh: str) -> str:
    """The live rows, kept only when the stored ones are not fresh."""
    return f"SELECT live.case_id, live.state FROM ({live_sql}) live WHERE NOT {fresh}"


def state_rows(end_before: dt.datetime, live_sql: str, live_params: list, *, scope: str = "", scope_params: list = ()) -> tuple[str, list]:
    """A derived table (case_id, state) of the cases with a state at `end_before`: for a closed
    end, the stored rows (narrowed by `scope`, " AND ps.case_id IN (…)") when no late event
    waits for repair, otherwise the live computation; for an open end, the live one. Both
    branches are gated by the same uncorrelated check, which PostgreSQL evaluates once as a
    one-time filter, running one branch only."""
    period_end = period_end_of(end_before)
    if period_end is None:
        return live_sql, list(live_params)
    fresh, fresh_params, day = _fresh(period_end, end_before)
    sql = f"""SELECT ps.case_id, ps.state FROM {_table(PeriodState)} ps WHERE ps.period_end = %s{scope} AND {fresh}
        UNION ALL
        {_live_unless_fresh(live_sql, fresh)}"""
    return sql, [day, *scope_params, *fresh_params, *live_params, *fresh_params]


def state_joins(
    end_before: dt.datetime, live_sql: str, live_params: list, *, wide: bool, scope: str = "", scope_params: list = ()
) -> tuple[str, list, str]:
    """The joins that give each case `c` of a report query its state at `end_before`, and
    the SQL expression of that state (NULL for a case with none, not listed yet at the end:
    the query keeps the cases whose state IS NOT NULL): the rows of `state_rows`; no extra
    query per report.

    Two shapes of the same rows, for the planner's sake (measured at 1,000,000 cases):
    - `wide` (a nation's or a province's report): the derived table of `state_rows`, joined
      by case id. Every case joins, and the cases are hashed once.
    - otherwise (a commune's, a khu dân cư's): the stored rows joined to `c` by their key, the
      live ones beside them. PostgreSQL estimated the derived table's join as a fraction of a
      row per case (one over the number of cases in the country), so a commune's report (300
      cases) ran the per-case facts once per case in a nested loop: 22 ms instead of 5. The
      same shape nationally hashes the million cases twice (about 1 s more)."""
    period_end = period_end_of(end_before)
    if wide or period_end is None:
        rows, params = state_rows(end_before, live_sql, live_params, scope=scope, scope_params=scope_params)
        return f"JOIN ({rows}) st ON st.case_id = c.id", params, "st.state"
    fresh, fresh_params, day = _fresh(period_end, end_before)
    joins = f"""LEFT JOIN {_table(PeriodState)} ps ON ps.period_end = %s AND ps.case_id = c.id AND {fresh}
    LEFT JOIN ({_live_unless_fresh(live_sql, fresh)}) lv ON lv.case_id = c.id"""
    return joins, [day, *fresh_params, *live_params, *fresh_params], "COALESCE(ps.state, lv.state)"
