"""Each user's channels and quiet time (issue 17): the digest job uses the user's own choice
(and not the other channels), holds the outside channels back in the user's quiet time and
sends them at the next run after it, once; the "Nhắc việc" page changes only one's own
preference, through the service, and refuses bad input in Vietnamese with nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cases.audit import Notification
from cases.errors import DomainError, PermissionRefused
from workflows import reminders, services
from workflows.channels import LogTextBackend
from workflows.models import DeliveryStatus, ReminderDelivery, ReminderDigest, ReminderPreference

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def at(hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(TODAY, dt.time(hour, minute)))


def run(users, hour=12, minute=0):
    return reminders.send_reminders(day=TODAY, now=at(hour, minute), users=users)


def sms_to(phone):
    return [t for t in LogTextBackend.outbox if t[1] == phone]


@pytest.fixture(autouse=True)
def _clean_outbox():
    LogTextBackend.outbox.clear()


@pytest.fixture
def two_mentors(world, make_case):
    """Two mentors each with a person to contact, both reachable by e-mail and phone."""
    a, b = world.mentor.user, world.mentor2.user
    for user, email, phone in ((a, "hoa@example.vn", "0912000111"), (b, "tam@example.vn", "0912000222")):
        user.email, user.phone = email, phone
        user.save()
    make_case("in_review", full_name="Đặng Văn Lực")
    make_case("in_review", full_name="Bùi Thị Hằng", mentor=world.mentor2)
    return a, b


def choose(user, channels, quiet_from=None, quiet_to=None):
    return services.set_reminder_preference(user, actor=user, channels=channels, quiet_from=quiet_from, quiet_to=quiet_to)


def channels_of(user):
    return dict(ReminderDelivery.objects.filter(digest__user=user).values_list("channel", "status"))


def test_without_a_choice_the_installation_defaults_apply(two_mentors):
    a, _b = two_mentors
    pref = reminders.preference_for(a)
    assert pref.channels == ("in_app", "email") and not pref.stored
    assert (pref.quiet_from, pref.quiet_to) == (dt.time(21, 0), dt.time(7, 0))


def test_each_user_gets_the_channels_they_chose_and_not_the_others(two_mentors):
    a, b = two_mentors
    choose(a, ["sms"], dt.time(22, 0), dt.time(6, 0))  # SMS instead of e-mail
    choose(b, ["email", "zalo"])
    run([a, b])
    assert channels_of(a) == {"in_app": "sent", "sms": "sent"}
    assert channels_of(b) == {"in_app": "sent", "email": "sent", "zalo": "sent"}
    assert [m.to for m in mail.outbox] == [["tam@example.vn"]]  # no e-mail to a, who chose SMS
    assert [t[0] for t in sms_to("0912000111")] == ["sms"]
    assert [t[0] for t in sms_to("0912000222")] == ["zalo"]
    # and never a name outside the app
    assert all("Đặng Văn Lực" not in t[2] and "Bùi Thị Hằng" not in t[2] for t in LogTextBackend.outbox)


def test_a_channel_the_installation_no_longer_offers_is_dropped(two_mentors, settings):
    a, _b = two_mentors
    choose(a, ["email", "zalo"])
    settings.DONG_HANH = {**settings.DONG_HANH, "REMINDER_OFFERED_CHANNELS": ["email", "sms"]}
    run([a])
    assert channels_of(a) == {"in_app": "sent", "email": "sent"}


def test_the_quiet_time_is_each_user_s_own_and_held_messages_leave_once_after_it(two_mentors):
    a, b = two_mentors
    choose(a, ["email", "sms"], dt.time(20, 0), dt.time(9, 30))  # an early sleeper, a late riser
    choose(b, ["email", "sms"])  # no quiet time at all
    first = run([a, b], hour=7)
    assert first.held == 2  # a's e-mail and SMS
    assert channels_of(a) == {"in_app": "sent", "email": "pending", "sms": "pending"}
    assert channels_of(b) == {"in_app": "sent", "email": "sent", "sms": "sent"}
    assert [m.to for m in mail.outbox] == [["tam@example.vn"]] and sms_to("0912000111") == []
    # 09:00 is still quiet for a
    assert run([a, b], hour=9).held == 2 and sms_to("0912000111") == []
    # the midday run sends what was held, once
    midday = run([a, b], hour=12)
    assert midday.held == 0 and midday.sent == {"email": 1, "sms": 1}
    assert channels_of(a) == {"in_app": "sent", "email": "sent", "sms": "sent"}
    for hour in (12, 13, 22):
        again = run([a, b], hour=hour)
        assert sum(again.sent.values()) == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["hoa@example.vn", "tam@example.vn"]
    assert len(sms_to("0912000111")) == 1 and len(sms_to("0912000222")) == 1
    assert Notification.objects.filter(kind="reminder_digest", recipient__in=[a, b]).count() == 2
    assert ReminderDigest.objects.filter(user__in=[a, b]).count() == 2


def test_a_night_run_holds_a_user_s_quiet_time_across_midnight():
    pref = reminders.Preference(("in_app", "email"), dt.time(21, 30), dt.time(6, 15), stored=True)
    quiet = {h: reminders.in_quiet_hours(at(*h), pref) for h in [(21, 29), (21, 30), (0, 0), (6, 14), (6, 15), (12, 0)]}
    assert quiet == {(21, 29): False, (21, 30): True, (0, 0): True, (6, 14): True, (6, 15): False, (12, 0): False}
    daytime = reminders.Preference(("in_app",), dt.time(12, 0), dt.time(13, 30), stored=True)
    assert [reminders.in_quiet_hours(at(h, m), daytime) for h, m in [(11, 59), (12, 0), (13, 29), (13, 30)]] == [False, True, True, False]
    none = reminders.Preference(("in_app",), None, None, stored=True)
    assert not reminders.in_quiet_hours(at(23), none)


class FailingSms:
    calls = 0

    def __init__(self, channel):
        pass

    def send_text(self, phone, text):
        FailingSms.calls += 1
        raise ConnectionError("gateway timeout")


def test_a_failed_delivery_on_the_chosen_channel_is_retried_up_to_the_limit(two_mentors, settings):
    a, _b = two_mentors
    settings.DONG_HANH = {
        **settings.DONG_HANH,
        "REMINDER_SMS_BACKEND": "workflows.tests.test_reminders_preferences.FailingSms",
        "REMINDER_MAX_ATTEMPTS": 3,
    }
    FailingSms.calls = 0
    choose(a, ["sms"], None, None)
    for _ in range(5):
        run([a])
    delivery = ReminderDelivery.objects.get(digest__user=a, channel="sms")
    assert delivery.status == DeliveryStatus.GAVE_UP and delivery.attempts == 3 and FailingSms.calls == 3
    assert "ConnectionError" in delivery.last_error
    assert Notification.objects.filter(recipient=a, kind="reminder_digest").count() == 1


def test_a_delivery_claimed_by_another_run_is_not_sent_again(two_mentors, monkeypatch):
    """Two runs at once: the second finds the delivery already claimed (SENDING) and skips it."""
    a, _b = two_mentors
    choose(a, ["sms"])
    from workflows.channels import CHANNELS

    sms = CHANNELS["sms"]
    original = sms.send

    def racing(user, message):
        run([a])  # a second run starts while the first is sending
        original(user, message)

    monkeypatch.setattr(sms, "send", racing)
    run([a])
    assert len(sms_to("0912000111")) == 1
    assert ReminderDelivery.objects.get(digest__user=a, channel="sms").attempts == 1


# --- the service ----------------------------------------------------------------------------


def test_the_preference_is_saved_with_a_history_row(two_mentors):
    a, _b = two_mentors
    pref = choose(a, ["zalo", "email", "zalo"], dt.time(21, 0), dt.time(6, 0))
    assert pref.channels == ["email", "zalo"]  # once each, in the installation's order
    assert pref.history.count() == 1 and pref.history.get().history_user == a
    choose(a, [], None, None)
    pref.refresh_from_db()
    assert pref.channels == [] and pref.quiet_from is None and pref.history.count() == 2
    assert reminders.preference_for(a).channels == ("in_app",)


@pytest.mark.parametrize(
    ("channels", "quiet", "field", "message"),
    [
        (["sms"], (None, None), "channels", "chưa có số điện thoại"),
        (["zalo"], (None, None), "channels", "Zalo nhưng tài khoản chưa có số điện thoại"),
        (["email"], (None, None), "channels", "chưa có địa chỉ thư"),
        (["fax"], (None, None), "channels", "không có trong danh sách"),
        ([], (dt.time(21, 0), None), "quiet_to", "chọn cả giờ bắt đầu và giờ kết thúc"),
        ([], (dt.time(21, 0), dt.time(21, 0)), "quiet_to", "phải khác giờ bắt đầu"),
    ],
)
def test_bad_choices_are_refused_in_vietnamese_and_nothing_changes(world, channels, quiet, field, message):
    user = world.mentor.user  # no e-mail, no phone
    with pytest.raises(DomainError, match=message) as exc:
        services.set_reminder_preference(user, actor=user, channels=channels, quiet_from=quiet[0], quiet_to=quiet[1])
    assert exc.value.field == field
    assert not ReminderPreference.objects.filter(user=user).exists()
    assert ReminderPreference.history.count() == 0


def test_a_quiet_time_covering_every_run_is_refused(two_mentors):
    a, _b = two_mentors
    with pytest.raises(DomainError, match="che hết các giờ gửi nhắc việc \\(07:00, 12:00\\)"):
        choose(a, ["email"], dt.time(6, 0), dt.time(13, 0))
    choose(a, [], dt.time(6, 0), dt.time(13, 0))  # in-app only: nothing to hold back, allowed


def test_nobody_sets_another_user_s_preference(world, two_mentors):
    a, b = two_mentors
    for actor in (b, world.front, world.admin):
        with pytest.raises(PermissionRefused, match="chính mình"):
            services.set_reminder_preference(a, actor=actor, channels=[], quiet_from=None, quiet_to=None)
    assert not ReminderPreference.objects.filter(user=a).exists()


# --- the page -------------------------------------------------------------------------------

URL = "/tasks/reminders/"


def test_the_page_is_reached_from_the_menu_and_shows_the_addresses_used(two_mentors, login):
    a, _b = two_mentors
    client = login(a)
    home = client.get("/", follow=True).content.decode()
    assert f'href="{URL}"' in home and reverse("workflows:reminder_settings") == URL
    page = client.get(URL).content.decode()
    assert "Nhắc việc" in page and "hoa@example.vn" in page and "0912000111" in page
    assert "Thư điện tử (hoa@example.vn)" in page and "Tin nhắn SMS (0912000111)" in page
    assert '<option value="21:00" selected>' in page and '<option value="07:00" selected>' in page  # the defaults
    assert "Bạn đang dùng cách nhận mặc định" in page
    assert 'value="email" id="id_channels_0" checked>' in page  # the default e-mail, reachable: ticked


def test_the_page_saves_one_s_own_choice(two_mentors, login):
    a, b = two_mentors
    client = login(a)
    response = client.post(URL, {"channels": ["sms", "zalo"], "quiet_from": "22:00", "quiet_to": "06:30", "user": b.pk})
    assert response.status_code == 302 and response["Location"] == URL
    pref = ReminderPreference.objects.get()
    assert pref.user == a and pref.channels == ["sms", "zalo"] and (pref.quiet_from, pref.quiet_to) == (dt.time(22), dt.time(6, 30))
    assert not ReminderPreference.objects.filter(user=b).exists()  # a posted b's id: ignored
    page = client.get(URL).content.decode()
    assert "Đã lưu cách nhận nhắc việc." in page and '<option value="22:00" selected>' in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"channels": ["sms"], "quiet_from": "", "quiet_to": ""}, "Tin nhắn SMS nhưng tài khoản chưa có số điện thoại"),
        ({"channels": [], "quiet_from": "25:00", "quiet_to": "07:00"}, "Giờ “25:00” không có trong danh sách"),
        ({"channels": [], "quiet_from": "21:00", "quiet_to": ""}, "chọn cả giờ bắt đầu và giờ kết thúc"),
        ({"channels": ["fax"], "quiet_from": "", "quiet_to": ""}, "Kênh “fax” không có trong danh sách."),
    ],
)
def test_bad_input_on_the_page_is_said_in_vietnamese_and_nothing_changes(world, login, data, message):
    user = world.mentor.user  # no phone
    client = login(user)
    response = client.post(URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ReminderPreference.objects.count() == 0 and ReminderPreference.history.count() == 0


def test_the_page_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(URL, {"channels": []}).status_code == 302
    assert ReminderPreference.objects.count() == 0


def test_the_beat_schedule_runs_the_job_in_the_morning_and_at_midday():
    from config.celery import app

    entries = {k: v for k, v in app.conf.beat_schedule.items() if v["task"] == "workflows.send_reminders"}
    assert sorted((sorted(v["schedule"].hour), sorted(v["schedule"].minute)) for v in entries.values()) == [([7], [0]), ([12], [0])]
    assert app.conf.timezone == "Asia/Ho_Chi_Minh"


@pytest.mark.browser
def test_the_preference_page_at_360_px(two_mentors, browser_login, live_server):
    from conftest import no_horizontal_overflow, open_user_menu, screenshot

    page = browser_login("mentor")
    open_user_menu(page)
    page.get_by_role("link", name="Nhắc việc").click()
    page.wait_for_url(f"{live_server.url}{URL}")
    page.check("input[name=channels][value=sms]")
    page.select_option("select[name=quiet_from]", "21:00")
    page.select_option("select[name=quiet_to]", "21:00")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "giờ kết thúc phải khác giờ bắt đầu" in page.content()
    screenshot(page, "reminder-settings-360-error")
    page.select_option("select[name=quiet_to]", "06:00")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "Đã lưu cách nhận nhắc việc." in page.content()
    assert no_horizontal_overflow(page) == []
    small = page.evaluate(
        """() => [...document.querySelectorAll('main select, main button, main label:has(> input)')]
          .map(e => e.getBoundingClientRect()).filter(r => r.width && r.height < 44).length"""
    )
    assert small == 0
    screenshot(page, "reminder-settings-360")
    assert page.console_errors == []


def test_a_held_message_on_a_channel_dropped_since_is_not_sent(two_mentors):
    a, _b = two_mentors
    choose(a, ["email", "sms"], dt.time(20, 0), dt.time(9, 30))
    run([a], hour=7)  # both held
    choose(a, ["email"], dt.time(20, 0), dt.time(9, 30))  # SMS dropped before the midday run
    run([a], hour=12)
    assert channels_of(a) == {"in_app": "sent", "email": "sent", "sms": "pending"}
    assert sms_to("0912000111") == [] and [m.to for m in mail.outbox] == [["hoa@example.vn"]]


def test_a_user_without_an_address_can_save_a_quiet_time_straight_away(world, login):
    """The default channels include e-mail; without an address it is not ticked, so saving the
    form as shown does not trip over the e-mail rule."""
    user = world.mentor.user
    client = login(user)
    page = client.get(URL).content.decode()
    assert 'value="email" id="id_channels_0">' in page and "Thư điện tử (chưa có địa chỉ thư)" in page  # not checked
    assert client.post(URL, {"quiet_from": "22:00", "quiet_to": "06:00"}).status_code == 302
    assert ReminderPreference.objects.get(user=user).channels == []
