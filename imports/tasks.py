"""Celery task: a thin wrapper over the import step (the command run_import does the same)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="imports.run_import_step")
def run_import_step(batch_id: int, step: str) -> None:
    from imports.services import run_step

    run_step(batch_id, step)
