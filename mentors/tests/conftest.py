from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mentors import services


def at(days_ago: int = 0, hour: int | None = None) -> dt.datetime:
    """A local datetime `days_ago` days back (now, or at `hour`)."""
    now = timezone.localtime()
    value = now - dt.timedelta(days=days_ago)
    if hour is not None:
        value = value.replace(hour=hour, minute=0, second=0, microsecond=0)
    return value


@pytest.fixture
def log(world):
    """Log a visit through the service as the given user (default: the world's mentor)."""

    def _log(case, *, actor=None, visited_at=None, **data):
        data.setdefault("mode", "home")
        return services.log_visit(case, actor=actor or world.users["mentor"], visited_at=visited_at or at(), **data)

    return _log


def backdate_assignment(case, days: int) -> None:
    """Tests only: pretend the case was assigned `days` ago (the service stamps now)."""
    from mentors.models import Assignment

    Assignment.objects.filter(case=case, ended_at__isnull=True).update(started_at=timezone.now() - dt.timedelta(days=days))
