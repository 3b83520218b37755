"""The load benchmark's server settings: production settings (same middleware) over plain HTTP
on 127.0.0.1, with one extra URL, a bare view, to compare against."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "tests.bench.urls"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The benchmark's users are created by the test process, which hashes with MD5 for speed.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
]
