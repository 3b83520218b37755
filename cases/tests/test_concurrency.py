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
