"""Sending a commune's report up the line: a frozen, numbered snapshot; corrections keep the
earlier version; the province sees who sent, who is late, who is missing around the deadline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cases.errors import DomainError, PermissionRefused
from reports.indicators import INDICATORS_BY_KEY
from reports.models import ReportSubmission
from reports.periods import parse_period, send_by
from reports.services import submit_report
from reports.submissions import LATE, MISSING, NOT_DUE, ON_TIME, figures_of, province_follow_up
from reports.tests.helpers import Story

pytestmark = pytest.mark.django_db
Q1 = parse_period("2026Q1")  # due 10/04/2026 (+10 days)


def moment(day: str, hour: int = 15) -> dt.datetime:
    return timezone.make_aware(dt.datetime.strptime(day, "%Y-%m-%d").replace(hour=hour))


def value(submission, key):
    return next(r["value"] for r in figures_of(submission) if r["key"] == key)


def test_a_sent_report_stays_as_sent_when_data_change_later(world):
    s = Story(world)
    s.listed("2026-01-10")
    s.listed("2026-02-10")
    sent = submit_report(world.commune, actor=world.front, period=Q1, now=moment("2026-04-03"))
    assert (sent.version, sent.number, sent.is_late, sent.send_by) == (1, 1, False, dt.date(2026, 4, 10))
    assert value(sent, "active") == 2
    assert sent.figures["areas"][world.area.code]["active"] == 2
    s.listed("2026-03-01")  # entered late, dated inside the period
    sent.refresh_from_db()
    assert value(sent, "active") == 2  # the snapshot does not move
    assert ReportSubmission.history.filter(id=sent.pk).count() == 1


def test_a_correction_is_a_new_version_with_a_reason_and_the_earlier_one_is_kept(world):
    s = Story(world)
    s.listed("2026-01-10")
    first = submit_report(world.commune, actor=world.front, period=Q1, now=moment("2026-04-03"))
    s.listed("2026-03-01")
    with pytest.raises(DomainError) as refused:
        submit_report(world.commune, actor=world.front, period=Q1, now=moment("2026-04-05"))
    assert refused.value.field == "reason"
    second = submit_report(
        world.commune, actor=world.front, period=Q1, reason="Bổ sung 1 người lập danh sách muộn", now=moment("2026-04-12")
    )
    assert (second.version, second.corrects, second.number, second.is_late) == (2, first, 2, True)
    assert value(first, "active") == 1 and value(second, "active") == 2
    assert ReportSubmission.objects.filter(commune=world.commune, period_code="2026Q1").count() == 2
    # The province counts the latest figures, and the commune as on time (its first came in time).
    follow = province_follow_up(world.province, Q1, today=dt.date(2026, 4, 20))
    row = next(r for r in follow["rows"] if r.commune == world.commune)
    assert (row.status, row.versions, row.latest, row.first) == (ON_TIME, 2, second, first)
    assert INDICATORS_BY_KEY["active"].value(follow["rolled_up"]) == 2


def test_only_the_commune_front_officer_sends_and_only_real_periods(world):
    for user in (world.police, world.head, world.users["province"], world.other_front):
        with pytest.raises(PermissionRefused):
            submit_report(world.commune, actor=user, period=Q1, now=moment("2026-04-03"))
    with pytest.raises(DomainError):
        submit_report(world.commune, actor=world.front, period=parse_period("01/01/2026 - 15/01/2026"), now=moment("2026-04-03"))
    with pytest.raises(DomainError):
        submit_report(world.commune, actor=world.front, period=parse_period("2026Q3"), now=moment("2026-04-03"))
    assert not ReportSubmission.objects.exists()


@pytest.mark.parametrize(
    ("sent_on", "today", "status", "other"),
    [
        ("2026-04-09", "2026-04-09", ON_TIME, NOT_DUE),  # the day before the deadline
        ("2026-04-10", "2026-04-10", ON_TIME, NOT_DUE),  # on the deadline (until the end of 10/04)
        ("2026-04-11", "2026-04-11", LATE, MISSING),  # the day after
    ],
)
def test_the_province_sees_on_time_late_and_missing_around_the_deadline(world, sent_on, today, status, other):
    assert send_by(Q1) == dt.date(2026, 4, 10)
    submit_report(world.commune, actor=world.front, period=Q1, now=moment(sent_on, hour=23))
    follow = province_follow_up(world.province, Q1, today=dt.date.fromisoformat(today))
    statuses = {r.commune.code: r.status for r in follow["rows"]}
    assert statuses == {world.commune.code: status, world.other_commune.code: other}
    assert follow["deadline"] == dt.date(2026, 4, 10)


def test_numbers_run_per_commune_and_year(world):
    a = submit_report(world.commune, actor=world.front, period=parse_period("2026M01"), now=moment("2026-02-02"))
    b = submit_report(world.commune, actor=world.front, period=parse_period("2026M02"), now=moment("2026-03-02"))
    c = submit_report(world.other_commune, actor=world.other_front, period=parse_period("2026M02"), now=moment("2026-03-02"))
    assert (a.number, b.number, c.number) == (1, 2, 1)


def test_the_front_sends_from_the_dashboard_and_the_province_follows(world, login):
    from django.urls import reverse

    Story(world).listed("2026-01-10")
    front = login(world.front)
    url = reverse("reports:submit", args=[world.commune.code])
    response = front.post(url, {"period": "2026Q1"})
    assert response.status_code == 302
    sent = ReportSubmission.objects.get()
    assert sent.submitted_by == world.front
    page = front.get(reverse("reports:place", args=["commune", world.commune.code]) + "?period=2026Q1")
    assert "Gửi lại bản đính chính" in page.content.decode()
    # Sending again without a reason: a Vietnamese message naming the field, nothing sent.
    page = front.post(url, {"period": "2026Q1"}, follow=True)
    assert "Lý do gửi lại" in page.content.decode()
    assert ReportSubmission.objects.count() == 1
    # The police officer of the commune sees what was sent but may not send: the 403 page says why.
    refused = login(world.police).post(url, {"period": "2026Q1", "reason": "Đính chính"})
    assert refused.status_code == 403
    assert "Chỉ cán bộ Ủy ban MTTQ xã của địa bàn này được gửi báo cáo của xã." in refused.content.decode()
    assert ReportSubmission.objects.count() == 1
    province = login(world.users["province"])
    follow = province.get(reverse("reports:follow", args=[world.province.code]) + "?period=2026Q1")
    assert follow.status_code == 200
    html = follow.content.decode()
    assert f'data-commune="{world.commune.code}" data-status="late"' in html  # sent today, long after 10/04/2026
    assert f'data-commune="{world.other_commune.code}" data-status="missing"' in html
    assert province.get(reverse("reports:submission", args=[sent.pk])).status_code == 200
    # another province's officer, and the other commune's front, see none of it
    assert login(world.other_front).get(reverse("reports:submission", args=[sent.pk])).status_code == 404
    assert login(world.other_front).get(reverse("reports:follow", args=[world.province.code])).status_code == 404


def test_the_period_picker_reads_lists_and_dates(world, login):
    from django.urls import reverse

    client = login(world.front)
    base = reverse("reports:place", args=["commune", world.commune.code])
    page = client.get(base, {"ky": "M11", "nam": "2026"})
    assert page.context["period"].code == "2026M11"
    page = client.get(base, {"ky": "Q3", "nam": "2026"})
    assert page.context["period"].name == "Quý 3/2026"
    page = client.get(base, {"ky": "C", "nam": "2026", "tu": "01/02/2026", "den": "15/03/2026"})
    assert page.context["period"].code == "2026-02-01:2026-03-15"
    page = client.get(base, {"ky": "C", "nam": "2026", "tu": "2026-02-01", "den": ""})
    html = page.content.decode()
    assert "Từ ngày: viết theo dạng dd/mm/yyyy" in html and "Đến ngày: hãy nhập ngày kết thúc" in html


def test_the_send_page_asks_for_login_first_and_does_not_tell_which_communes_exist(world, login, client):
    from django.conf import settings
    from django.shortcuts import resolve_url
    from django.urls import reverse

    url = reverse("reports:submit", args=[world.commune.code])
    # logged out: the login page, for a GET as for a POST (not 405)
    for response in (client.get(url), client.post(url, {"period": "2026Q1"})):
        assert response.status_code == 302 and response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    # logged in: a GET is 405, even for the sender
    assert login(world.front).get(url).status_code == 405
    # another commune's front: the same 404 for a commune that exists and one that does not
    other = login(world.other_front)
    existing = other.post(url, {"period": "2026Q1"})
    missing = other.post(reverse("reports:submit", args=["99999"]), {"period": "2026Q1"})
    assert existing.status_code == missing.status_code == 404
    assert ReportSubmission.objects.count() == 0


def test_the_follow_up_and_sent_report_pages_refuse_a_post(world, login):
    from django.urls import reverse

    sent = submit_report(world.commune, actor=world.front, period=Q1, now=moment("2026-04-05"))
    province = login(world.users["province"])
    for url in (reverse("reports:follow", args=[world.province.code]), reverse("reports:submission", args=[sent.pk])):
        assert province.get(url).status_code == 200
        assert province.post(url, {}).status_code == 405
