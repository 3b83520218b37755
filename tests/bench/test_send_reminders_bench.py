"""Prints what the daily reminder job costs: queries and seconds for a first run (digests made
and sent) and for a rerun (nothing to send), per reminded user. A figure, not a timed test."""

from __future__ import annotations

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workflows.reminders import reminded_users, send_reminders

pytestmark = pytest.mark.benchmark


def test_print_the_cost_of_the_daily_reminders(world, make_case, open_review, settings):
    settings.DONG_HANH = {**settings.DONG_HANH, "MENTOR_DEFAULT_CASELOAD": 50}
    for i in range(30):
        case = make_case("in_review", mentor=world.mentor if i % 2 else world.mentor2)
        if i % 3 == 0:
            open_review(case)
    users = reminded_users().count()
    for label in ("first run", "rerun"):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            result = send_reminders()
        seconds = time.perf_counter() - started
        print(
            f"\nsend_reminders {label}: {users} users, {result.digests} new digests, sent {dict(result.sent)}, "
            f"{len(ctx.captured_queries)} queries ({len(ctx.captured_queries) / users:.1f} per user), {seconds:.2f} s on {connection.vendor}"
        )
