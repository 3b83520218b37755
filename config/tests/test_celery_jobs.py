"""Background jobs end to end through a real Celery worker (a separate process) and Redis, on
the test database: the quarter opening, an indicators export, and a run that died half-way
then ran again leaving no duplicate."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from cases.models import QuarterlyReview
from reports.models import ReportExportLog
from workflows.quarters import quarter_of

pytestmark = [pytest.mark.postgres, pytest.mark.celery, pytest.mark.django_db(transaction=True)]

BROKER = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/14")


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def worker(tmp_path):
    """A real worker on its own queue (others may share the Redis), on the test database."""
    import redis

    assert connection.vendor == "postgresql"
    redis.Redis.from_url(BROKER, socket_connect_timeout=2).ping()  # fails clearly when Redis is missing
    queue = f"dh-test-{uuid.uuid4().hex[:10]}"
    log = tmp_path / "worker.log"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": _database_url(), "CELERY_BROKER_URL": BROKER}
    cmd = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "-Q", queue, "--loglevel", "INFO",
           "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{queue}@%h"]  # fmt: skip
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, cwd=settings.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while "ready." not in log.read_text():
        assert proc.poll() is None, log.read_text()
        assert time.monotonic() < deadline, "the Celery worker did not start:\n" + log.read_text()
        time.sleep(0.5)
    from config.celery import app

    app.conf.broker_url = BROKER
    yield app, queue, log
    proc.terminate()
    proc.wait(timeout=30)


def _wait(predicate, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "the job did not finish:\n" + log.read_text()[-3000:]
        time.sleep(0.5)


def test_the_quarter_opening_runs_on_the_worker(world, make_case, worker):
    app, queue, log = worker
    cases = [make_case(state) for state in ("assigned", "in_review", "supported", "in_review", "identified", "closed")]
    app.send_task("workflows.open_quarterly_reviews", queue=queue)
    quarter = quarter_of()
    _wait(lambda: QuarterlyReview.objects.filter(quarter=quarter).count() == 4, log)
    time.sleep(1)
    reviews = QuarterlyReview.objects.filter(quarter=quarter)
    assert sorted(reviews.values_list("case_id", flat=True)) == sorted(c.pk for c in cases[:4])
    assert all(r.process is not None for r in reviews)
    assert "succeeded" in log.read_text()


def test_a_run_that_died_half_way_and_ran_again_leaves_no_duplicate(world, make_case, worker, open_review):
    app, queue, log = worker
    quarter = quarter_of()
    cases = [make_case("in_review", mentor=world.mentor if i % 2 else world.mentor2) for i in range(6)]  # caseload limit 5
    # what a run killed after its first chunk leaves: those reviews committed, the rest not
    for case in cases[:3]:
        open_review(case, quarter=quarter)
    # run again, twice at once (a retry racing a second beat tick)
    app.send_task("workflows.open_quarterly_reviews", queue=queue)
    app.send_task("workflows.open_quarterly_reviews", queue=queue)
    _wait(lambda: log.read_text().count("succeeded") >= 2, log)
    reviews = QuarterlyReview.objects.filter(quarter=quarter)
    assert reviews.count() == 6
    assert sorted(reviews.values_list("case_id", flat=True)) == sorted(c.pk for c in cases)
    from viewflow.workflow.models import Process

    assert len({review.process.pk for review in reviews}) == 6
    assert Process.objects.count() == 6  # one process per review, none opened twice


def test_an_indicators_export_runs_on_the_worker(world, make_case, worker, tmp_path):
    app, queue, log = worker
    make_case("in_review")
    output = tmp_path / "chi-tieu.xlsx"
    app.send_task("reports.export_indicators", kwargs={"period": "2026", "output": str(output), "place": world.province.code}, queue=queue)
    _wait(lambda: ReportExportLog.objects.exists(), log)
    row = ReportExportLog.objects.get()
    assert (row.format, row.channel, row.place_code) == ("xlsx", "command", world.province.code)
    _wait(output.exists, log)
    assert output.stat().st_size > 1000


def test_a_province_dashboard_is_built_again_on_the_worker(world, make_case, worker):
    import datetime as dt

    from django.utils import timezone

    from reports import dashboards
    from reports.models import DashboardBuild
    from reports.periods import parse_period
    from reports.selectors import resolve_place

    app, queue, log = worker
    place = resolve_place("province", world.province.code)
    row, _report, _series = dashboards.build(place, parse_period("2026"))
    old = timezone.now() - dt.timedelta(hours=2)
    DashboardBuild.objects.filter(pk=row.pk).update(built_at=old, refresh_started_at=timezone.now())
    make_case("in_review")  # a case more since the build
    app.send_task("reports.build_dashboard", args=["province", world.province.code, "2026"], queue=queue)
    _wait(lambda: DashboardBuild.objects.get(pk=row.pk).built_at > old, log)
    row.refresh_from_db()
    assert row.refresh_started_at is None
    assert row.data["root"]["counts"]["active"] == 1


def test_the_reminder_digest_runs_on_the_worker_once_per_user_and_day(world, make_case, worker, open_review):
    """The daily digest (workflows.reminders) through the real worker, sent twice as a retry
    racing a second beat tick would: one digest per user for the day, nothing sent twice."""
    from workflows.models import ReminderDigest

    app, queue, log = worker
    open_review(make_case("in_review"))  # the mentor has a review to draft and a visit due
    app.send_task("workflows.send_reminders", queue=queue)
    app.send_task("workflows.send_reminders", queue=queue)
    _wait(lambda: log.read_text().count("succeeded") >= 2, log)
    digests = ReminderDigest.objects.filter(user=world.mentor.user)
    assert digests.count() == 1
    users = list(ReminderDigest.objects.values_list("user_id", flat=True))
    assert len(users) == len(set(users))
