"""Test settings: fast hashing, local memory e-mail; the database still comes from DATABASE_URL."""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from config.settings.base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# A second alias on the same server for the read-replica router's tests; nothing is routed to it
# unless READ_REPLICA_ALIAS names it (config/tests/test_production.py).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
READ_REPLICA_ALIAS = ""
# Report tests move events to past dates (reports/tests/helpers.py).
ALLOW_BACKDATING = True
