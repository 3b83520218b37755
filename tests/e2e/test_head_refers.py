"""What was just done stays in sight (issue 17, item 3), on a 360 × 740 phone: the committee
head refers a case for support from its page, lands back on it with the referral and its state
in view, and finds it again under "Giới thiệu hỗ trợ" in the menu."""

from __future__ import annotations

import os

import pytest

from conftest import ARTIFACTS, no_horizontal_overflow, open_menu, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_head_refers_and_sees_the_referral_on_the_case_page_and_in_the_menu(world, make_case, browser_login, live_server):
    case = make_case("in_review", full_name="Trương Thị Bích Ngọc")
    base = live_server.url
    page = browser_login("head")
    page.goto(f"{base}/cases/{case.pk}/")
    page.get_by_role("link", name="Đề nghị hỗ trợ").click()
    page.select_option("select[name=type]", "job")
    page.fill("textarea[name=needs]", "Cần việc làm ổn định gần nhà")
    page.click("button[name=send]")
    page.wait_for_url(f"{base}/cases/{case.pk}/#referrals")
    panel = page.locator("#referrals")
    assert "Giới thiệu việc làm" in panel.inner_text() and "Đã gửi, chờ tiếp nhận" in panel.inner_text()
    # the panel is on the screen, not below it
    box = panel.bounding_box()
    assert box["y"] < 740 and box["y"] + 40 > 0, box
    assert no_horizontal_overflow(page) == []
    screenshot(page, "issue17-head-referred-case-page")
    page.screenshot(path=os.path.join(ARTIFACTS, "issue17-head-referred-in-view.png"))  # what the screen shows

    open_menu(page)
    page.get_by_role("link", name="Giới thiệu hỗ trợ").click()
    page.wait_for_url(f"{base}/support/referrals/")
    card = page.locator(".referrals-followed .case-card")
    assert card.count() == 1
    assert "Trương Thị Bích Ngọc" in card.inner_text() and "Đã gửi, chờ tiếp nhận" in card.inner_text()
    assert page.locator("header .nav a[aria-current=page]").inner_text().startswith("Giới thiệu hỗ trợ")
    assert no_horizontal_overflow(page) == []
    screenshot(page, "issue17-head-referrals-menu")
    card.get_by_role("link").click()
    page.wait_for_url(f"{base}/cases/{case.pk}/#referrals")
    assert page.console_errors == []
