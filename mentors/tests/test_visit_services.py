from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cases.errors import DomainError, PermissionRefused, TransitionRefused
from cases.models import CaseEvent, CaseStatus
from mentors import services
from mentors.models import Visit
from mentors.tests.conftest import at, backdate_assignment

pytestmark = pytest.mark.django_db


def _nothing_saved(case, status, events):
    case.refresh_from_db()
    assert Visit.objects.filter(case=case).count() == 0
    assert Visit.history.filter(case_id=case.pk).count() == 0
    assert case.status == status
    assert CaseEvent.objects.filter(case=case).count() == events


def test_the_first_visit_on_an_assigned_case_starts_the_mentoring_in_the_same_transaction(world, make_case, log):
    case = make_case("assigned")
    visit = log(case, notes="Gia đình hợp tác", sensitive_note="Nghi có quan hệ với nhóm cũ")
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW
    last = case.events.order_by("-pk").first()
    assert (last.transition, last.actor, last.from_state, last.to_state) == ("start_mentoring", world.mentor.user, "assigned", "in_review")
    assert case.events.order_by("-pk")[1].transition == "visit_logged"
    assert visit.mentor == world.mentor and visit.recorded_by == world.users["mentor"]
    record = visit.history.get()
    assert record.history_user == world.users["mentor"] and record.history_change_reason == "Ghi nhận tiếp xúc"


def test_a_second_visit_leaves_the_state_alone(world, make_case, log):
    case = make_case("in_review")
    events = case.events.count()
    visit = log(case)
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW and case.events.count() == events + 1
    last = case.events.order_by("-pk").first()
    assert (last.transition, last.from_state, last.to_state, last.data["visit"]) == ("visit_logged", "in_review", "in_review", visit.pk)


def test_a_visit_dated_tomorrow_is_refused_with_a_vietnamese_message_and_nothing_is_saved(world, make_case, log):
    case = make_case("assigned")
    events = case.events.count()
    with pytest.raises(DomainError) as exc:
        log(case, visited_at=at() + dt.timedelta(days=1))
    assert exc.value.field == "visit_date"
    assert exc.value.message == "Ngày tiếp xúc không được sau ngày hôm nay."
    _nothing_saved(case, CaseStatus.ASSIGNED, events)


def test_a_visit_later_than_now_is_refused(world, make_case, log):
    case = make_case("assigned")
    later = timezone.now() + dt.timedelta(hours=1)
    with pytest.raises(DomainError) as exc:
        log(case, visited_at=later)
    if timezone.localdate(later) == timezone.localdate():
        assert (exc.value.field, exc.value.message) == ("visit_time", "Giờ tiếp xúc không được sau thời điểm hiện tại.")
    else:  # an hour from now is already tomorrow
        assert exc.value.field == "visit_date"
    assert Visit.objects.count() == 0


def test_a_visit_before_the_assignment_is_refused_and_nothing_is_saved(world, make_case, log):
    case = make_case("assigned")
    backdate_assignment(case, 3)
    events = case.events.count()
    with pytest.raises(DomainError) as exc:
        log(case, visited_at=at(5))
    assert exc.value.field == "visit_date"
    assert exc.value.message.startswith("Ngày tiếp xúc không được trước ngày được phân công giúp đỡ (")
    _nothing_saved(case, CaseStatus.ASSIGNED, events)
    log(case, visited_at=at(3))  # the day of the assignment itself is fine
    assert Visit.objects.filter(case=case).count() == 1


def test_a_mentor_cannot_log_a_visit_on_a_case_of_another_mentor(world, make_case, log):
    case = make_case("assigned", mentor=world.mentor2)
    events = case.events.count()
    with pytest.raises(PermissionRefused) as exc:
        log(case)
    assert exc.value.message == "Hồ sơ này được phân công cho người giúp đỡ khác; bạn không thể ghi nhận tiếp xúc."
    _nothing_saved(case, CaseStatus.ASSIGNED, events)


def test_nobody_logs_a_visit_on_a_case_not_yet_assigned(world, make_case, log):
    case = make_case("identified")
    with pytest.raises(TransitionRefused) as exc:
        log(case)
    assert exc.value.message == "Hồ sơ chưa được phân công người giúp đỡ."
    _nothing_saved(case, CaseStatus.IDENTIFIED, 1)


@pytest.mark.parametrize("state", ["graduated", "closed"])
def test_a_visit_on_a_terminal_case_is_refused(world, make_case, log, state):
    from cases import services as case_services

    case = make_case("in_review")
    if state == "graduated":
        subject = case.subject
        subject.category = "probation"
        subject.clock_start_date = dt.date.today() - dt.timedelta(days=400)
        subject.term_months = 12
        subject.save()
        case_services.graduate(case, actor=world.front, reason="hết thời hạn")
    else:
        case_services.close_case(case, actor=world.front, reason_code="moved")
    case.refresh_from_db()
    events = case.events.count()
    with pytest.raises(DomainError) as exc:
        log(case)
    assert exc.value.field == "case"
    assert exc.value.message.startswith("Hồ sơ đã kết thúc (")
    _nothing_saved(case, state, events)


def test_the_next_contact_cannot_be_planned_before_the_visit(world, make_case, log):
    case = make_case("assigned")
    with pytest.raises(DomainError) as exc:
        log(case, next_contact_on=timezone.localdate() - dt.timedelta(days=1))
    assert exc.value.field == "next_contact_on"
    assert Visit.objects.count() == 0


def test_the_head_records_a_visit_for_a_mentor_without_an_account_but_not_for_one_with(world, make_case, log):
    from mentors.models import Mentor

    elder = Mentor.objects.create(
        full_name="Cụ Đỗ Văn Thịnh", kind=Mentor.Kind.RESPECTED_PERSON, commune=world.commune, branch=world.branch
    )
    case = make_case("assigned", mentor=elder)
    visit = log(case, actor=world.head)
    assert visit.mentor == elder and visit.recorded_by == world.head
    other = make_case("assigned")
    with pytest.raises(PermissionRefused):
        log(other, actor=world.head)


def test_a_correction_keeps_the_original_in_the_history(world, make_case, log):
    case = make_case("in_review")
    visit = log(case, notes="Bản đầu", visited_at=at(0, hour=0))
    services.correct_visit(
        visit, actor=world.users["mentor"], reason="Ghi nhầm", visited_at=visit.visited_at, mode="phone", notes="Bản sửa"
    )
    visit.refresh_from_db()
    assert visit.notes == "Bản sửa" and visit.mode == "phone" and visit.corrected_at is not None
    notes = [h.notes for h in visit.history.order_by("history_id")]
    assert notes == ["Bản đầu", "Bản sửa"]
    assert visit.history.latest().history_change_reason == "Sửa: Ghi nhầm"


def test_only_the_author_corrects_a_visit_and_a_reason_is_required(world, make_case, log):
    case = make_case("in_review")
    visit = log(case, notes="Bản đầu")
    with pytest.raises(PermissionRefused):
        services.correct_visit(visit, actor=world.head, reason="x", visited_at=visit.visited_at, mode="home")
    with pytest.raises(DomainError) as exc:
        services.correct_visit(visit, actor=world.users["mentor"], reason=" ", visited_at=visit.visited_at, mode="home")
    assert exc.value.field == "reason"
    visit.refresh_from_db()
    assert visit.notes == "Bản đầu" and visit.history.count() == 1
