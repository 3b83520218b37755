"""Production settings: DEBUG off, PostgreSQL, static files through whitenoise, one JSON log
line per request. Everything else comes from the environment (deploy/.env.example); the safe
defaults (HTTPS redirect, HSTS, secure cookies, CSP) are those of base.py with DEBUG off."""

import os

from django.core.exceptions import ImproperlyConfigured

if os.environ.get("DJANGO_DEBUG", "0").strip().lower() not in ("0", "false", "no", "off", ""):
    raise ImproperlyConfigured("config.settings.production runs with DJANGO_DEBUG=0 only.")
os.environ["DJANGO_DEBUG"] = "0"

from config.settings.base import *  # noqa: E402,F403
from config.settings.base import MIDDLEWARE  # noqa: E402

# Static files served by the application itself (no nginx needed), compressed and with
# content-hashed names (`manage.py collectstatic` at deploy time).
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "config.storage.StaticFilesStorage"},
}
