"""Celery app. Optional: without a broker, cron runs the same management commands."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
app = Celery("dong_hanh")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
