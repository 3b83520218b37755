"""The nation's and the provinces' dashboards shown from their last build (reports.dashboards):
the same figures as the live report, the time they were built, a refresh in the background
once they are old or when asked, one refresh at a time, and communes left live."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from reports import dashboards
from reports.indicators import INDICATORS, NATION
from reports.models import DashboardBuild
from reports.periods import parse_period, quarter_ends_until
from reports.selectors import build_report, resolve_place, state_series
from reports.tests.test_indicators import story  # noqa: F401  (fixture)

Q1 = "2026Q1"


def dashboard(level, code, period=Q1):
    return reverse("reports:place", args=[level, code]) + f"?period={period}"


@pytest.fixture
def started(monkeypatch):
    """The background refreshes asked for, instead of starting them."""
    calls = []
    monkeypatch.setattr(dashboards, "_start", lambda place, period: calls.append((place.level, place.code, period.code)))
    return calls


def figures(report):
    """Every indicator of the root and of each child, both periods, in the page's order."""
    rows = [(report.root.key, [(i.value(report.root_figures.counts), i.value(report.root_figures.previous)) for i in INDICATORS])]
    for f in report.children():
        rows.append((f.place.key, f.place.code, str(f.place.name), [(i.value(f.counts), i.value(f.previous)) for i in INDICATORS]))
    return rows


@pytest.mark.parametrize("level", ["nation", "province"])
def test_a_stored_build_gives_back_the_live_reports_figures_and_chart(world, story, level):  # noqa: F811
    place = NATION if level == "nation" else resolve_place("province", world.province.code)
    period = parse_period(Q1)
    live = build_report(place, period)
    series = state_series(place, quarter_ends_until(period.end, dashboards.SERIES_ENDS))
    assert live.root_figures.counts["active"] > 0  # the story has figures to compare

    row, _report, _series = dashboards.build(place, period)
    report, restored_series = dashboards.restore(DashboardBuild.objects.get(pk=row.pk).data, place, period)

    assert figures(report) == figures(live)
    assert restored_series == series
    assert report.previous_period == live.previous_period


def test_the_province_page_is_built_once_then_read_from_its_build(world, story, login, monkeypatch):  # noqa: F811
    client = login(world.users["province"])
    first = client.get(dashboard("province", world.province.code))
    assert first.status_code == 200
    row = DashboardBuild.objects.get(place_level="province", place_code=world.province.code, period=Q1)
    assert first.context["shown"].row == row

    def no_live_report(*args, **kwargs):
        raise AssertionError("the page must be read from its build")

    monkeypatch.setattr(dashboards, "build_report", no_live_report)
    monkeypatch.setattr("reports.views.build_report", no_live_report)
    second = client.get(dashboard("province", world.province.code))
    assert second.status_code == 200
    assert second.context["key_figures"] == first.context["key_figures"]
    assert [r["cells"] for r in second.context["child_rows"]] == [r["cells"] for r in first.context["child_rows"]]
    html = second.content.decode()
    assert "Số liệu tính lúc " + timezone.localtime(row.built_at).strftime("%H:%M %d/%m/%Y") in html
    assert "Tính lại số liệu" in html
    assert DashboardBuild.objects.count() == 1


def test_an_old_build_is_shown_and_refreshed_once_in_the_background(world, story, login, started):  # noqa: F811
    place = resolve_place("province", world.province.code)
    period = parse_period(Q1)
    row, _report, _series = dashboards.build(place, period)
    old = timezone.now() - dt.timedelta(minutes=61)
    DashboardBuild.objects.filter(pk=row.pk).update(built_at=old)

    client = login(world.users["province"])
    page = client.get(dashboard("province", world.province.code))
    assert page.context["shown"].refreshing is True
    assert "Đang tính lại" in page.content.decode()
    assert started == [("province", world.province.code, Q1)]
    # a second reader while it runs starts nothing more
    client.get(dashboard("province", world.province.code))
    assert len(started) == 1

    # the refresh writes the new figures and ends the refresh
    dashboards.run_refresh("province", world.province.code, Q1)
    row.refresh_from_db()
    assert row.built_at > old and row.refresh_started_at is None
    assert client.get(dashboard("province", world.province.code)).context["shown"].refreshing is False


def test_a_refresh_lost_with_its_worker_is_started_again_after_the_give_up_time(world, story, started):  # noqa: F811
    place = resolve_place("province", world.province.code)
    period = parse_period(Q1)
    dashboards.build(place, period)
    now = timezone.now()
    assert dashboards.refresh(place, period, now=now) is True
    assert dashboards.refresh(place, period, now=now + dt.timedelta(minutes=dashboards.REFRESH_GIVE_UP_MINUTES - 1)) is True
    assert len(started) == 1
    assert dashboards.refresh(place, period, now=now + dt.timedelta(minutes=dashboards.REFRESH_GIVE_UP_MINUTES + 1)) is True
    assert len(started) == 2


def test_the_reader_asks_for_a_refresh_and_the_page_says_it_is_under_way(world, story, login, started):  # noqa: F811
    client = login(world.users["province"])
    client.get(dashboard("province", world.province.code))
    response = client.post(reverse("reports:refresh", args=["province", world.province.code]), {"period": Q1}, follow=True)
    assert response.redirect_chain[-1][0] == dashboard("province", world.province.code)
    html = response.content.decode()
    assert "Đang tính lại số liệu" in html
    assert "Tính lại số liệu</button>" not in html
    assert started == [("province", world.province.code, Q1)]
    # GET is refused; a bad period changes nothing
    assert client.get(reverse("reports:refresh", args=["province", world.province.code])).status_code == 405
    response = client.post(reverse("reports:refresh", args=["province", world.province.code]), {"period": "kỳ nào đó"}, follow=True)
    assert "Kỳ báo cáo:" in response.content.decode()
    assert len(started) == 1


def test_someone_who_may_not_read_the_province_cannot_refresh_it(world, story, login, started):  # noqa: F811
    dashboards.build(resolve_place("province", world.province.code), parse_period(Q1))
    response = login(world.outsider).post(reverse("reports:refresh", args=["province", world.province.code]), {"period": Q1})
    assert response.status_code == 404
    assert started == []


def test_a_build_made_for_other_indicators_is_built_again_in_the_request(world, story, login):  # noqa: F811
    place = resolve_place("province", world.province.code)
    row, _report, _series = dashboards.build(place, parse_period(Q1))
    data = dict(row.data, indicators="before-a-release", root={"counts": {"active": 999}, "previous": {}})
    DashboardBuild.objects.filter(pk=row.pk).update(data=data)
    page = login(world.users["province"]).get(dashboard("province", world.province.code))
    active = {r["key"]: r for r in page.context["key_figures"]}["active"]
    assert active["value"] == build_report(place, parse_period(Q1)).root_figures.counts["active"] != 999
    assert DashboardBuild.objects.get(pk=row.pk).data["indicators"] == dashboards._fingerprint()


def test_a_commune_page_stays_live(world, story, login):  # noqa: F811
    page = login(world.front).get(dashboard("commune", world.commune.code))
    assert page.status_code == 200
    assert page.context["shown"] is None
    assert "Số liệu tính lúc" not in page.content.decode()
    assert not DashboardBuild.objects.exists()


def test_the_daily_command_builds_the_nation_and_every_province(world, story, capsys):  # noqa: F811
    from areas.models import Province

    Province.objects.create(code="01", name="Hà Nội")
    call_command("build_dashboards", "--period", Q1)
    built = set(DashboardBuild.objects.values_list("place_level", "place_code", "period"))
    assert built == {("nation", "VN", Q1), ("province", world.province.code, Q1), ("province", "01", Q1)}
    assert "Đã tính sẵn 3 trang báo cáo" in capsys.readouterr().out


def test_the_daily_command_refuses_a_bad_period(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Kỳ báo cáo"):
        call_command("build_dashboards", "--period", "không phải kỳ")
    assert not DashboardBuild.objects.exists()


@pytest.mark.postgres  # a second thread and connection: SQLite's shared in-memory test database locks
@pytest.mark.django_db(transaction=True)
def test_without_a_broker_an_old_build_is_refreshed_in_a_thread_after_the_request(world, login, settings):
    from config import background
    from reports.tests.helpers import Story

    settings.CELERY_BROKER_URL = ""
    Story(world).listed("2026-01-15")
    place = resolve_place("province", world.province.code)
    row, _report, _series = dashboards.build(place, parse_period(Q1))
    before = row.data["root"]["counts"].get("active", 0)
    old = timezone.now() - dt.timedelta(hours=2)
    DashboardBuild.objects.filter(pk=row.pk).update(built_at=old)
    Story(world).listed("2026-02-15")  # a case more since the build

    page = login(world.users["province"]).get(dashboard("province", world.province.code))
    assert {r["key"]: r for r in page.context["key_figures"]}["active"]["value"] == before  # the old figures meanwhile
    background.wait()
    row.refresh_from_db()
    assert row.built_at > old and row.refresh_started_at is None
    assert row.data["root"]["counts"]["active"] == before + 1


def test_the_province_follow_up_shows_the_current_figures_of_the_provinces_build(world, story, login, monkeypatch):  # noqa: F811
    place = resolve_place("province", world.province.code)
    row, report, _series = dashboards.build(place, parse_period(Q1))
    monkeypatch.setattr(dashboards, "build_report", lambda *a, **k: pytest.fail("the follow-up reads the province's build"))
    page = login(world.users["province"]).get(reverse("reports:follow", args=[world.province.code]) + f"?period={Q1}")
    assert page.status_code == 200
    active = next(f for f in page.context["figures"] if f["indicator"].key == "active")
    assert active["live"] == report.root_figures.counts["active"] > 0
    at = timezone.localtime(row.built_at).strftime("%H:%M %d/%m/%Y")
    assert f"Cột “Hiện tại”: số liệu tính lúc {at}" in page.content.decode()


def test_the_nations_first_build_runs_in_the_background_and_the_page_says_so(world, story, login, started):  # noqa: F811
    client = login(world.users["admin"])
    page = client.get(dashboard("nation", "VN"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "đang tính" in html and "Tải lại trang" in html
    assert started == [("nation", "VN", Q1)]
    assert client.get(dashboard("nation", "VN")).status_code == 200
    assert len(started) == 1  # one build, however many readers wait

    dashboards.run_refresh("nation", "VN", Q1)
    page = client.get(dashboard("nation", "VN"))
    active = {r["key"]: r for r in page.context["key_figures"]}["active"]
    assert active["value"] == build_report(NATION, parse_period(Q1)).root_figures.counts["active"] > 0
    assert "Số liệu tính lúc" in page.content.decode()


def test_a_failed_build_is_said_on_the_page_and_retried_when_the_reader_asks(world, story, login, started, monkeypatch):  # noqa: F811
    client = login(world.users["admin"])
    client.get(dashboard("nation", "VN"))
    assert len(started) == 1

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(dashboards, "build_report", broken)
    with pytest.raises(RuntimeError):
        dashboards.run_refresh("nation", "VN", Q1)
    row = DashboardBuild.objects.get(place_level="nation")
    assert row.failed_at is not None and row.refresh_started_at is None

    page = client.get(dashboard("nation", "VN"))
    html = page.content.decode()
    assert "Lần tính số liệu gần nhất bị lỗi" in html and "Thử lại</button>" in html
    assert "Tải lại trang" not in html  # nothing runs: nothing to wait for
    assert len(started) == 1  # not started again by itself
    client.post(reverse("reports:refresh", args=["nation", "VN"]), {"period": Q1})
    assert len(started) == 2


def test_an_old_province_build_whose_refresh_failed_keeps_its_figures_and_says_so(world, story, login, started):  # noqa: F811
    place = resolve_place("province", world.province.code)
    row, report, _series = dashboards.build(place, parse_period(Q1))
    DashboardBuild.objects.filter(pk=row.pk).update(built_at=timezone.now() - dt.timedelta(hours=3), failed_at=timezone.now())
    page = login(world.users["province"]).get(dashboard("province", world.province.code))
    active = {r["key"]: r for r in page.context["key_figures"]}["active"]
    assert active["value"] == report.root_figures.counts["active"]
    assert "Lần tính số liệu gần nhất bị lỗi" in page.content.decode()
    assert started == []
