"""Celery app. Optional: without a broker, cron runs the same management commands."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
app = Celery("dong_hanh")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic jobs. Without a broker, cron runs the same commands, e.g. for the quarterly reviews:
#   5 0 1 1,4,7,10 *  cd /srv/dong-hanh && .venv/bin/python manage.py open_quarterly_reviews
from celery.schedules import crontab  # noqa: E402

app.conf.beat_schedule = {
    **(app.conf.beat_schedule or {}),
    # First day of each quarter, 00:05 Asia/Ho_Chi_Minh (CELERY_TIMEZONE).
    "open-quarterly-reviews": {
        "task": "workflows.open_quarterly_reviews",
        "schedule": crontab(minute=5, hour=0, day_of_month=1, month_of_year="1,4,7,10"),
    },
    # Every day, 00:15: the legal tasks (issue 11).
    "sync-legal-tasks": {"task": "cases.sync_legal_tasks", "schedule": crontab(minute=15, hour=0)},
    # Every day, 06:30: the case states at each closed period end (reports.period_state; an end
    # closes PERIOD_CLOSE_GRACE_HOURS, default 6, after it), repaired after late events.
    "close-period-ends": {"task": "reports.close_period_ends", "schedule": crontab(minute=30, hour=6)},
    # Every day, 06:50: the nation's and the provinces' dashboards of the current half-year
    # (reports.dashboards), after the period ends close.
    "build-dashboards": {"task": "reports.build_dashboards", "schedule": crontab(minute=50, hour=6)},
    # Every Sunday, 02:30: retention (anonymise cases ended more than RETENTION_YEARS ago).
    "anonymise-closed-cases": {"task": "workflows.anonymise_closed_cases", "schedule": crontab(minute=30, hour=2, day_of_week=0)},
}


def reminder_schedule() -> dict:
    """The daily reminder digests at DONG_HANH["REMINDER_RUN_TIMES"] (07:00 and 12:00 by
    default, Asia/Ho_Chi_Minh): the first run makes the day's digests; a later one sends what
    a quiet time held back and retries failures (idempotent per user per day). Cron without a
    broker: `0 7,12 * * * manage.py send_reminders`."""
    from django.conf import settings

    out = {}
    for text in settings.DONG_HANH["REMINDER_RUN_TIMES"]:
        hour, _sep, minute = str(text).strip().partition(":")
        out[f"send-reminders-{int(hour):02d}{int(minute or 0):02d}"] = {
            "task": "workflows.send_reminders",
            "schedule": crontab(minute=int(minute or 0), hour=int(hour)),
        }
    return out


app.conf.beat_schedule = {**app.conf.beat_schedule, **reminder_schedule()}
