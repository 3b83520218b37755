"""Load benchmark (prints figures; `make bench` on PostgreSQL): N concurrent logged-in sessions
of every role against gunicorn with the production middleware, for a fixed time, then the same
against a bare view behind the same middleware, and the ratio.

Knobs: BENCH_SESSIONS (20), BENCH_SECONDS (30), BENCH_WORKERS (3)."""

from __future__ import annotations

import os

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection

from tests.bench import load

pytestmark = [pytest.mark.benchmark, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_load_of_every_role_against_gunicorn(tmp_path, settings):
    assert connection.vendor == "postgresql", "run on PostgreSQL: DATABASE_URL=postgres://… make bench"
    settings.DEBUG = True  # the demo data refuses to be seeded otherwise (pytest turns DEBUG off)
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False
    sessions = int(os.environ.get("BENCH_SESSIONS", 20))
    seconds = float(os.environ.get("BENCH_SECONDS", 30))
    workers = os.environ.get("BENCH_WORKERS", "3")
    port = int(os.environ.get("BENCH_PORT", 0)) or load.free_port()
    env = load.server_env(load.database_url(connection.settings_dict), port, workers)
    with load.gunicorn(env, str(tmp_path / "gunicorn.log"), django_settings.BASE_DIR) as base:
        print(f"\n{sessions} sessions ({', '.join(load.ROLES)}), {seconds:.0f} s each run, gunicorn {workers} sync workers, "
              f"{os.cpu_count()} CPUs, PostgreSQL, production middleware")  # fmt: skip
        pages = load.run(base, sessions, seconds)
        load.show("pages of every role", pages)
        bare = load.run(base, sessions, seconds, fixed_path="/bench/bare/")
        load.show("bare view, same middleware", bare)
        print(
            f"pages/bare: throughput {pages['rps'] / bare['rps']:.2f}, p50 {pages['p50_ms'] / bare['p50_ms']:.1f}x, p95 {pages['p95_ms'] / bare['p95_ms']:.1f}x"
        )
        print("paths:", ", ".join(pages["paths"]))
