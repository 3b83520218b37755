"""Reminders that reach people (issue 17): one digest a day per user, on the channels the
installation uses, retried up to a limit, never sent twice, held back in quiet hours."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cases.audit import Notification
from conftest import ASSESSMENT
from workflows import reminders
from workflows.channels import CHANNELS, DeliveryError, LogTextBackend
from workflows.models import DeliveryStatus, ReminderDelivery, ReminderDigest

pytestmark = pytest.mark.django_db

NOON = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(12, 0)))


def run(**kw):
    return reminders.send_reminders(now=kw.pop("now", NOON), **kw)


def kinds(user):
    return sorted(i.kind for i in reminders.due_items(user))


@pytest.fixture
def mentor_with_work(world, make_case, open_review):
    """The mentor holds a case never contacted, with its quarterly review to draft."""
    user = world.mentor.user
    user.email = "hoa@example.vn"
    user.phone = "0912000111"
    user.save()
    case = make_case("in_review", full_name="Đặng Văn Lực")
    review = open_review(case)
    return user, case, review


def test_a_mentor_is_reminded_of_a_visit_due_and_a_review_to_draft(world, mentor_with_work):
    user, case, _review = mentor_with_work
    assert kinds(user) == ["review_draft", "visit_due"]
    visit = next(i for i in reminders.due_items(user) if i.kind == "visit_due")
    assert visit.title == "Chưa tiếp xúc: Đặng Văn Lực" and visit.url == f"/mentor/cases/{case.pk}/visit/"


def test_a_visit_just_logged_is_no_longer_due(world, mentor_with_work):
    from mentors import services as mentor_services

    user, case, _review = mentor_with_work
    mentor_services.log_visit(case, actor=user, visited_at=timezone.now(), mode="home", notes="Gặp tại nhà")
    assert kinds(user) == ["review_draft"]


def test_the_head_is_reminded_of_a_review_waiting_for_a_decision(world, mentor_with_work):
    from workflows import services as wf

    user, _case, review = mentor_with_work
    wf.save_assessment(review, actor=user, data=ASSESSMENT, submit=True)
    assert kinds(world.head) == ["review_decide"]
    assert "review_draft" not in kinds(user)


def test_a_labour_officer_is_reminded_of_new_referrals_and_follow_ups_falling_due(world, make_case):
    from support import services as support
    from support.models import FollowUp, OutcomeResult

    case = make_case("in_review", full_name="Vũ Thị Mai")
    referral = support.create_referral(case, actor=world.mentor.user, type="social_assistance", needs="Trợ cấp", send=True)
    assert kinds(world.labour) == ["referral_triage"]
    support.accept_referral(referral, actor=world.labour)
    assert kinds(world.labour) == []  # accepted, the outcome is not yet due
    support.record_outcome(referral, actor=world.labour, result=OutcomeResult.ACHIEVED, notes="Trợ cấp hằng tháng")
    assert kinds(world.labour) == []  # the follow-up is three months away
    FollowUp.objects.filter(referral=referral).update(due_date=timezone.localdate() + dt.timedelta(days=2))
    (item,) = reminders.due_items(world.labour)
    assert item.kind == "follow_up_due" and "Vũ Thị Mai" in item.title and not item.overdue


def test_one_digest_per_user_per_day_whatever_the_number_of_runs(world, mentor_with_work, settings):
    user, _case, _review = mentor_with_work
    settings.DONG_HANH = {**settings.DONG_HANH, "REMINDER_CHANNELS": ["in_app", "email", "sms"]}
    LogTextBackend.outbox.clear()

    first = run()
    assert first.digests >= 1 and first.sent["in_app"] >= 1
    for _ in range(2):
        again = run()
        assert again.digests == 0 and sum(again.sent.values()) == 0

    assert ReminderDigest.objects.filter(user=user).count() == 1
    assert Notification.objects.filter(recipient=user, kind="reminder_digest").count() == 1
    notification = Notification.objects.get(recipient=user, kind="reminder_digest")
    assert notification.case_id is None and "Đặng Văn Lực" in notification.message
    to_mentor = [m for m in mail.outbox if m.to == ["hoa@example.vn"]]
    assert len(to_mentor) == 1
    # counts and a link by e-mail and SMS: never the person's name
    assert "1 người cần tiếp xúc" in to_mentor[0].body and "/tasks/" in to_mentor[0].body
    assert "Đặng Văn Lực" not in to_mentor[0].body and "Đặng Văn Lực" not in to_mentor[0].subject
    sms = [t for t in LogTextBackend.outbox if t[1] == "0912000111"]
    assert len(sms) == 1 and sms[0][0] == "sms" and "Đặng Văn Lực" not in sms[0][2]
    # one delivery row per channel the mentor can be reached on
    assert set(ReminderDelivery.objects.filter(digest__user=user).values_list("channel", "status")) == {
        ("in_app", "sent"),
        ("email", "sent"),
        ("sms", "sent"),
    }


def test_the_next_day_brings_a_new_digest(world, mentor_with_work):
    user, _case, _review = mentor_with_work
    run()
    run(day=timezone.localdate() + dt.timedelta(days=1))
    assert ReminderDigest.objects.filter(user=user).count() == 2


def test_nobody_gets_an_empty_digest(world, settings):
    # no report deadline near (the commune front officer would otherwise be reminded of the
    # month's report whenever the test runs within REPORT_REMIND_DAYS of a send-by day)
    settings.DONG_HANH = {**settings.DONG_HANH, "REPORT_SEND_BY": {}}
    result = run()
    assert result.users >= 1 and result.digests == 0
    assert ReminderDigest.objects.count() == 0 and mail.outbox == []


class Flaky:
    """An e-mail channel that fails a given number of times."""

    name = "email"

    def __init__(self, failures: int):
        self.failures = failures
        self.sent = 0

    def reaches(self, user):
        return bool(user.email)

    def send(self, user, message):
        if self.failures:
            self.failures -= 1
            raise DeliveryError("SMTPServerDisconnected: máy chủ thư không trả lời")
        self.sent += 1


def test_a_failed_delivery_is_retried_on_the_next_run_and_then_sent_once(world, mentor_with_work, monkeypatch):
    user, _case, _review = mentor_with_work
    flaky = Flaky(failures=1)
    monkeypatch.setitem(CHANNELS, "email", flaky)
    run(users=[user])
    delivery = ReminderDelivery.objects.get(digest__user=user, channel="email")
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 1 and "SMTP" in delivery.last_error
    run(users=[user])
    run(users=[user])
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 2 and flaky.sent == 1


def test_retries_stop_at_the_limit(world, mentor_with_work, monkeypatch, settings):
    user, _case, _review = mentor_with_work
    settings.DONG_HANH = {**settings.DONG_HANH, "REMINDER_MAX_ATTEMPTS": 3}
    flaky = Flaky(failures=10)
    monkeypatch.setitem(CHANNELS, "email", flaky)
    for _ in range(5):
        run(users=[user])
    delivery = ReminderDelivery.objects.get(digest__user=user, channel="email")
    assert delivery.status == DeliveryStatus.GAVE_UP and delivery.attempts == 3 and flaky.failures == 7
    # the in-app notification went the first time, and only once
    assert Notification.objects.filter(recipient=user, kind="reminder_digest").count() == 1


def test_quiet_hours_hold_back_e_mail_but_not_the_in_app_digest(world, mentor_with_work):
    user, _case, _review = mentor_with_work
    night = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(22, 30)))
    result = run(users=[user], now=night)
    assert result.held == 1 and mail.outbox == []
    assert Notification.objects.filter(recipient=user, kind="reminder_digest").count() == 1
    run(users=[user], now=NOON)
    assert len(mail.outbox) == 1
    assert ReminderDelivery.objects.get(digest__user=user, channel="email").status == DeliveryStatus.SENT


def test_quiet_hours_across_midnight():
    at = lambda h: timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(h, 0)))  # noqa: E731
    assert [reminders.in_quiet_hours(at(h)) for h in (6, 7, 12, 20, 21, 23)] == [True, False, False, False, True, True]


def test_the_command_reports_and_reruns_harmlessly(world, mentor_with_work, capsys):
    user, _case, _review = mentor_with_work
    day = timezone.localdate().strftime("%d/%m/%Y")
    call_command("send_reminders", "--date", day)
    call_command("send_reminders", "--date", day)
    out = capsys.readouterr().out
    assert f"Ngày {day}:" in out
    assert ReminderDigest.objects.filter(user=user).count() == 1


def test_the_command_refuses_a_bad_date_in_vietnamese(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        call_command("send_reminders", "--date", "2026-13-01")


def test_the_celery_task_runs_the_command(world, mentor_with_work):
    from workflows.tasks import send_reminders_task

    send_reminders_task.apply()
    assert ReminderDigest.objects.filter(user=mentor_with_work[0]).count() == 1
