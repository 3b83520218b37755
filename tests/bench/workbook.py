"""The national workbook (reports.workbook.write_streamed_xlsx) on generated databases
(tests/bench/national.py): wall and CPU seconds (CPU: this process's threads), the wait for
the national queries before the first province's rows can be written, the peak resident
memory and the file's size.

    .venv/bin/python -m tests.bench.workbook --db dong_hanh_bench_10k --db dong_hanh_bench_1m

Each database is measured in a process of its own (the peak memory is that process's), one
after the other; --reps repeats each (min and median printed). Targets (issue 12): under 60 s
and under 150 MB at 1,000,000 cases.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile


def one(db: str, period_code: str, parallel: bool) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    django.setup()
    import resource

    from django.db import connections

    from reports import workbook
    from reports.indicators import NATION
    from reports.periods import parse_period

    connections["default"].settings_dict["NAME"] = db
    from django.conf import settings

    settings.DONG_HANH["REPORT_PARALLEL_PERIODS"] = parallel
    spent = {"reports": 0.0}
    original = workbook.province_reports

    def timed(*a, **k):  # the national queries run before the first province's report comes
        started = time.perf_counter()
        reports = original(*a, **k)
        first = next(reports)
        spent["reports"] = time.perf_counter() - started
        yield first
        yield from reports

    workbook.province_reports = timed
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as out:
        wall, cpu = time.perf_counter(), time.process_time()
        workbook.write_streamed_xlsx(NATION, parse_period(period_code), out.name)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        size = os.path.getsize(out.name)
        rows = {}
        with zipfile.ZipFile(out.name) as z:  # rows per sheet, counted in the file itself
            for name in z.namelist():
                if name.startswith("xl/worksheets/"):
                    with z.open(name) as member:
                        rows[name] = sum(chunk.count(b"<row ") for chunk in iter(lambda: member.read(1 << 20), b""))
        from reports.indicators import INDICATORS

        cells = sum(rows.values()) * (3 + 2 * len(INDICATORS))  # the place sheets' width (the summary is narrower)
    return {
        "wall": wall,
        "cpu": cpu,
        "reports": spent["reports"],
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "size_mb": size / 1e6,
        "cells": cells,
        "rows": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", action="append", required=True)
    parser.add_argument("--reps", type=int, default=2)
    parser.add_argument("--period", default="2026Q3")
    parser.add_argument("--serial", action="store_true", help="REPORT_PARALLEL_PERIODS off: the two periods' queries one after the other")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.period, not args.serial)))
        return
    results: dict[str, list[dict]] = {}
    for rep in range(args.reps):
        for db in args.db:
            out = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "tests.bench.workbook",
                    "--db",
                    db,
                    "--one",
                    db,
                    "--period",
                    args.period,
                    *(["--serial"] if args.serial else []),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            results.setdefault(db, []).append(json.loads(out.stdout.strip().splitlines()[-1]))
            r = results[db][-1]
            print(f"rep {rep + 1}: {db}: {r['wall']:.1f} s", flush=True)
    periods = "one after the other" if args.serial else "in two connections at once"
    print(f"\nnational workbook {args.period} (this and the previous period, down to khu dân cư; the periods' queries {periods})")
    for db, runs in results.items():
        walls = [r["wall"] for r in runs]
        best = min(runs, key=lambda r: r["wall"])
        print(
            f"{db}: {min(walls):.1f} / {statistics.median(walls):.1f} s (min / median), CPU {best['cpu']:.1f} s, "
            f"the queries before the first province {best['reports']:.1f} s; "
            f"peak {max(r['peak_mb'] for r in runs):.0f} MB; {best['size_mb']:.0f} MB file, {best['cells']:,} cells, rows {best['rows']}"
        )


if __name__ == "__main__":
    main()
