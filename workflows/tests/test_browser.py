"""Browser: the mentor drafts a review on a phone-sized screen, the head approves it, and the
case page shows the decision. Screenshots go to artifacts/."""

from __future__ import annotations

import pytest

from conftest import no_horizontal_overflow, screenshot


@pytest.mark.browser
def test_mentor_drafts_on_a_phone_and_the_head_approves(browser_login, world, make_case, open_review):
    case = make_case("in_review")
    open_review(case)

    page = browser_login("mentor")
    page.wait_for_selector("h1 >> text=Việc cần làm")
    assert page.locator(".nav .badge").inner_text() == "1"
    assert page.locator(".menu-toggle .badge").inner_text() == "1"  # the folded phone menu shows the count
    page.click("text=Soạn đánh giá quý 4/2026")
    page.check("input[name=rating][value=progressing]")
    page.fill("input[name=contacts_count]", "5")
    page.fill("textarea[name=work]", "Làm thợ hồ")
    page.fill("textarea[name=narrative]", "Tiến bộ rõ, chăm chỉ lao động")
    page.check("input[name=recommendation][value=escalate]")
    assert no_horizontal_overflow(page) == []
    screenshot(page, "review_draft_360")
    page.click("button[value=submit]")
    page.wait_for_selector("text=Đã gửi đánh giá quý 4/2026 để duyệt.")

    page = browser_login("head", viewport={"width": 1280, "height": 900})
    page.click("text=Duyệt đánh giá quý 4/2026")
    page.wait_for_selector("text=Tiến bộ rõ, chăm chỉ lao động")
    page.check("input[name=decision][value=approve]")
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=Đã duyệt đánh giá quý 4/2026.")
    panel = page.locator(".review-panel")
    assert "4/2026" in panel.inner_text() and "Chuyển công an xử lý" in panel.inner_text()
    assert "Chuyển công an xử lý" in page.locator(".page-head .status").inner_text()
    screenshot(page, "review_approved_case_page")
    assert page.console_errors == []
