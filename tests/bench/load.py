"""Load generator: N concurrent logged-in sessions against a running server for a fixed time.

Each session logs in through the real login form as one of the demo roles (round robin), reads
the links of its navigation menu, then requests them in a loop (or one fixed path) until the
time is up. Prints requests/s, p50, p95 and errors. Used by tests/bench/test_load_bench.py;
also runnable by hand: python tests/bench/load.py http://127.0.0.1:8018 20 30
"""

from __future__ import annotations

import http.client
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

ROLES = ["mentor", "head", "front", "police", "labour", "province", "admin"]
PASSWORD = "dong-hanh-demo"
NAV = re.compile(r'<nav class="nav"[^>]*>(.*?)</nav>', re.S)
HREF = re.compile(r'href="(/[^"]*)"')


@dataclass
class Session:
    base: str
    username: str
    password: str = PASSWORD
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict, str]:
        url = urlsplit(self.base)
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": url.hostname, "Accept-Language": "vi"}
        data = None
        if body is not None:
            data = urlencode(body)
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Referer": self.base + path})
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        conn.close()
        return response.status, dict(response.headers), text

    def login(self) -> list[str]:
        status, _, page = self.request("GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, headers, _ = self.request(
            "POST", "/accounts/login/", {"csrfmiddlewaretoken": token, "username": self.username, "password": self.password}
        )
        assert status == 302, f"login of {self.username} failed: {status}"
        status, headers, _ = self.request("GET", "/")
        landing = headers.get("Location", "/")
        status, _, page = self.request("GET", landing)
        nav = NAV.search(page)
        links = HREF.findall(nav.group(1)) if nav else []
        # a menu entry that redirects (the reports pick the reader's place) is requested at its target
        resolved = []
        for link in links or [landing]:
            status, headers, _ = self.request("GET", link)
            target = headers.get("Location", link) if status == 302 else link
            if not target.startswith("/accounts/login"):
                resolved.append(target)
        return resolved or [landing]


def run(
    base: str, sessions: int, seconds: float, fixed_path: str | None = None, *, users: list[str] = ROLES, password: str = PASSWORD
) -> dict:
    people = [Session(base, users[i % len(users)], password) for i in range(sessions)]
    plans = [person.login() for person in people]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start_gate = threading.Event()
    deadline = [0.0]

    def loop(person: Session, paths: list[str]) -> None:
        start_gate.wait()
        i = 0
        while time.monotonic() < deadline[0]:
            path = fixed_path or paths[i % len(paths)]
            i += 1
            t0 = time.monotonic()
            try:
                status, headers, _ = person.request("GET", path)
                ok = status == 200
                why = f"{person.username} {path} {status} {headers.get('Location', '')}"
            except Exception as exc:  # a refused or broken connection is an error, counted
                ok, why = False, f"{person.username} {path} {type(exc).__name__}"
            elapsed = time.monotonic() - t0
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors.append(why)

    threads = [threading.Thread(target=loop, args=(p, plan), daemon=True) for p, plan in zip(people, plans, strict=True)]
    for thread in threads:
        thread.start()
    began = time.monotonic()
    deadline[0] = began + seconds
    start_gate.set()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - began
    ordered = sorted(latencies)
    return {
        "requests": len(latencies),
        "rps": len(latencies) / wall,
        "p50_ms": 1000 * statistics.median(ordered) if ordered else 0,
        "p95_ms": 1000 * ordered[int(0.95 * (len(ordered) - 1))] if ordered else 0,
        "errors": len(errors),
        "error_samples": errors[:5],
        "paths": sorted({p for plan in plans for p in plan}),
    }


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(settings_dict: dict, name: str | None = None) -> str:
    """The URL of a Django database (`name`: another database on the same server)."""
    auth = settings_dict["USER"] + (f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else "")
    host, port = settings_dict["HOST"] or "127.0.0.1", settings_dict["PORT"] or 5432
    return f"postgres://{auth}@{host}:{port}/{name or settings_dict['NAME']}"


def server_env(database_url: str, port: int, workers: str) -> dict:
    """The environment of a benchmark server: tests.bench.settings (the production middleware
    and the bare view), DEBUG off, no request log, no lockouts of the load's logins."""
    import os
    import secrets

    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DH_"))},
        "DJANGO_SETTINGS_MODULE": "tests.bench.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "DH_REQUEST_LOG": "0",
        "DH_LOGIN_FAILURE_LIMIT": "1000",
        "WEB_CONCURRENCY": workers,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
    }


@contextmanager
def gunicorn(env: dict, log_path: str, cwd: str):
    """gunicorn (deploy/gunicorn.conf.py) with `env` (GUNICORN_BIND names its address) until the
    block ends; yields its base URL once /healthz answers (its log in the error otherwise)."""
    log = open(log_path, "w")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"], cwd=cwd, env=env, stdout=log, stderr=log)
    base = "http://" + env["GUNICORN_BIND"]
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(open(log_path).read()) from None
                time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def show(label: str, result: dict) -> None:
    print(
        f"{label:<28} {result['requests']:>7} req  {result['rps']:7.1f} req/s  p50 {result['p50_ms']:7.1f} ms  "
        f"p95 {result['p95_ms']:7.1f} ms  errors {result['errors']}",
        flush=True,
    )
    for sample in result["error_samples"]:
        print("   error:", sample)


if __name__ == "__main__":
    base, n, secs = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    show("pages of every role", run(base, n, secs))
    show("bare view, same middleware", run(base, n, secs, fixed_path="/bench/bare/"))
