"""Browser: the mentor drafts a review on a phone-sized screen, the head approves it, and the
case page shows the decision. Screenshots go to artifacts/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import PASSWORD

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        try:
            yield browser
        finally:
            browser.close()


def sign_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")


@pytest.mark.browser
def test_mentor_drafts_on_a_phone_and_the_head_approves(live_server, browser, world, make_case, open_review):
    ARTIFACTS.mkdir(exist_ok=True)
    case = make_case("in_review")
    open_review(case)

    phone = browser.new_context(viewport={"width": 360, "height": 740})
    page = phone.new_page()
    sign_in(page, live_server.url, "mentor")
    page.wait_for_selector("text=Việc cần làm")
    assert page.locator(".nav .badge").inner_text() == "1"
    page.click("text=Soạn đánh giá quý 2026Q4")
    page.check("input[name=rating][value=progressing]")
    page.fill("input[name=contacts_count]", "5")
    page.fill("textarea[name=work]", "Làm thợ hồ")
    page.fill("textarea[name=narrative]", "Tiến bộ rõ, chăm chỉ lao động")
    page.check("input[name=recommendation][value=escalate]")
    # Nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(ARTIFACTS / "review_draft_360.png"), full_page=True)
    page.click("button[value=submit]")
    page.wait_for_selector("text=Đã gửi đánh giá quý 2026Q4 để duyệt.")
    phone.close()

    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    sign_in(page, live_server.url, "head")
    page.click("text=Duyệt đánh giá quý 2026Q4")
    page.wait_for_selector("text=Tiến bộ rõ, chăm chỉ lao động")
    page.check("input[name=decision][value=approve]")
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=Đã duyệt đánh giá quý 2026Q4.")
    panel = page.locator(".review-panel")
    assert "2026Q4" in panel.inner_text() and "Chuyển công an xử lý" in panel.inner_text()
    assert "Chuyển công an xử lý" in page.locator(".page-head .status").inner_text()
    page.screenshot(path=str(ARTIFACTS / "review_approved_case_page.png"), full_page=True)
    desk.close()
