"""The committee head logs in on a phone, assigns an identified case, and sees it assigned."""

from __future__ import annotations

import os

import pytest

from conftest import no_horizontal_overflow, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_head_assigns_an_identified_case_from_a_phone(world, make_case, browser_login, live_server):
    case = make_case("identified", full_name="Ngô Văn Khánh")
    make_case("in_review", full_name="Lý Thị Lan", sex="female")
    page = browser_login("head")

    page.goto(f"{live_server.url}/cases/")
    assert page.locator(".case-card").count() == 2
    assert no_horizontal_overflow(page) == []
    path = screenshot(page, "case-list-phone")
    assert os.path.getsize(path) > 5000

    page.click("text=Ngô Văn Khánh")
    page.click("text=Phân công / phân công lại")
    page.select_option("select[name=branch]", str(world.branch.pk))
    page.select_option("select[name=mentor]", str(world.mentor.pk))
    page.fill("textarea[name=reason]", "Phân công theo họp Ban ngày 20/11")
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/cases/{case.pk}/")
    assert page.locator(".page-head .status").inner_text() == "Đã phân công"
    assert "Nguyễn Thị Hoa" in page.locator("body").inner_text()
    screenshot(page, "case-assigned-phone")
    case.refresh_from_db()
    assert case.status == "assigned"
    assert page.console_errors == []
