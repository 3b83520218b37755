"""The national report on a generated database (tests/bench/national.py), beside a
hand-written GROUP BY over the same data, at two sizes, interleaved:

    .venv/bin/python -m tests.bench.report --small dong_hanh_bench_10k --large dong_hanh_bench_1m [--reps 3]

Prints, per size: build_report (this and the previous period) down to provinces and to khu
dân cư, the time spent in its sources (SQL and fetching; summed over the two periods, which run
in two threads on PostgreSQL: reports.selectors._both_periods), the number of place rows, and
the hand-written GROUP BY of the state at the period end (a LATERAL last event per case).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

HAND_WRITTEN = """
SELECT c.area_id, s.category, e.to_state, count(*)
FROM cases_case c
JOIN cases_subject s ON s.id = c.subject_id
JOIN LATERAL (SELECT to_state FROM cases_caseevent e WHERE e.case_id = c.id AND e.created_at < %s AND e.to_state <> ''
              ORDER BY e.created_at DESC, e.id DESC LIMIT 1) e ON true
WHERE c.opened_at < %s
GROUP BY c.area_id, s.category, e.to_state
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", required=True)
    parser.add_argument("--large", required=True)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--period", default="2026Q3")
    args = parser.parse_args()

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    django.setup()
    from django.db import connection, connections

    from reports import indicators
    from reports.indicators import NATION
    from reports.periods import parse_period
    from reports.selectors import build_report

    period = parse_period(args.period)

    def use(name: str) -> None:
        connections["default"].close()
        connections["default"].settings_dict["NAME"] = name

    # time spent in the sources (SQL and fetching), to split the report into SQL and Python
    spent = {"sql": 0.0}
    originals = list(indicators.SOURCES)

    def timed(source):
        def run(*a, **k):
            started = time.perf_counter()
            rows = list(source(*a, **k))
            spent["sql"] += time.perf_counter() - started
            return rows

        run.__name__ = source.__name__
        return run

    indicators.SOURCES[:] = [timed(s) for s in originals]
    results: dict[tuple[str, str], list[tuple[float, float, int]]] = {}
    for rep in range(args.reps):
        for db in (args.small, args.large):
            use(db)
            for grain in ("province", "area"):
                spent["sql"] = 0.0
                started = time.perf_counter()
                report = build_report(NATION, period, grain=grain)
                total = time.perf_counter() - started
                results.setdefault((db, grain), []).append((total, spent["sql"], len(report.places)))
            with connection.cursor() as cursor:
                started = time.perf_counter()
                cursor.execute(HAND_WRITTEN, [period.end_before, period.end_before])
                cursor.fetchall()
                results.setdefault((db, "hand"), []).append((time.perf_counter() - started, 0.0, 0))
            print(f"rep {rep + 1}: {db} done, active {report.root_figures.counts['active']:,}", flush=True)

    print(f"\nnational report {args.period} (+ previous period); seconds: min / median; SQL part; place rows")
    for db in (args.small, args.large):
        hand = min(r[0] for r in results[(db, "hand")])
        print(f"{db}: hand-written GROUP BY (state at the end, one period): {hand:.2f} s")
        for grain in ("province", "area"):
            rows = results[(db, grain)]
            totals = [r[0] for r in rows]
            best = min(rows)
            print(
                f"  down to {grain:8}: {min(totals):6.2f} / {statistics.median(totals):6.2f} s, in the sources {best[1]:.2f} s "
                f"(summed over both periods' threads), {best[2]:,} places; {min(totals) / (2 * hand):.1f}× two hand-written periods"
            )


if __name__ == "__main__":
    main()
