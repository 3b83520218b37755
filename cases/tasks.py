"""Celery tasks: thin wrappers over the management commands (cron runs the same commands)."""

from __future__ import annotations

from celery import shared_task
from django.core.management import call_command


@shared_task(name="cases.sync_legal_tasks")
def sync_legal_tasks_task() -> None:
    call_command("sync_legal_tasks")
