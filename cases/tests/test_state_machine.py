"""Every (state, transition) pair of the case state machine, allowed or refused, through the
services. The expected table is written from domain.md, not derived from the code."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from cases import services
from cases.errors import TransitionRefused
from cases.models import Category

STATES = ["identified", "assigned", "in_review", "supported", "escalated", "graduated", "closed"]
TRANSITIONS = [
    "assign",
    "reassign",
    "start_mentoring",
    "open_support",
    "close_support",
    "graduate",
    "escalate",
    "resolve_escalation",
    "close",
    "transfer",
]
ALLOWED = {
    "identified": {"assign": "assigned", "close": "closed", "transfer": "closed"},
    "assigned": {"reassign": "assigned", "start_mentoring": "in_review", "escalate": "escalated", "close": "closed", "transfer": "closed"},
    "in_review": {
        "reassign": "in_review",
        "open_support": "supported",
        "graduate": "graduated",
        "escalate": "escalated",
        "close": "closed",
        "transfer": "closed",
    },
    "supported": {
        "reassign": "supported",
        "close_support": "in_review",
        "graduate": "graduated",
        "escalate": "escalated",
        "close": "closed",
        "transfer": "closed",
    },
    "escalated": {"reassign": "escalated", "resolve_escalation": "in_review", "close": "closed", "transfer": "closed"},
    "graduated": {},
    "closed": {},
}
LABELS = {
    "assign": "Phân công",
    "reassign": "Phân công lại",
    "start_mentoring": "Bắt đầu giúp đỡ",
    "open_support": "Bắt đầu hỗ trợ",
    "close_support": "Kết thúc hỗ trợ",
    "graduate": "Đưa ra khỏi diện quản lý",
    "escalate": "Chuyển công an xử lý",
    "resolve_escalation": "Xử lý xong vụ việc",
    "close": "Kết thúc hồ sơ",
    "transfer": "Chuyển địa bàn",
}
STATE_LABELS = {
    "identified": "Đã lập danh sách",
    "assigned": "Đã phân công",
    "in_review": "Đang giúp đỡ",
    "supported": "Đang hỗ trợ",
    "escalated": "Chuyển công an xử lý",
    "graduated": "Tiến bộ, đưa ra khỏi diện quản lý",
    "closed": "Đã kết thúc",
}


def _run(world, case, name):
    actor = world.front
    if name in ("assign", "reassign"):
        mentor = world.mentor2 if case.mentor_user_id == world.mentor.user_id else world.mentor
        with transaction.atomic():
            return services.set_case_mentor(case.pk, actor=actor, mentor_user=mentor.user, reason="bảng", event_data={}, transition=name)
    if name == "start_mentoring":
        return services.start_mentoring(case, actor=actor)
    if name == "open_support":
        return services.open_support(case, actor=actor)
    if name == "close_support":
        return services.close_support(case, actor=actor)
    if name == "graduate":
        return services.graduate(case, actor=actor, reason="bảng")
    if name == "escalate":
        return services.escalate(case, actor=actor, reason="bảng")
    if name == "resolve_escalation":
        return services.resolve_escalation(case, actor=actor, outcome="in_review", reason="bảng")
    if name == "close":
        return services.close_case(case, actor=actor, reason_code="moved", reason="bảng")
    if name == "transfer":
        services.transfer_case(case, actor=actor, to_area=world.other_area, reason="bảng")
        case.refresh_from_db()
        return case
    raise AssertionError(name)


def test_the_table_covers_every_pair():
    assert set(ALLOWED) == set(STATES)
    assert all(set(targets) <= set(TRANSITIONS) for targets in ALLOWED.values())


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("name", TRANSITIONS)
def test_each_transition_from_each_state_is_allowed_or_refused_with_a_reason(world, make_case, state, name):
    # A legal clock that has ended, so that graduation is refused only by the state.
    case = make_case(state, category=Category.PROBATION, clock_start_date=dt.date.today() - dt.timedelta(days=800), term_months=12)
    events_before = case.events.count()
    history_before = case.history.count()
    expected = ALLOWED[state].get(name)
    if expected is None:
        with pytest.raises(TransitionRefused) as refused:
            _run(world, case, name)
        assert refused.value.message == f"Không thể “{LABELS[name]}” khi hồ sơ đang ở trạng thái “{STATE_LABELS[state]}”."
        case.refresh_from_db()
        assert case.status == state
        assert case.events.count() == events_before
        assert case.history.count() == history_before
    else:
        _run(world, case, name)
        case.refresh_from_db()
        assert case.status == expected
        last = case.events.order_by("-pk").first()
        assert (last.transition, last.from_state, last.to_state) == (name, state, expected)
        assert last.actor == world.front
        assert case.history.count() == history_before + 1
