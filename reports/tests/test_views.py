"""Dashboards and exports: scope, figures, exports logged, query counts."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from reports.models import ReportExportLog
from reports.tests.test_indicators import story  # noqa: F401  (fixture)

Q1 = "2026Q1"


def dashboard(place_level, code, period=Q1):
    return reverse("reports:place", args=[place_level, code]) + f"?period={period}"


def export(place_level, code, fmt, period=Q1):
    return reverse("reports:export", args=[place_level, code, fmt]) + f"?period={period}"


def test_the_commune_front_officer_is_sent_to_their_commune_dashboard(world, login):
    response = login(world.front).get(reverse("reports:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:place", args=["commune", world.commune.code])


def test_the_commune_dashboard_shows_the_indicators_and_each_khu_dan_cu(world, login, story):  # noqa: F811
    response = login(world.front).get(dashboard("commune", world.commune.code))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-indicator="reoffending_rate"' in html
    assert "<svg" in html
    children = {row["place"].code: row for row in response.context["child_rows"]}
    assert set(children) == {world.area.code, world.area2.code}
    active = {r["key"]: r for r in response.context["key_figures"]}["active"]
    assert (active["value"], active["previous"]) == (4, 2)
    # aggregates only: no person's name on the page
    assert "Người Thứ" not in html


def test_an_outsider_is_refused_the_commune_dashboard_and_its_exports(world, login):
    client = login(world.outsider)
    assert client.get(dashboard("commune", world.commune.code)).status_code == 404
    assert client.get(export("commune", world.commune.code, "xlsx")).status_code == 404
    assert client.get(dashboard("area", world.area.code)).status_code == 404
    assert client.get(dashboard("province", world.province.code)).status_code == 404
    assert ReportExportLog.objects.count() == 0


def test_a_mentor_and_a_labour_officer_see_no_reports(world, login):
    for user in (world.users["mentor"], world.labour):
        client = login(user)
        assert client.get(reverse("reports:index")).status_code == 403
        assert client.get(dashboard("commune", world.commune.code)).status_code == 403


def test_the_committee_head_gets_his_khu_dan_cu_report_and_no_other(world, login, story):  # noqa: F811
    client = login(world.head)
    response = client.get(reverse("reports:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:place", args=["area", world.area.code])
    page = client.get(dashboard("area", world.area.code))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Người Thứ" not in html  # counts, no names
    figures = {r["key"]: r["value"] for r in page.context["key_figures"]}
    assert figures["active"] == 4  # c1, c2, c4, c7 live in Đông Sơn (c3 in Núi Móng)
    assert client.get(export("area", world.area.code, "xlsx")).status_code == 200
    # not the neighbouring khu dân cư, nor the commune above him
    assert client.get(dashboard("area", world.area2.code)).status_code == 404
    assert client.get(dashboard("commune", world.commune.code)).status_code == 404
    assert "reports" in [i["key"] for i in client.get(reverse("cases:list")).context["nav_items"]]


def test_the_province_officer_drills_down_province_to_commune_to_khu_dan_cu(world, login, story):  # noqa: F811
    client = login(world.users["province"])
    response = client.get(reverse("reports:index"))
    assert response["Location"] == reverse("reports:place", args=["province", world.province.code])
    page = client.get(dashboard("province", world.province.code))
    assert page.status_code == 200
    assert {r["place"].code for r in page.context["child_rows"]} == {world.commune.code, world.other_commune.code}
    page = client.get(dashboard("commune", world.commune.code))
    assert page.status_code == 200
    page = client.get(dashboard("area", world.area2.code))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Người Thứ" not in html  # no names, only counts
    figures = {r["key"]: r["value"] for r in page.context["key_figures"]}
    assert figures["reoffending_rate"] == 100.0  # the lowest level shows its (small) counts


def test_the_province_officer_is_refused_another_province(world, login):
    from areas.models import Province

    other = Province.objects.create(code="01", name="Hà Nội")
    assert login(world.users["province"]).get(dashboard("province", other.code)).status_code == 404
    assert login(world.users["province"]).get(dashboard("nation", "VN")).status_code == 404


def test_reports_come_first_in_the_province_officers_menu_and_after_cases_for_the_front(world, login):
    client = login(world.users["province"])
    assert client.get("/")["Location"] == reverse("reports:index")
    nav = login(world.front).get(reverse("cases:list")).context["nav_items"]
    keys = [i["key"] for i in nav]
    assert "reports" in keys and keys.index("cases") < keys.index("reports")


def test_a_bad_period_gets_a_vietnamese_message_not_an_error(world, login):
    response = login(world.front).get(dashboard("commune", world.commune.code, period="2026Q9"))
    assert response.status_code == 200
    assert "không hợp lệ" in response.content.decode()


def test_the_excel_export_opens_and_its_figures_equal_the_dashboard(world, login, story):  # noqa: F811
    client = login(world.front)
    page = client.get(dashboard("commune", world.commune.code))
    on_screen = {r["key"]: (r["value"], r["previous"]) for rows in page.context["sections"].values() for r in rows}
    response = client.get(export("commune", world.commune.code, "xlsx"))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert wb.sheetnames == ["Chỉ tiêu", "Khu dân cư"]
    rows = list(wb["Chỉ tiêu"].iter_rows(values_only=True))
    header_at = next(i for i, r in enumerate(rows) if r and r[0] == "Mã chỉ tiêu")
    kinds = {r["key"]: r["kind"] for rows_ in page.context["sections"].values() for r in rows_}

    def as_shown(key, v):  # shares are real percentages in the workbook
        return None if v is None else (round(v * 100, 1) if kinds[key] == "share" else v)

    in_file = {r[-1]: (as_shown(r[-1], r[3]), as_shown(r[-1], r[4])) for r in rows[header_at + 1 :]}
    assert in_file == on_screen
    areas = list(wb["Khu dân cư"].iter_rows(values_only=True))
    assert areas[0][:3] == ("Mã", "Khu dân cư", "Thuộc (mã)")
    child_active = {r["place"].code: r["cells"][0][0] for r in page.context["child_rows"]}
    assert {r[0]: r[3] for r in areas[1:]} == child_active
    log = ReportExportLog.objects.get()
    assert (log.user, log.format, log.place_code, log.period) == (world.front, "xlsx", world.commune.code, "2026Q1")


def test_the_pdf_export_is_a_pdf_and_is_logged(world, login, story):  # noqa: F811
    response = login(world.users["province"]).get(export("province", world.province.code, "pdf"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert ReportExportLog.objects.filter(format="pdf", place_level="province").count() == 1


def test_the_dashboard_query_count_does_not_grow_with_cases(world, login, story):  # noqa: F811
    from areas.models import ResidentialArea
    from mentors.models import Mentor
    from reports.tests.helpers import Story

    client = login(world.front)
    url = dashboard("commune", world.commune.code)
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    s = Story(world)
    for i in range(5):
        area = ResidentialArea.objects.create(commune=world.commune, code=f"Y-{i}", name=f"Khu {i}")
        c = s.listed("2026-02-01", area=area)
        s.assigned(c, "2026-02-03", mentor=Mentor.objects.create(full_name=f"M {i}", commune=world.commune, branch=world.branch))
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after) == len(before)
    from community.indicators import SOURCES as COMMUNITY_SOURCES

    # the plan's registries: each source, this and the previous period; + the period's sent
    # report (issue 15); PostgreSQL: + the report sessions' settings
    assert len(before) <= 31 + 2 * len(COMMUNITY_SOURCES) + (2 if connection.vendor == "postgresql" else 0)


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_the_indicators_command_writes_the_whole_installation(world, story, tmp_path, fmt):  # noqa: F811
    import json

    from django.core.management import call_command

    out = tmp_path / f"r.{fmt}"
    call_command("indicators", "--period", "2026Q1", "--format", fmt, "--output", str(out))
    if fmt == "json":
        data = json.loads(out.read_text(encoding="utf-8"))
        assert data["place"]["code"] == "VN"
        assert {i["key"]: i["value"] for i in data["indicators"]}["active"] == 5
        assert {p["code"]: p["values"]["active"] for p in data["places"] if p["level"] == "commune"}[world.commune.code] == 4
    else:
        wb = load_workbook(out, read_only=True)
        assert wb.sheetnames == ["Chỉ tiêu", "Tỉnh, thành phố", "Xã, phường, đặc khu", "Khu dân cư"]
    assert ReportExportLog.objects.get().channel == "command"


def test_the_indicators_command_prints_json_for_one_place_and_refuses_unknown_ones(world, story, capsys):  # noqa: F811
    import json

    from django.core.management import CommandError, call_command

    call_command("indicators", "--place", world.area2.code, "--period", "2026Q1")
    data = json.loads(capsys.readouterr().out)
    assert {i["key"]: i["value"] for i in data["indicators"]}["reoffended"] == 1
    with pytest.raises(CommandError):
        call_command("indicators", "--place", "nowhere", "--period", "2026Q1")
    with pytest.raises(CommandError):
        call_command("indicators", "--period", "2026Q7")


@pytest.mark.parametrize(
    "query",
    [
        "ky=C&nam=2026&tu=01/12/2026&den=31/12/9999",
        "ky=C&nam=2026&tu=01/01/0001&den=31/12/2026",
        "period=9999H2",
        "period=năm 9999",
        "period=0001H1",
    ],
)
def test_a_period_in_year_9999_or_0001_gets_a_vietnamese_message_not_an_error_page(world, login, query):
    from reports.periods import current_half

    client = login(world.users["province"])
    response = client.get(reverse("reports:place", args=["province", world.province.code]) + f"?{query}")
    assert response.status_code == 200
    assert "kỳ báo cáo phải trong các năm từ 2000 đến" in response.content.decode()
    assert response.context["period"] == current_half()


def _no_file(response) -> None:
    assert response.status_code == 302 and "Content-Disposition" not in response


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("period=abc", "Kỳ báo cáo “abc” không hợp lệ"),
        ("period=9999H2", "Năm 9999 không hợp lệ"),
        ("ky=C&nam=2026&tu=01/12/2026&den=31/12/9999", "Đến ngày: Năm 9999 không hợp lệ"),
        ("ky=Q9&nam=2026", "Kỳ báo cáo: hãy chọn một kỳ trong danh sách."),
    ],
)
def test_an_export_of_a_bad_period_downloads_nothing_and_the_report_page_says_why(world, login, fmt, query, said):
    from urllib.parse import urlencode

    from django.http import QueryDict

    client = login(world.users["province"])
    page = reverse("reports:place", args=["province", world.province.code])
    response = client.get(reverse("reports:export", args=["province", world.province.code, fmt]) + f"?{query}")
    _no_file(response)
    # back to the report page, with what was asked, where the error is said once
    assert response["Location"] == f"{page}?{urlencode(QueryDict(query), doseq=True)}"
    html = client.get(response["Location"]).content.decode()
    assert html.count(said) == 1
    assert ReportExportLog.objects.count() == 0


def test_the_nations_workbook_of_a_bad_period_is_not_asked_for(world, login):
    from reports.models import ReportJob

    response = login(world.users["admin"]).get(reverse("reports:export", args=["nation", "VN", "xlsx"]) + "?period=abc")
    _no_file(response)
    assert response["Location"] == reverse("reports:place", args=["nation", "VN"]) + "?period=abc"
    assert ReportJob.objects.count() == 0


def test_an_export_in_an_unknown_format_is_not_found(world, login):
    assert login(world.users["province"]).get(export("province", world.province.code, "docx")).status_code == 404


def _dates_open(html: str) -> bool:
    return '<details class="custom-dates" open>' in html


@pytest.mark.parametrize(
    ("query", "opened"),
    [
        ("ky=C&nam=2026&tu=01/02/2026&den=15/03/2026", True),  # the custom period shown
        ("period=2026-02-01:2026-03-15", True),  # … from a link
        ("ky=C&nam=2026&tu=01/02/2026&den=", True),  # a date to fill in
        ("ky=C&nam=2026&tu=01/12/2026&den=31/12/9999", True),  # a date out of range
        ("ky=Q1&nam=2026", False),
        ("period=2026Q1", False),
        ("ky=Q9&nam=2026", False),  # the error is on the kind, in view
    ],
)
def test_the_period_pickers_dates_are_open_when_they_are_the_period_or_wrong(world, login, query, opened):
    html = login(world.front).get(reverse("reports:place", args=["commune", world.commune.code]) + f"?{query}").content.decode()
    assert _dates_open(html) is opened
    assert html.count('src="/static/js/period_picker.js"') == 1


def test_a_date_picked_wrong_stays_in_its_field_with_the_error_next_to_it(world, login):
    html = (
        login(world.front)
        .get(reverse("reports:place", args=["commune", world.commune.code]) + "?ky=C&nam=2026&tu=01/12/2026&den=31/12/9999")
        .content.decode()
    )
    assert 'value="31/12/9999"' in html and 'aria-invalid="true" aria-describedby="id_den_error"' in html
    assert '<div id="id_den_error"><p class="error">Đến ngày: Năm 9999 không hợp lệ' in html
