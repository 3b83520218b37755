"""Two threads make conflicting transitions on one case at the same moment, on PostgreSQL
(real row locks, each thread with its own connection)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from cases import services
from cases.errors import TransitionRefused
from cases.models import Case, CaseEvent

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_database_is_really_postgresql():
    assert connection.vendor == "postgresql"


def test_conflicting_transitions_at_the_same_moment_let_exactly_one_through(world, make_case):
    case = make_case("in_review", category="probation", clock_start_date=dt.date.today() - dt.timedelta(days=800), term_months=12)
    events_before = CaseEvent.objects.filter(case=case).count()
    history_before = case.history.count()
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def run(name, fn):
        try:
            barrier.wait(timeout=10)
            fn()
            results[name] = "ok"
        except TransitionRefused as exc:
            results[name] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=("graduate", lambda: services.graduate(case.pk, actor=world.front, reason="Hết hạn"))),
        threading.Thread(target=run, args=("escalate", lambda: services.escalate(case.pk, actor=world.police, reason="Vi phạm"))),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    outcomes = sorted(type(v).__name__ if v != "ok" else "ok" for v in results.values())
    assert outcomes == ["TransitionRefused", "ok"]
    refused = next(v for v in results.values() if v != "ok")
    assert "Không thể" in refused.message
    final = Case.objects.get(pk=case.pk)
    winner = next(k for k, v in results.items() if v == "ok")
    assert final.status == {"graduate": "graduated", "escalate": "escalated"}[winner]
    assert CaseEvent.objects.filter(case=case).count() == events_before + 1
    assert final.history.count() == history_before + 1


def test_two_assignments_to_the_last_free_place_of_a_mentor_let_one_through(world, make_case):
    from cases.errors import DomainError
    from mentors.services import assign_case

    world.mentor.caseload_limit = 1
    world.mentor.save()
    a, b = make_case("identified"), make_case("identified")
    barrier = threading.Barrier(2)
    results = []

    def run(case):
        try:
            barrier.wait(timeout=10)
            assign_case(case.pk, actor=world.front, branch=world.branch, mentor=world.mentor, reason="x")
            results.append("ok")
        except DomainError as exc:
            results.append(exc.field)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results) == ["mentor", "ok"]
    assert Case.objects.filter(pk__in=[a.pk, b.pk], status="assigned").count() == 1


def test_twelve_concurrent_assigns_from_one_loaded_form_apply_exactly_one(world, make_case):
    """The defect: 12 concurrent assigns of one case applied five assignments one after another.
    Each carries the revision its form was loaded against; the row lock lets the first in and
    the revision refuses the rest."""
    from mentors.models import Assignment
    from workflows import lifecycle

    case = make_case("identified")
    revision = case.revision
    barrier = threading.Barrier(12)
    results: list[str] = []
    lock = threading.Lock()

    def run(mentor):
        try:
            barrier.wait(timeout=10)
            lifecycle.assign_case(case.pk, actor=world.front, branch=world.branch, mentor=mentor, expected_revision=revision)
            outcome = "ok"
        except TransitionRefused as exc:
            outcome = exc.field or "refused"
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=((world.mentor, world.mentor2)[i % 2],)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(results) == ["ok"] + ["revision"] * 11
    assert Assignment.objects.filter(case_id=case.pk).count() == 1
    assert CaseEvent.objects.filter(case_id=case.pk, transition__in=["assign", "reassign"]).count() == 1


def test_a_close_and_an_escalation_loaded_together_let_exactly_one_through(world, make_case):
    """The defect: a close from a stale form won 61 ms after an escalation (two winners)."""
    from workflows import lifecycle

    case = make_case("in_review")
    revision = case.revision
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def run(name, fn):
        try:
            barrier.wait(timeout=10)
            fn()
            results[name] = "ok"
        except TransitionRefused as exc:
            results[name] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(
            target=run,
            args=("close", lambda: lifecycle.close_case(case.pk, actor=world.front, reason_code="moved", expected_revision=revision)),
        ),
        threading.Thread(
            target=run,
            args=("escalate", lambda: lifecycle.escalate(case.pk, actor=world.police, reason="Vi phạm", expected_revision=revision)),
        ),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted("ok" if v == "ok" else "refused" for v in results.values()) == ["ok", "refused"]
    assert CaseEvent.objects.filter(case_id=case.pk, transition__in=["close", "escalate"]).count() == 1
