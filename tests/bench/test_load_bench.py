"""Load benchmark (prints figures; `make bench` on PostgreSQL): N concurrent logged-in sessions
of every role against gunicorn with the production middleware, for a fixed time, then the same
against a bare view behind the same middleware, and the ratio.

Knobs: BENCH_SESSIONS (20), BENCH_SECONDS (30), BENCH_WORKERS (3)."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection

from tests.bench import load

pytestmark = [pytest.mark.benchmark, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_load_of_every_role_against_gunicorn(tmp_path, settings):
    assert connection.vendor == "postgresql", "run on PostgreSQL: DATABASE_URL=postgres://… make bench"
    settings.DEBUG = True  # the demo data refuses to be seeded otherwise (pytest turns DEBUG off)
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False
    sessions = int(os.environ.get("BENCH_SESSIONS", 20))
    seconds = float(os.environ.get("BENCH_SECONDS", 30))
    workers = os.environ.get("BENCH_WORKERS", "3")
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    port = int(os.environ.get("BENCH_PORT", 0)) or _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DH_"))},
        "DJANGO_SETTINGS_MODULE": "tests.bench.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}",
        "DATABASE_CONN_MAX_AGE": "60",
        "DH_REQUEST_LOG": "0",
        "DH_LOGIN_FAILURE_LIMIT": "1000",
        "WEB_CONCURRENCY": workers,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
    }
    log = open(tmp_path / "gunicorn.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"], cwd=django_settings.BASE_DIR, env=env, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5)
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, (tmp_path / "gunicorn.log").read_text()
                time.sleep(0.5)
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
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
