from __future__ import annotations

import datetime as dt

import pytest

from cases import services
from cases.errors import DomainError, PermissionRefused, TransitionRefused
from cases.models import CaseStatus, Category, QuarterlyReview, ReviewRating, ReviewStatus
from cases.selectors import visible_cases
from mentors import services as mentor_services


def test_events_and_history_name_each_actor_and_reason_in_order(world, make_case):
    case = make_case("identified")
    mentor_services.assign_case(case, actor=world.head, branch=world.branch, mentor=world.mentor, reason="Họp ban ngày 01/10")
    services.start_mentoring(case, actor=world.mentor.user, reason="Gặp lần đầu")
    services.escalate(case, actor=world.police, reason="Mất liên lạc 2 tháng")
    services.resolve_escalation(case, actor=world.police, outcome="in_review", reason="Đã liên lạc lại")

    events = list(case.events.order_by("created_at", "pk").values_list("transition", "actor__username", "reason"))
    assert events == [
        ("create", "front", ""),
        ("assign", "head", "Họp ban ngày 01/10"),
        ("start_mentoring", "mentor", "Gặp lần đầu"),
        ("escalate", "police", "Mất liên lạc 2 tháng"),
        ("resolve_escalation", "police", "Đã liên lạc lại"),
    ]
    rows = list(
        case.history.order_by("history_date", "history_id").values_list("status", "history_user__username", "history_change_reason")
    )
    assert rows == [
        ("identified", "front", "Lập danh sách"),
        ("assigned", "head", "Họp ban ngày 01/10"),
        ("in_review", "mentor", "Gặp lần đầu"),
        ("escalated", "police", "Mất liên lạc 2 tháng"),
        ("in_review", "police", "Đã liên lạc lại"),
    ]


def test_reassigning_moves_access_from_the_old_mentor_at_once(world, make_case):
    case = make_case("in_review")
    assert case in visible_cases(world.mentor.user)
    mentor_services.assign_case(case, actor=world.head, branch=world.branch, mentor=world.mentor2, reason="Chị Hoa chuyển công tác")
    world.mentor.user.__dict__.pop("_dh_scope", None)
    assert case not in visible_cases(world.mentor.user)
    assert case in visible_cases(world.mentor2.user)
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW  # reassigning keeps the state
    assert case.mentor_user == world.mentor2.user


def test_a_police_officer_may_not_assign(world, make_case):
    case = make_case("identified")
    with pytest.raises(PermissionRefused):
        mentor_services.assign_case(case, actor=world.police, branch=world.branch, mentor=world.mentor)
    case.refresh_from_db()
    assert case.status == "identified"


def test_an_outsider_may_not_escalate_a_case_of_another_commune(world, make_case):
    case = make_case("in_review")
    with pytest.raises(PermissionRefused):
        services.escalate(case, actor=world.outsider, reason="x")


def test_graduation_is_refused_without_progress_or_an_ended_legal_clock(world, make_case, settings):
    case = make_case("in_review", category=Category.AT_RISK)
    with pytest.raises(TransitionRefused) as refused:
        services.graduate(case, actor=world.front, reason="Tiến bộ")
    assert "2 kỳ đánh giá" in refused.value.message
    case.refresh_from_db()
    assert case.status == "in_review"


def test_graduation_by_progress_needs_the_last_n_approved_reviews_progressing(world, make_case, settings):
    settings.DONG_HANH = {**settings.DONG_HANH, "GRADUATION_PROGRESS_REVIEWS": 2}
    case = make_case("in_review", category=Category.AT_RISK)
    QuarterlyReview.objects.create(case=case, quarter="2026Q2", rating=ReviewRating.NOT_PROGRESSING, status=ReviewStatus.APPROVED)
    QuarterlyReview.objects.create(case=case, quarter="2026Q3", rating=ReviewRating.PROGRESSING, status=ReviewStatus.APPROVED)
    with pytest.raises(TransitionRefused):
        services.graduate(case, actor=world.front, reason="Tiến bộ")
    QuarterlyReview.objects.create(case=case, quarter="2026Q4", rating=ReviewRating.PROGRESSING, status=ReviewStatus.APPROVED)
    services.graduate(case, actor=world.front, reason="Hai quý tiến bộ")
    case.refresh_from_db()
    assert (case.status, case.graduation_basis) == ("graduated", "progress")


def test_a_reason_is_required_to_escalate(world, make_case):
    case = make_case("in_review")
    with pytest.raises(DomainError) as refused:
        services.escalate(case, actor=world.front, reason="  ")
    assert refused.value.field == "reason"


def test_transfer_closes_here_and_opens_a_linked_identified_case_at_the_destination(world, make_case):
    case = make_case("in_review")
    new = services.transfer_case(case, actor=world.police, to_area=world.other_area, reason="Chuyển về quê vợ")
    case.refresh_from_db()
    assert (case.status, case.close_reason) == ("closed", "transferred")
    assert (new.status, new.commune, new.transferred_from) == ("identified", world.other_commune, case)
    assert new.subject == case.subject
    assert new.events.get().transition == "transfer_in"
    world.mentor.user.__dict__.pop("_dh_scope", None)
    assert case not in visible_cases(world.mentor.user)  # the old mentor's grant ends with the move


def test_a_person_with_an_open_case_cannot_be_listed_twice(world, make_case):
    make_case("identified", national_id="027090001234", date_of_birth=dt.date(1990, 5, 5))
    with pytest.raises(DomainError) as refused:
        services.list_subject(
            actor=world.front,
            area=world.area,
            full_name="X",
            date_of_birth=dt.date(1990, 5, 5),
            sex="male",
            category=Category.AT_RISK,
            national_id="027090001234",
        )
    assert refused.value.field == "national_id"
