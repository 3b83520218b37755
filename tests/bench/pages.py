"""Every page at two sizes, interleaved (A B A B …), through Django's test client against two
generated databases (tests/bench/national.py), with the query counts:

    .venv/bin/python -m tests.bench.pages --small dong_hanh_bench_10k --large dong_hanh_bench_1m [--reps 7]

DATABASE_URL names the server (its database name is replaced by --small/--large). The same
users (commune 1, whose data is the same at every size) ask for the same pages in both; the
figures are min and median milliseconds per page, their ratio large/small, and the number of
queries of each request (which must be the same in both).

The pages: those listed in PAGES, then every link of each role's navigation menu (read from
its home page on the small database), so a page added to a menu is measured without being
listed here. The nation's and the provinces' report pages show their last build
(reports.dashboards): the builds are made first, as the daily job does, and their times
printed apart.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import time

PAGES = [
    # (label, role, url)
    ("case list (commune front)", "commune_front", "/cases/"),
    ("case list (police)", "commune_police", "/cases/"),
    ("case page", "commune_front", "/cases/1/"),
    ("timeline", "commune_front", "/cases/1/timeline/"),
    ("mentor home", "mentor", "/mentor/"),
    ("task inbox (mentor)", "mentor", "/tasks/"),
    ("task inbox (committee head)", "committee_head", "/tasks/"),
    ("task inbox (labour officer)", "labour_officer", "/tasks/"),
    ("commune report (commune front)", "commune_front", "/reports/commune/00001/"),
    ("province follow-up (province officer)", "province_officer", "/reports/theo-doi/01/"),
]


# the pages that read a build (reports.dashboards): the dashboards, and the follow-up (its province's)
STORED_PAGE = re.compile(r"^/reports/(?:(nation|province)|theo-doi)/([^/?]+)/$")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", required=True)
    parser.add_argument("--large", required=True)
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--only", default="", help="a regular expression the labels of the pages to run match")
    args = parser.parse_args()

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    django.setup()
    from django.conf import settings
    from django.db import connection, connections, reset_queries
    from django.test import Client
    from django.test.utils import setup_test_environment

    from accounts.models import User
    from tests.bench.national import bench_user_ids

    setup_test_environment()
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]

    def use(name: str) -> None:
        connections["default"].close()
        connections["default"].settings_dict["NAME"] = name

    from tests.bench.load import HREF, NAV

    ids = bench_user_ids()
    clients: dict[tuple[str, str], Client] = {}
    for db in (args.small, args.large):
        use(db)
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM cases_case")
            print(f"{db}: {cursor.fetchone()[0]:,} cases")
        for role in ids:
            client = Client()
            client.force_login(User.objects.get(pk=ids[role]))
            clients[(db, role)] = client
    # every menu link of every role, besides the pages listed
    use(args.small)
    listed = {(role, url) for _label, role, url in PAGES}
    menus = []
    for role in ids:
        home = clients[(args.small, role)].get("/", follow=True).content.decode()
        nav = NAV.search(home)
        for url in dict.fromkeys(HREF.findall(nav.group(1)) if nav else []):
            response = clients[(args.small, role)].get(url)
            if response.status_code == 302:  # a menu entry that picks the reader's place (reports, community)
                url = response["Location"]
            if (role, url) not in listed and "logout" not in url and not url.startswith("/accounts/login"):
                listed.add((role, url))
                menus.append((f"{role} {url}", role, url))
    pages = [p for p in [*PAGES, *menus] if re.search(args.only, p[0])]

    # The nation's and the provinces' pages read their last build (reports.dashboards): built
    # here first, as the daily job does, each build's time printed (the job's, not the page's).
    from reports import dashboards
    from reports.periods import current_half
    from reports.selectors import resolve_place
    from reports.submission_views import default_follow_period

    stored = sorted(
        {(m.group(1), m.group(2), current_half()) if m.group(1) else ("province", m.group(2), default_follow_period())
         for _label, _role, url in pages if (m := STORED_PAGE.match(url))},
        key=lambda s: (s[0], s[1], s[2].code),
    )  # fmt: skip
    for db in (args.small, args.large):
        use(db)
        for level, code, period in stored:
            row, _report, _series = dashboards.build(resolve_place(level, code), period)
            print(f"{db}: {level} {code} {period.code} dashboard built in {row.seconds:.1f} s")

    times: dict[tuple[str, str], list[float]] = {}
    queries: dict[tuple[str, str], set[int]] = {}
    connection.force_debug_cursor = True
    for rep in range(args.reps + 1):  # the first round warms up and is not counted
        for db in (args.small, args.large):
            use(db)
            connection.force_debug_cursor = True
            for label, role, url in pages:
                reset_queries()
                started = time.perf_counter()
                response = clients[(db, role)].get(url)
                elapsed = time.perf_counter() - started
                if response.status_code != 200:
                    raise SystemExit(f"{label} on {db}: HTTP {response.status_code}")
                if rep:
                    times.setdefault((db, label), []).append(elapsed * 1000)
                    queries.setdefault((db, label), set()).add(len(connection.queries))

    print(f"\n{'page':44} {'small min/med ms':>17} {'large min/med ms':>17} {'ratio(min)':>10} {'queries s/l':>12}")
    for label, _role, _url in pages:
        s, la = times[(args.small, label)], times[(args.large, label)]
        qs = "/".join(str(q) for q in sorted(queries[(args.small, label)]))
        ql = "/".join(str(q) for q in sorted(queries[(args.large, label)]))
        print(
            f"{label:44} {min(s):8.1f}/{statistics.median(s):7.1f} {min(la):8.1f}/{statistics.median(la):7.1f} "
            f"{min(la) / min(s):10.2f} {qs + ' / ' + ql:>12}"
        )


if __name__ == "__main__":
    main()
