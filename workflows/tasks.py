"""Celery tasks: thin wrappers over the management commands (cron runs the same commands)."""

from __future__ import annotations

from celery import shared_task
from django.core.management import call_command


@shared_task(name="workflows.open_quarterly_reviews")
def open_quarterly_reviews_task() -> None:
    call_command("open_quarterly_reviews")


@shared_task(name="workflows.anonymise_closed_cases")
def anonymise_closed_cases_task() -> None:
    call_command("anonymise_closed_cases")
