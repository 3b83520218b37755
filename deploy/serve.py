"""`make serve`: the production run on one machine, without Docker.

Checks first and says which service is missing (PostgreSQL, Redis, a setting), then migrates,
collects the static files, and runs gunicorn, a Celery worker and Celery beat side by side.
If any of them stops, the others are stopped too and the exit status says so.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def fail(message: str) -> None:
    print(f"make serve: {message}", file=sys.stderr)
    sys.exit(1)


def preflight() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    sys.path.insert(0, str(ROOT))
    try:
        import django

        django.setup()
    except Exception as exc:  # ImproperlyConfigured names the variable
        fail(f"the settings do not load: {exc}")
    from django.conf import settings
    from django.db import connection

    if connection.vendor != "postgresql":
        fail(f"DATABASE_URL must name a PostgreSQL database in production (got {connection.vendor}).")
    try:
        connection.ensure_connection()
    except Exception as exc:
        fail(f"PostgreSQL is missing: cannot connect with DATABASE_URL ({type(exc).__name__}: {exc}).")
    broker = settings.CELERY_BROKER_URL
    if not broker:
        fail("Redis is missing: set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0) for the worker and beat.")
    try:
        import redis

        redis.Redis.from_url(broker, socket_connect_timeout=2).ping()
    except Exception as exc:
        fail(f"Redis is missing: cannot reach CELERY_BROKER_URL={broker} ({type(exc).__name__}).")


def main() -> int:
    preflight()
    env = os.environ.copy()
    for step in (["manage.py", "migrate", "--noinput"], ["manage.py", "collectstatic", "--noinput", "-v", "0"]):
        subprocess.run([PY, *step], cwd=ROOT, env=env, check=True)
    bind = env.setdefault("GUNICORN_BIND", f"127.0.0.1:{env.get('PORT', '8000')}")
    services = {
        "web (gunicorn)": [PY, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
        "worker (celery)": [PY, "-m", "celery", "-A", "config", "worker", "--loglevel", "INFO"],
        "beat (celery)": [PY, "-m", "celery", "-A", "config", "beat", "--loglevel", "INFO", "--schedule", "/tmp/dong-hanh-celerybeat"],
    }
    running = {name: subprocess.Popen(cmd, cwd=ROOT, env=env) for name, cmd in services.items()}
    print(f"make serve: web on http://{bind}/ (health: /healthz), worker and beat started.", flush=True)

    def stop(*_args):
        for proc in running.values():
            if proc.poll() is None:
                proc.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while True:
            for name, proc in running.items():
                code = proc.poll()
                if code is not None:
                    print(f"make serve: {name} stopped with status {code}; stopping the others.", file=sys.stderr, flush=True)
                    stop()
                    for other in running.values():
                        other.wait(timeout=30)
                    return code or 1
            time.sleep(1)
    finally:
        stop()


if __name__ == "__main__":
    sys.exit(main())
