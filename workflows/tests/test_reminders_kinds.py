"""The reminder kinds added for issues 17 and 15: a review overdue, a legal clock ending soon, a
task newly given, and the commune's periodic report before its send-by day. Each appears
exactly when due: the day before its window, the first day of it, the day after, and after."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cases import legal
from cases.legal_tasks import sync_legal_tasks
from workflows import reminders
from workflows.reminders import Kind

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def of_kind(user, kind, day):
    return [i for i in reminders.due_items(user, today=day) if i.kind == kind]


def test_a_review_past_its_due_day_is_reminded_as_overdue(world, make_case, open_review):
    case = make_case("in_review", full_name="Đỗ Văn Khải")
    review = open_review(case)
    due = review.due_on
    mentor = world.mentor.user
    assert [i.kind for i in reminders.due_items(mentor, today=due - dt.timedelta(days=1)) if i.kind.startswith("review")] == [
        "review_draft"
    ]
    assert [i.kind for i in reminders.due_items(mentor, today=due) if i.kind.startswith("review")] == ["review_draft"]
    (late,) = [i for i in reminders.due_items(mentor, today=due + dt.timedelta(days=1)) if i.kind.startswith("review")]
    assert late.kind == Kind.REVIEW_OVERDUE and late.overdue and late.due_on == due.strftime("%d/%m/%Y")
    # overdue items come first in the digest
    assert reminders.due_items(mentor, today=due + dt.timedelta(days=1))[0].kind == Kind.REVIEW_OVERDUE


def test_a_legal_clock_is_reminded_from_the_lead_day_to_the_day_it_ends(world, make_case, settings):
    settings.DONG_HANH = {**settings.DONG_HANH, "REMINDER_LEGAL_CLOCK_LEAD_DAYS": 7}
    case = make_case(
        "in_review", full_name="Lê Thị Nụ", category="commune_education", clock_start_date=TODAY - dt.timedelta(days=30), term_months=3
    )
    end = legal.legal_clock(case.subject).end
    assert end is not None and end > TODAY
    mentor, head = world.mentor.user, world.head
    lead = end - dt.timedelta(days=7)
    assert of_kind(mentor, Kind.LEGAL_CLOCK_ENDING, lead - dt.timedelta(days=1)) == []
    (first,) = of_kind(mentor, Kind.LEGAL_CLOCK_ENDING, lead)
    assert first.title == "Còn 7 ngày hết thời hạn quản lý: Lê Thị Nụ" and first.due_on == end.strftime("%d/%m/%Y")
    assert first.url == f"/cases/{case.pk}/"
    assert len(of_kind(mentor, Kind.LEGAL_CLOCK_ENDING, lead + dt.timedelta(days=1))) == 1
    (last,) = of_kind(head, Kind.LEGAL_CLOCK_ENDING, end)  # the head who confirms the end sees it too
    assert last.title == "Hết thời hạn quản lý hôm nay: Lê Thị Nụ"
    # once ended, the confirmation task (clock_end) carries it, not this reminder
    assert of_kind(mentor, Kind.LEGAL_CLOCK_ENDING, end + dt.timedelta(days=1)) == []
    # someone who does not see the case is not told
    assert of_kind(world.other_front, Kind.LEGAL_CLOCK_ENDING, lead) == []


def test_a_legal_task_newly_given_is_reminded_once_in_the_next_digest(world, make_case):
    police = world.police
    case = make_case("in_review", full_name="Trần Văn Bảo", prison_notice_date=TODAY - dt.timedelta(days=1))
    assert of_kind(police, Kind.TASK_ASSIGNED, TODAY) == []  # no task yet
    sync_legal_tasks(TODAY)
    (item,) = of_kind(police, Kind.TASK_ASSIGNED, TODAY)
    assert item.title == "Xác minh nơi cư trú sau thông báo của trại giam · Trần Văn Bảo" and item.due_on
    assert of_kind(world.outsider, Kind.TASK_ASSIGNED, TODAY) == []  # police of another commune
    # the commune police are among the users the job visits; the digest tells them once
    assert police in list(reminders.reminded_users())
    result = reminders.send_reminders(day=TODAY, users=[police])
    assert result.digests == 1
    assert of_kind(police, Kind.TASK_ASSIGNED, TODAY + dt.timedelta(days=1)) == []
    # the same task is not new again after another day without digest either
    assert of_kind(police, Kind.TASK_ASSIGNED, TODAY + dt.timedelta(days=2)) == []
    assert case.legal_tasks.count() == 1


def test_a_task_given_after_the_day_s_digest_comes_the_next_day(world, make_case):
    police = world.police
    make_case("in_review", full_name="Ngô Văn Tâm", prison_notice_date=TODAY - dt.timedelta(days=5))
    sync_legal_tasks(TODAY)
    reminders.send_reminders(day=TODAY, users=[police])
    case2 = make_case("in_review", full_name="Hà Thị Lan", prison_notice_date=TODAY)
    sync_legal_tasks(TODAY)  # later the same day: after the digest was made
    titles = [i.title for i in of_kind(police, Kind.TASK_ASSIGNED, TODAY + dt.timedelta(days=1))]
    assert titles == ["Xác minh nơi cư trú sau thông báo của trại giam · Hà Thị Lan"]
    assert case2.legal_tasks.count() == 1


# --- the commune's report before its send-by day (issue 15 item 4) ----------------------------

Q3 = dt.date(2026, 9, 30)  # 2026Q3 ends; sent by 10/10/2026 with "+10"


@pytest.fixture
def quarterly_only(settings):
    settings.DONG_HANH = {**settings.DONG_HANH, "REPORT_SEND_BY": {"quarter": "+10"}, "REPORT_REMIND_DAYS": 5}


def report_items(user, day: dt.date):
    return of_kind(user, "report_send_by", day)


def test_the_front_officer_is_reminded_of_the_report_from_n_days_before_its_deadline(world, quarterly_only):
    front = world.front
    assert report_items(front, dt.date(2026, 10, 4)) == []  # the day before the window
    (item,) = report_items(front, dt.date(2026, 10, 5))  # send-by 10/10 minus 5 days
    assert item.title == "Gửi báo cáo Quý 3/2026 của Hoàn Sơn lên tỉnh" and item.due_on == "10/10/2026"
    assert item.url == "/reports/commune/10001/?period=2026Q3"
    assert len(report_items(front, dt.date(2026, 10, 6))) == 1
    assert len(report_items(front, dt.date(2026, 10, 10))) == 1  # the send-by day itself
    assert report_items(front, dt.date(2026, 10, 11)) == []  # past the deadline: the province follows up
    # only the commune's own front officer; not the police, not another commune's officer
    assert report_items(world.police, dt.date(2026, 10, 6)) == []
    assert [i.title for i in report_items(world.other_front, dt.date(2026, 10, 6))] == ["Gửi báo cáo Quý 3/2026 của Từ Sơn lên tỉnh"]


def test_the_report_reminder_disappears_once_the_commune_has_sent_it(world, quarterly_only):
    from reports.periods import parse_period
    from reports.services import submit_report

    front = world.front
    assert len(report_items(front, dt.date(2026, 10, 7))) == 1
    submit_report(world.commune, actor=front, period=parse_period("2026Q3"), now=timezone.make_aware(dt.datetime(2026, 10, 7, 9)))
    assert report_items(front, dt.date(2026, 10, 7)) == []
    assert report_items(front, dt.date(2026, 10, 8)) == []
    # the other commune has not sent: its officer is still reminded
    assert len(report_items(world.other_front, dt.date(2026, 10, 7))) == 1


def test_the_report_reminder_reaches_the_commune_inbox_as_one_digest(world, quarterly_only):
    from cases.audit import Notification

    day = dt.date(2026, 10, 6)
    result = reminders.send_reminders(day=day, now=timezone.make_aware(dt.datetime(2026, 10, 6, 7)), users=[world.front])
    assert result.digests == 1
    note = Notification.objects.get(recipient=world.front, kind="reminder_digest")
    assert "Gửi báo cáo Quý 3/2026 của Hoàn Sơn lên tỉnh (hạn 10/10/2026)" in note.message
    digest = world.front.reminder_digests.get()
    assert reminders.build_message(digest).short.startswith("Đồng Hành 06/10/2026: 1 báo cáo cần gửi lên tỉnh")


def test_the_front_officer_is_among_the_users_the_job_visits_through_the_registered_source(world):
    kinds = {s.kind for s in reminders.registered_sources()}
    assert "report_send_by" in kinds  # filled by ReportsConfig.ready(); workflows imports no reports code
    assert world.front in list(reminders.reminded_users())


def test_the_six_month_report_is_reminded_before_15_may_while_the_half_is_still_running(world, settings):
    settings.DONG_HANH = {**settings.DONG_HANH, "REPORT_SEND_BY": {"half": "15/05"}, "REPORT_REMIND_DAYS": 5}
    assert report_items(world.front, dt.date(2026, 5, 9)) == []
    (item,) = report_items(world.front, dt.date(2026, 5, 10))
    assert "6 tháng đầu năm 2026" in item.title and item.due_on == "15/05/2026"
