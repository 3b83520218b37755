"""Property: whatever sequence of transitions is attempted, the case only ever moves along
the arrows of domain.md, a terminal case never moves again, and each accepted transition
leaves exactly one event and one history row (refused ones leave none)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.errors import DomainError
from cases.models import Case
from cases.tests.test_state_machine import ALLOWED, TRANSITIONS, _run


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.sampled_from(TRANSITIONS), min_size=1, max_size=8))
def test_any_sequence_of_attempts_follows_the_arrows(world, make_case, steps):
    # Examples share the fixture's database: keep caseload limits out of the way.
    for mentor in (world.mentor, world.mentor2):
        mentor.caseload_limit = 10_000
        mentor.save()
    case = make_case("identified", category="probation", clock_start_date=dt.date.today() - dt.timedelta(days=800), term_months=12)
    for name in steps:
        case = Case.objects.get(pk=case.pk)
        before_state, events, history = case.status, case.events.count(), case.history.count()
        try:
            _run(world, case, name)
        except DomainError:
            case.refresh_from_db()
            assert case.status == before_state
            assert (case.events.count(), case.history.count()) == (events, history)
            assert name not in ALLOWED[before_state]
            continue
        case.refresh_from_db()
        assert case.status == ALLOWED[before_state][name]
        assert case.events.count() == events + 1
        assert case.history.count() == history + 1
