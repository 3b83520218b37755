"""The commune front downloads the people template, fills it, uploads it, sees the preview with
one error, fixes the file, imports it, and finds the imported person by a search without
diacritics — on a phone."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from cases.models import Case, CaseEvent
from conftest import no_horizontal_overflow, open_menu, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill(template_path: str, rows) -> bytes:
    wb = load_workbook(template_path)
    ws = wb["Danh sách"]
    for r, row in enumerate(rows, start=5):
        for c, value in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _upload(page, base, content: bytes) -> None:
    page.goto(f"{base}/imports/")
    page.select_option("select[name=kind]", "people")
    page.set_input_files(
        "input[name=file]",
        files=[
            {
                "name": "danh-sach-thon.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": content,
            }
        ],
    )
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"{base}/imports/*/")


def test_the_commune_front_imports_people_from_the_template_and_finds_them(world, browser_login, live_server, tmp_path):
    base = live_server.url
    page = browser_login("front")
    open_menu(page)
    page.get_by_role("link", name="Nhập từ Excel").first.click()
    page.wait_for_url(f"{base}/imports/")
    assert no_horizontal_overflow(page) == []
    screenshot(page, "issue13-import-index-phone")
    with page.expect_download() as download:
        page.click("a[data-template=people]")
    template = tmp_path / "mau.xlsx"
    download.value.save_as(template)

    category = "Giáo dục tại xã, phường"
    good = ["Hoàng Thị Mỹ Duyên", "14/02/1996", "Nữ", "027196004321", "Thôn Đông Sơn", "", "", category]
    wrong = ["Đặng Văn Quyết", "20/10/1988", "Nam", "", "Thôn Bên Kia", "", "", category]  # unknown khu dân cư
    _upload(page, base, _fill(str(template), [good, wrong]))
    body = page.locator("body").inner_text()
    assert "Lỗi: 1" in body and "Ô E6: không có khu dân cư “Thôn Bên Kia”" in body
    assert page.locator("tr.row-error").count() == 1
    screenshot(page, "issue13-import-preview-error-phone")
    page.check("input[name=mode][value=all]")
    page.click("text=Xác nhận nhập")
    assert "Tệp còn 1 dòng lỗi" in page.locator("body").inner_text()
    assert not Case.objects.exists()

    fixed = list(wrong)
    fixed[4] = "Thôn Núi Móng"
    _upload(page, base, _fill(str(template), [good, fixed]))
    assert "Lỗi: 0" in page.locator("body").inner_text()
    page.check("input[name=mode][value=all]")
    page.click("text=Xác nhận nhập")
    page.wait_for_selector("#batch-result")
    assert "Đã nhập 2 dòng" in page.locator("#batch-result").inner_text()
    assert no_horizontal_overflow(page) == []
    screenshot(page, "issue13-import-done-phone")
    assert CaseEvent.objects.filter(transition="create", actor=world.front).count() == 2

    page.goto(f"{base}/cases/?q=hoang+thi+my+duyen")
    cards = page.locator(".case-card")
    assert cards.count() == 1 and "Hoàng Thị Mỹ Duyên" in cards.first.inner_text() and "(1996)" in cards.first.inner_text()
    screenshot(page, "issue13-search-without-diacritics-phone")
    assert page.console_errors == []
