"""Working days (Tết 2026, a weekend, Giỗ Tổ), the deadlines built on them and the monthly
evaluation (issue 11). Dates from the 2026 calendar: Tết Bính Ngọ, Mùng 1 = 17/02/2026; the
holidays package gives 16–20/02 (Mon–Fri) off, so 14–22/02 are all days off; Giỗ Tổ Hùng Vương
26/04/2026 is a Sunday, observed Monday 27/04."""

from __future__ import annotations

import datetime as dt

import pytest

from cases import legal_services
from cases.calendar import add_working_days, is_working_day
from cases.errors import PermissionRefused
from cases.legal_tasks import evaluation_period, sync_legal_tasks
from cases.models import LegalTask, LegalTaskKind, LegalTaskStatus, WorkingDayAdjustment
from mentors import services as mentor_services

D = dt.date


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 2, 12), 5, D(2026, 2, 26)),  # Thu before Tết: Fri 13, then Mon 23 … Thu 26
        (D(2026, 2, 13), 1, D(2026, 2, 23)),  # Friday before Tết: next working day after the 9 days off
        (D(2026, 4, 9), 3, D(2026, 4, 14)),  # Thu: Fri 10, Mon 13, Tue 14 (a weekend)
        (D(2026, 4, 24), 3, D(2026, 5, 4)),  # Giỗ Tổ observed 27/04, 30/04 and 01/05
        (D(2026, 12, 31), 1, D(2027, 1, 4)),  # New Year's Day, then a weekend
    ],
)
def test_working_days_skip_weekends_tet_and_public_holidays(db, start, n, expected):
    assert add_working_days(start, n) == expected


def test_the_governments_decisions_win_over_the_calendar(db):
    WorkingDayAdjustment.objects.create(date=D(2026, 2, 25), kind="day_off", decision_ref="Thông báo nghỉ bù (thử)")
    WorkingDayAdjustment.objects.create(date=D(2026, 2, 14), kind="working_day", decision_ref="Làm bù thứ Bảy (thử)")
    assert not is_working_day(D(2026, 2, 25)) and is_working_day(D(2026, 2, 14))
    # Fri 13 (1), Sat 14 worked (2), Mon 23 (3), Tue 24 (4), Wed 25 off, Thu 26 (5)
    assert add_working_days(D(2026, 2, 12), 5) == D(2026, 2, 26)
    assert add_working_days(D(2026, 2, 12), 6) == D(2026, 2, 27)


@pytest.mark.parametrize(("on", "overdue"), [(D(2026, 2, 25), False), (D(2026, 2, 26), False), (D(2026, 2, 27), True)])
def test_a_helper_is_due_five_working_days_after_the_education_decision(make_case, world, on, overdue):
    case = make_case("identified", category="commune_education", clock_start_date=D(2026, 2, 12), term_months=3)
    sync_legal_tasks(on)
    task = LegalTask.objects.get(case=case, kind=LegalTaskKind.NAME_HELPER)
    assert task.due_on == D(2026, 2, 26) and task.role == "committee_head"
    assert task.is_overdue(on) is overdue


def test_naming_the_helper_completes_the_task(make_case, world):
    case = make_case("identified", category="commune_education", clock_start_date=D(2026, 2, 12), term_months=3)
    sync_legal_tasks(D(2026, 2, 20))
    mentor_services.assign_case(case, actor=world.front, branch=world.branch, mentor=world.mentor, reason="Phân công")
    sync_legal_tasks(D(2026, 2, 21))
    task = LegalTask.objects.get(case=case, kind=LegalTaskKind.NAME_HELPER)
    assert task.status == LegalTaskStatus.DONE


def test_a_case_opened_before_release_gets_the_address_check_within_three_working_days(make_case, world):
    case = make_case(
        "identified",
        category="prison_released",
        expected_release_date=D(2027, 2, 10),
        prison_notice_date=D(2026, 4, 9),
        main_penalty="prison",
        sentence_months=30,
    )
    sync_legal_tasks(D(2026, 4, 10))
    task = LegalTask.objects.get(case=case, kind=LegalTaskKind.ADDRESS_CHECK)
    assert task.due_on == D(2026, 4, 14) and task.role == "commune_police"
    assert not task.is_overdue(D(2026, 4, 14)) and task.is_overdue(D(2026, 4, 15))
    with pytest.raises(PermissionRefused):
        legal_services.record_address_check(case, actor=world.head, checked_on=D(2026, 4, 13))
    legal_services.record_address_check(case, actor=world.police, checked_on=D(2026, 4, 13), note="Đúng địa chỉ")
    task.refresh_from_db()
    assert task.status == LegalTaskStatus.DONE and not task.done_late


@pytest.mark.parametrize(
    ("category", "on", "expected"),
    [
        ("suspended_sentence", D(2026, 12, 1), ("2026-11", D(2026, 11, 1), D(2026, 11, 30), D(2026, 12, 5))),
        ("non_custodial_reform", D(2026, 3, 2), ("2026-02", D(2026, 2, 1), D(2026, 2, 28), D(2026, 3, 5))),
        ("supervision", D(2027, 1, 3), ("2026-10+3", D(2026, 10, 1), D(2026, 12, 31), D(2027, 1, 5))),
        ("supervision", D(2027, 2, 3), None),  # quản chế: every 3 months
        ("at_risk", D(2026, 12, 1), None),
    ],
)
def test_evaluation_periods(category, on, expected, settings):
    assert evaluation_period(category, on) == expected


@pytest.mark.parametrize(("on", "overdue"), [(D(2026, 12, 4), False), (D(2026, 12, 5), False), (D(2026, 12, 6), True)])
def test_the_monthly_evaluation_is_a_police_task_due_on_the_fifth(make_case, world, on, overdue):
    case = make_case("in_review", category="suspended_sentence", clock_start_date=D(2026, 6, 1), term_months=24)
    sync_legal_tasks(D(2026, 12, 1))
    task = LegalTask.objects.get(case=case, kind=LegalTaskKind.EVALUATION)
    assert (task.period, task.due_on, task.role) == ("2026-11", D(2026, 12, 5), "commune_police")
    assert task.is_overdue(on) is overdue


def test_the_police_record_the_evaluation(make_case, world):
    case = make_case("in_review", category="conditional_release", clock_start_date=D(2026, 6, 1), term_months=12, sentence_months=36)
    sync_legal_tasks(D(2026, 12, 1))
    task = LegalTask.objects.get(case=case, kind=LegalTaskKind.EVALUATION)
    with pytest.raises(PermissionRefused):
        legal_services.record_evaluation(task, actor=world.mentor.user, result="good", note="Tốt")
    legal_services.record_evaluation(task, actor=world.police, result="good", note="Chấp hành tốt, báo cáo đúng hạn")
    task.refresh_from_db()
    assert task.status == LegalTaskStatus.DONE and task.result == "good" and task.history.count() == 2
    assert case.events.filter(transition="evaluation_recorded").exists()
    sync_legal_tasks(D(2026, 12, 2))  # idempotent
    assert LegalTask.objects.filter(case=case, kind=LegalTaskKind.EVALUATION).count() == 1


def test_the_inbox_shows_the_legal_tasks_and_the_clocks_ending_soon(make_case, world, login):
    from django.urls import reverse
    from django.utils import timezone

    today = timezone.localdate()
    case = make_case("in_review", category="commune_education", clock_start_date=today - dt.timedelta(days=80), term_months=3)
    sync_legal_tasks(today)
    page = login(world.head).get(reverse("workflows:inbox")).content.decode()
    assert "Việc theo quy định" in page and "Sắp hết thời hạn" in page and case.subject.full_name in page
    listing = login(world.front).get(reverse("legal:ending_soon")).content.decode()
    assert case.subject.full_name in listing
    assert case.subject.full_name not in login(world.outsider).get(reverse("legal:ending_soon")).content.decode()


def test_evaluations_are_counted_in_reports(make_case, world):
    from reports.indicators import INDICATORS_BY_KEY
    from reports.periods import parse_period
    from reports.selectors import build_report, resolve_place

    done = make_case("in_review", category="suspended_sentence", clock_start_date=D(2026, 6, 1), term_months=24)
    late = make_case("in_review", category="non_custodial_reform", clock_start_date=D(2026, 6, 1), term_months=12)
    sync_legal_tasks(D(2026, 10, 1))  # the September evaluations, due 05/10/2026
    task = LegalTask.objects.get(case=done, kind=LegalTaskKind.EVALUATION)
    legal_services.record_evaluation(task, actor=world.police, result="good", note="Tốt", evaluated_on=D(2026, 10, 3))
    assert LegalTask.objects.get(case=late, kind=LegalTaskKind.EVALUATION).status == LegalTaskStatus.OPEN
    figures = build_report(resolve_place("commune", world.commune.code), parse_period("2026Q4"), with_previous=False).root_figures
    value = lambda key: figures.value(INDICATORS_BY_KEY[key])  # noqa: E731
    assert (value("evaluations_due"), value("evaluations_on_time"), value("evaluations_overdue")) == (2, 1, 1)


def test_tasks_of_a_case_that_ended_are_cancelled_with_history(make_case, world):
    from cases import services as case_services

    case = make_case("in_review", category="suspended_sentence", clock_start_date=D(2026, 6, 1), term_months=24)
    sync_legal_tasks(D(2026, 12, 1))
    case_services.close_case(case, actor=world.front, reason_code="moved", reason="Chuyển đi")
    sync_legal_tasks(D(2026, 12, 2))
    task = LegalTask.objects.get(case=case, kind=LegalTaskKind.EVALUATION)
    assert task.status == LegalTaskStatus.CANCELLED and task.history.first().history_change_reason == "Hủy do hồ sơ đã kết thúc"
