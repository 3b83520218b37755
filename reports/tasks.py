"""Celery tasks: thin wrappers over the management commands (cron runs the same commands)."""

from __future__ import annotations

from celery import shared_task
from django.core.management import call_command


@shared_task(name="reports.export_indicators")
def export_indicators_task(*, period: str, output: str, place: str | None = None, fmt: str = "xlsx") -> None:
    """A periodic report's indicators written to a file (and logged as an export)."""
    args = ["indicators", "--period", period, "--format", fmt, "--output", output]
    if place:
        args += ["--place", place]
    call_command(*args)


@shared_task(name="reports.close_period_ends")
def close_period_ends_task() -> None:
    """The daily closing job of reports.period_state."""
    call_command("close_period_ends")


@shared_task(name="reports.export_workbook")
def export_workbook_task(job_id: int) -> None:
    """A requested workbook (reports.workbook.run_job), with its progress on the job."""
    from reports.workbook import run_job

    run_job(job_id)


@shared_task(name="reports.build_dashboard")
def build_dashboard_task(level: str, code: str, period: str) -> None:
    """A nation's or a province's dashboard built again in the background (reports.dashboards)."""
    from reports.dashboards import run_refresh

    run_refresh(level, code, period)


@shared_task(name="reports.build_dashboards")
def build_dashboards_task() -> None:
    """The daily build of the nation's and the provinces' dashboards."""
    call_command("build_dashboards")
