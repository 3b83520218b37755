"""The quarter opening on a generated database (tests/bench/national.py): the first run, a
rerun for the same quarter (nothing to open), their time and the process's peak memory, and
the plans of the "not yet opened" lookup, as NOT EXISTS (now) and as the NOT IN it replaced:

    DATABASE_URL=postgres://…/dong_hanh_bench_1m .venv/bin/python -m tests.bench.quarter [--quarter 2026Q4] [--workers 2]

--workers N runs the first opening as N processes, one slice each (workflows.services.case_slices,
what workflows.tasks.open_quarterly_reviews_parallel hands to N Celery workers), and prints
each one's time and peak memory.

It writes to the database (the quarter's reviews, processes and tasks), like the command.
"""

from __future__ import annotations

import argparse
import os
import resource
import time


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _slice(args) -> tuple[int, float, float]:
    """One worker: open the quarter for the cases after < pk <= upto (a fresh process)."""
    quarter, after, upto = args
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    django.setup()
    from accounts.selectors import system_user
    from workflows.services import open_quarterly_reviews

    started = time.perf_counter()
    opened = open_quarterly_reviews(quarter=quarter, actor=system_user(), after=after, upto=upto).opened
    return opened, time.perf_counter() - started, _rss_mb()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quarter", default="2026Q4")
    parser.add_argument("--workers", type=int, default=1, help="processes for the first run, a slice each")
    parser.add_argument("--rerun-only", action="store_true", help="only the rerun and the plans (a quarter already opened)")
    parser.add_argument("--old-plan-timeout", default="60s", help="statement_timeout for EXPLAIN ANALYZE of the old NOT IN")
    args = parser.parse_args()

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    django.setup()
    from django.db import connection

    from accounts.selectors import system_user
    from cases.models import ACTIVE_MENTORING_STATES, Case, QuarterlyReview
    from workflows.services import cases_to_open, open_quarterly_reviews

    actor = system_user()
    eligible = Case.objects.filter(status__in=ACTIVE_MENTORING_STATES).count()
    baseline = _rss_mb()
    print(f"{connection.settings_dict['NAME']}: {eligible:,} cases in the mentoring states; quarter {args.quarter}")
    print(f"peak RSS before: {baseline:.0f} MB")
    if not args.rerun_only and args.workers > 1:
        import multiprocessing

        from workflows.services import case_slices

        started = time.perf_counter()
        slices = case_slices(args.quarter, args.workers)
        connection.close()  # the workers open their own
        with multiprocessing.get_context("spawn").Pool(len(slices)) as pool:
            done = pool.map(_slice, [(args.quarter, after, upto) for after, upto in slices])
        t1 = time.perf_counter() - started
        total = sum(d[0] for d in done)
        print(f"first run, {len(slices)} workers: opened {total:,} in {t1:.1f} s ({t1 / max(total, 1) * 1000:.3f} ms per case)")
        for i, (n, seconds, rss) in enumerate(done, start=1):
            print(f"  worker {i}: {n:,} in {seconds:.1f} s, peak RSS {rss:.0f} MB")
    elif not args.rerun_only:
        started = time.perf_counter()
        first = open_quarterly_reviews(quarter=args.quarter, actor=actor)
        t1 = time.perf_counter() - started
        print(
            f"first run: opened {first.opened:,} in {t1:.1f} s ({t1 / max(first.opened, 1) * 1000:.2f} ms per case); "
            f"peak RSS {_rss_mb():.0f} MB (+{_rss_mb() - baseline:.0f} MB)"
        )
    started = time.perf_counter()
    second = open_quarterly_reviews(quarter=args.quarter, actor=actor)
    t2 = time.perf_counter() - started
    print(f"rerun: opened {second.opened:,} in {t2:.2f} s; peak RSS {_rss_mb():.0f} MB")
    print(f"reviews for {args.quarter}: {QuarterlyReview.objects.filter(quarter=args.quarter).count():,}")

    with connection.cursor() as cursor:
        sql, params = cases_to_open(args.quarter).values("pk").query.sql_with_params()
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql + " LIMIT 1000", params)
        print("\nNOT EXISTS, first chunk of a rerun (LIMIT 1000):\n" + "\n".join(r[0] for r in cursor.fetchall()))
        cursor.execute("EXPLAIN (ANALYZE) " + sql, params)
        print("\nNOT EXISTS, all at once:\n" + "\n".join(r[0] for r in cursor.fetchall()))
        old = (
            Case.objects.filter(status__in=ACTIVE_MENTORING_STATES)
            .exclude(pk__in=QuarterlyReview.objects.filter(quarter=args.quarter).values("case_id"))
            .order_by("pk")
            .values("pk")
        )
        sql, params = old.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        print("\nthe old NOT IN (plan):\n" + "\n".join(r[0] for r in cursor.fetchall()))
        cursor.execute("SET statement_timeout = %s", [args.old_plan_timeout])
        started = time.perf_counter()
        try:
            cursor.execute("EXPLAIN (ANALYZE) " + sql, params)
            print("\n".join(r[0] for r in cursor.fetchall()))
        except Exception as exc:  # noqa: BLE001 - the timeout is the figure
            print(f"the old NOT IN: cancelled after {time.perf_counter() - started:.0f} s ({type(exc).__name__})")
        cursor.execute("RESET statement_timeout")


if __name__ == "__main__":
    main()
