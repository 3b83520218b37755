"""The case list under gunicorn on a generated national database (tests/bench/national.py)
against a bare view behind the same middleware and session (issue 12: at 1,000,000 cases the
case list serves at least half the bare view's requests per second):

    .venv/bin/python -m tests.bench.gunicorn_national --db dong_hanh_bench_1m [--sessions 8 --seconds 20]

The commune front officer of commune 1 (the same data at every size) is given a password
(the generated users have none), signs in through the login form in each session, then the
sessions ask for /cases/ in a loop for --seconds, then for /bench/bare/. Prints requests/s,
p50 and p95 of both and their ratio. The server is tests.bench.settings (the production
middleware, the bench's bare view added), DEBUG off, N sync workers.
"""

from __future__ import annotations

import argparse
import os
import secrets
import tempfile

from tests.bench import load


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", default="2")
    parser.add_argument("--path", default="/cases/")
    args = parser.parse_args()

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    django.setup()
    from django.conf import settings
    from django.db import connection, connections

    from accounts.models import User
    from tests.bench.national import bench_user_ids

    connections["default"].settings_dict["NAME"] = args.db
    password = secrets.token_urlsafe(12)
    user = User.objects.get(pk=bench_user_ids()["commune_front"])
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM cases_case")
        cases = cursor.fetchone()[0]
    env = load.server_env(load.database_url(connection.settings_dict, args.db), load.free_port(), args.workers)
    with tempfile.TemporaryDirectory() as tmp, load.gunicorn(env, f"{tmp}/gunicorn.log", settings.BASE_DIR) as base:
        print(f"{args.db}: {cases:,} cases; {args.sessions} sessions of {user.username}, {args.seconds:.0f} s each, "
              f"gunicorn {args.workers} sync workers, {os.cpu_count()} CPUs")  # fmt: skip
        users = [user.username]
        pages = load.run(base, args.sessions, args.seconds, fixed_path=args.path, users=users, password=password)
        load.show(f"case list {args.path}", pages)
        bare = load.run(base, args.sessions, args.seconds, fixed_path="/bench/bare/", users=users, password=password)
        load.show("bare view, same middleware", bare)
        print(f"case list / bare: throughput {pages['rps'] / bare['rps']:.2f} (target at least 0.50)")


if __name__ == "__main__":
    main()
