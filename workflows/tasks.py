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


@shared_task(name="workflows.send_reminders")
def send_reminders_task() -> None:
    """Daily reminder digests (workflows.reminders); beat runs it each morning, and again later
    in the day to retry failed deliveries: it is idempotent per user per day."""
    call_command("send_reminders")


@shared_task(name="workflows.open_quarterly_reviews_slice", acks_late=True)
def open_quarterly_reviews_slice(quarter: str, after: int, upto: int | None) -> int:
    """One slice of the quarter opening (workflows.services.case_slices): idempotent, so a
    slice lost with its worker is run again by the broker (acks_late) without doubling."""
    from accounts.selectors import system_user
    from workflows.services import open_quarterly_reviews

    return open_quarterly_reviews(quarter=quarter, actor=system_user(), after=after, upto=upto).opened


@shared_task(name="workflows.open_quarterly_reviews_parallel")
def open_quarterly_reviews_parallel(quarter: str | None = None, parts: int = 4) -> int:
    """Fan the quarter opening out to `parts` workers, one pk slice each. Returns the slices."""
    from workflows.quarters import quarter_of
    from workflows.services import case_slices

    quarter = quarter or quarter_of()
    slices = case_slices(quarter, parts)
    for after, upto in slices:
        open_quarterly_reviews_slice.delay(quarter, after, upto)
    return len(slices)
