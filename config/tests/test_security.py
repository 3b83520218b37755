"""Browser and transport security: the CSP header, no inline script or style in any template,
the session limits, the password rules, and `check --deploy` clean with production settings."""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from config.middleware import LOGIN_AT, SEEN_AT

ROOT = Path(settings.BASE_DIR)


def test_every_page_has_a_strict_content_security_policy(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style>"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "inline event handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_has_an_inline_script_or_style():
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                # JSON data for scripts is not code: <script type="application/json"> is allowed
                if what == "inline <script>" and "application/json" in match.group(0):
                    continue
                found.append(f"{path.relative_to(ROOT)}: {what}")
    assert not found, found


@pytest.fixture
def logged_in(world, client):
    client.post(reverse("login"), {"username": "police", "password": "dong-hanh-demo"})
    assert client.session.get(LOGIN_AT)
    return client


def _age(client, key: str, seconds: float) -> None:
    session = client.session
    session[key] = time.time() - seconds
    session.save()


def test_a_session_idle_for_longer_than_the_limit_ends(logged_in):
    assert logged_in.get(reverse("cases:list")).status_code == 200
    _age(logged_in, SEEN_AT, settings.SESSION_IDLE_TIMEOUT.total_seconds() + 5)
    response = logged_in.get(reverse("cases:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in logged_in.session


def test_a_session_used_within_the_idle_limit_goes_on(logged_in):
    _age(logged_in, SEEN_AT, settings.SESSION_IDLE_TIMEOUT.total_seconds() - 60)
    assert logged_in.get(reverse("cases:list")).status_code == 200
    assert time.time() - logged_in.session[SEEN_AT] < 5  # the activity moved the idle clock


def test_a_session_ends_after_the_absolute_limit_even_when_active(logged_in):
    _age(logged_in, LOGIN_AT, settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds() + 5)
    _age(logged_in, SEEN_AT, 10)
    response = logged_in.get(reverse("cases:list"))
    assert response.status_code == 302 and "_auth_user_id" not in logged_in.session


def test_the_session_limits_are_settings_with_the_documented_defaults():
    assert settings.SESSION_IDLE_TIMEOUT == dt.timedelta(minutes=30)
    assert settings.SESSION_ABSOLUTE_TIMEOUT == dt.timedelta(hours=12)
    assert settings.SESSION_COOKIE_AGE == 12 * 3600


@pytest.mark.parametrize(
    "password, message",
    [
        ("head1234", "Mật khẩu quá ngắn: cần ít nhất 10 ký tự."),
        ("matkhau1", "Mật khẩu quá ngắn: cần ít nhất 10 ký tự."),
        ("matkhau2026", "Mật khẩu chỉ là một từ dễ đoán thêm chữ số: hãy dùng một cụm từ dài hơn."),
        ("donghanh@123", "Mật khẩu chỉ là một từ dễ đoán thêm chữ số: hãy dùng một cụm từ dài hơn."),
        ("1234567890", "Mật khẩu không được chỉ gồm chữ số."),
        ("password123", "Mật khẩu này quá phổ biến, dễ bị đoán."),
        ("nguyenvanhung", "Mật khẩu quá giống Tên đăng nhập."),
    ],
)
def test_weak_passwords_are_refused_in_vietnamese(db, password, message):
    from accounts.models import User

    user = User(username="nguyenvanhung", full_name="Nguyễn Văn Hùng")
    with pytest.raises(ValidationError) as exc:
        validate_password(password, user)
    assert message in exc.value.messages


def test_a_long_passphrase_passes(db):
    from accounts.models import User

    validate_password("ruộng lúa chín vàng 2026", User(username="nguyenvanhung"))


def _production_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DH_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="dong-hanh.example.vn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
    )
    return env


def test_check_deploy_with_the_production_settings_gives_no_warning(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=_production_env(tmp_path), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_production_settings_have_the_safe_defaults(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "'whitenoise.middleware.WhiteNoiseMiddleware' in s.MIDDLEWARE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=_production_env(tmp_path), capture_output=True, text=True, timeout=120
    )
    assert result.stdout.split() == ["False", "True", "31536000", "True", "True", "True"], result.stderr


def test_the_production_settings_refuse_debug(tmp_path):
    env = {**_production_env(tmp_path), "DJANGO_DEBUG": "1"}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "DJANGO_DEBUG=0 only" in result.stderr
