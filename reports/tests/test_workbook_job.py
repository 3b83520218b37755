"""The national workbook streamed province by province (reports.workbook) holds the same cells
as the workbook of the whole report (reports.exports.write_xlsx); it is made in the
background with progress for the requester, kept for a while, and every download is logged."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from areas.models import Province
from reports import workbook
from reports.exports import write_xlsx
from reports.indicators import NATION
from reports.models import ReportExportLog, ReportJob
from reports.periods import parse_period
from reports.selectors import build_report, resolve_place
from reports.tests.helpers import Story, threads_used, three_cases

Q1 = parse_period("2026Q1")


@pytest.fixture(autouse=True)
def export_dir(tmp_path, settings):
    settings.DONG_HANH = {**settings.DONG_HANH, "REPORT_EXPORT_DIR": str(tmp_path), "REPORT_EXPORT_KEEP_HOURS": 24}
    return tmp_path


@pytest.fixture
def story(world):
    s = three_cases(world)
    Province.objects.create(code="98", name="Tỉnh Không Có Ai")  # a province without figures
    return s


def sheets(data: bytes) -> dict[str, list[tuple]]:
    wb = load_workbook(io.BytesIO(data), read_only=True)
    return {ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()] for ws in wb.worksheets}


def cells_and_formats(data: bytes, title: str) -> list[list[tuple]]:
    wb = load_workbook(io.BytesIO(data))
    return [[(c.value, c.number_format) for c in row] for row in wb[title].iter_rows()]


@pytest.mark.parametrize("root", ["nation", "province", "commune"])
def test_the_streamed_workbook_has_the_cells_of_the_whole_report(world, story, root):
    place = {"nation": NATION, "province": resolve_place("province", world.commune.province.code)}.get(root) or resolve_place(
        "commune", world.commune.code
    )
    whole = io.BytesIO()
    write_xlsx(build_report(place, Q1, grain="area"), whole)
    streamed = io.BytesIO()
    steps = []
    workbook.write_streamed_xlsx(place, Q1, streamed, progress=lambda done, total: steps.append((done, total)))
    expected, got = sheets(whole.getvalue()), sheets(streamed.getvalue())
    assert list(got) == list(expected)
    for title in expected:
        rows, rows_got = expected[title], got[title]
        if title == "Chỉ tiêu":  # "Lập lúc" is the minute each was made
            rows, rows_got = [r for r in rows if r[:1] != ("Lập lúc",)], [r for r in rows_got if r[:1] != ("Lập lúc",)]
        assert rows_got == rows, title
    for title in list(expected)[1:]:  # the number formats too, column by column
        assert cells_and_formats(streamed.getvalue(), title) == cells_and_formats(whole.getvalue(), title)
    if root == "nation":
        assert steps[-1] == (Province.objects.count() + 1, Province.objects.count() + 1)  # the province sheet, then each province
        assert "Tỉnh Không Có Ai" in [r[1] for r in got["Tỉnh, thành phố"]]  # every province listed


def test_the_national_export_becomes_a_job_that_the_requester_downloads_once_done(client, world, story, export_dir):
    admin = world.users["admin"]
    client.force_login(admin)
    url = reverse("reports:export", args=["nation", "VN", "xlsx"]) + "?period=2026Q1"
    response = client.get(url)
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:job", args=[job.pk])
    assert job.status == ReportJob.Status.QUEUED  # started once the request's transaction commits
    assert ReportExportLog.objects.count() == 0  # nothing has left yet
    workbook.run_job(job.pk)  # what the thread (or the Celery worker) runs
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE and job.steps_done == job.steps_total == Province.objects.count() + 1
    assert job.expires_at - job.finished_at == dt.timedelta(hours=24)
    page = client.get(reverse("reports:job", args=[job.pk]))
    assert page.status_code == 200 and "Tải tệp" in page.content.decode()
    # a reload of the export link finds the same job, and starts nothing
    assert client.get(url)["Location"] == reverse("reports:job", args=[job.pk]) and ReportJob.objects.count() == 1
    download = client.get(reverse("reports:job", args=[job.pk]) + "?tai-ve=1")
    assert download.status_code == 200
    data = b"".join(download.streaming_content)
    assert "Khu dân cư" in sheets(data)
    entry = ReportExportLog.objects.get()
    assert (entry.user, entry.place_level, entry.period, entry.format) == (admin, "nation", "2026Q1", "xlsx")


@pytest.mark.postgres  # a second thread and connection: SQLite's shared in-memory test database locks
@pytest.mark.django_db(transaction=True)
def test_without_a_broker_the_job_runs_in_a_thread_after_the_request(client, world, settings):
    settings.CELERY_BROKER_URL = ""
    Story(world).listed("2026-01-15")
    client.force_login(world.users["admin"])
    client.get(reverse("reports:export", args=["nation", "VN", "xlsx"]) + "?period=2026Q1")
    workbook.wait_for_background()
    job = ReportJob.objects.get()
    assert job.status == ReportJob.Status.DONE and job.steps_done == job.steps_total and job.size_bytes > 0


def test_a_running_job_shows_its_progress_and_another_user_gets_404(client, world, story):
    job = ReportJob.objects.create(
        requested_by=world.users["admin"],
        place_level="nation",
        place_code="VN",
        period="2026Q1",
        status="running",
        steps_done=7,
        steps_total=35,
    )
    client.force_login(world.users["admin"])
    page = client.get(reverse("reports:job", args=[job.pk])).content.decode()
    assert "7/35" in page and 'http-equiv="refresh"' in page
    assert client.get(reverse("reports:job", args=[job.pk]) + "?tai-ve=1").status_code == 404  # not made yet
    client.force_login(world.users["province"])
    assert client.get(reverse("reports:job", args=[job.pk])).status_code == 404


def test_the_file_is_removed_after_the_keeping_time_and_the_page_says_so(client, world, story, export_dir):
    job = workbook.run_job(
        ReportJob.objects.create(requested_by=world.users["admin"], place_level="nation", place_code="VN", period="2026Q1").pk
    )
    assert (export_dir / job.file_name).exists()
    assert workbook.expire_old_files(timezone.now() + dt.timedelta(hours=25)) == 1
    job.refresh_from_db()
    assert job.status == ReportJob.Status.EXPIRED and not (export_dir / job.file_name).exists()
    client.force_login(world.users["admin"])
    assert "hết hạn" in client.get(reverse("reports:job", args=[job.pk])).content.decode()


@pytest.mark.postgres  # the reports built ahead in threads, each on its own connection
@pytest.mark.django_db(transaction=True)
def test_the_reports_built_ahead_in_threads_give_the_same_workbook(world, story, settings, monkeypatch):
    from django.db import connection

    from reports import selectors

    assert not connection.in_atomic_block  # else the threads would not run: they could not see the rows
    whole = io.BytesIO()
    write_xlsx(build_report(NATION, Q1, grain="area"), whole)
    made_in = threads_used(monkeypatch, workbook, "province_reports")
    streams_in = threads_used(monkeypatch, selectors, "_ProvinceStream")
    streamed = io.BytesIO()
    steps = []
    workbook.write_streamed_xlsx(NATION, Q1, streamed, progress=lambda done, total: steps.append(done))
    assert made_in == ["workbook-reports"]  # the reports were made beside the writing
    assert sorted(streams_in) == ["report-stream", "workbook-reports"]  # the previous period in a thread of its own
    assert steps == list(range(1, Province.objects.count() + 2))  # in order, each province once, then the nation
    expected, got = sheets(whole.getvalue()), sheets(streamed.getvalue())
    for title in list(expected)[1:]:
        assert got[title] == expected[title], title


def test_a_job_whose_place_the_requester_may_no_longer_see_is_not_shown_nor_downloaded(client, world, story):
    """The policy answers for the job's place as for the report itself: a national job of a
    province officer (e.g. whose national role was withdrawn since) does not exist for them."""
    job = workbook.run_job(
        ReportJob.objects.create(requested_by=world.users["province"], place_level="nation", place_code="VN", period="2026Q1").pk
    )
    assert job.status == ReportJob.Status.DONE
    client.force_login(world.users["province"])
    assert client.get(reverse("reports:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("reports:job", args=[job.pk]) + "?tai-ve=1").status_code == 404
    assert ReportExportLog.objects.count() == 0
