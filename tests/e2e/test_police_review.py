"""A police officer opens an escalated case, reads its timeline and resolves the escalation;
the head then sees that access under "Ai đã xem"."""

import os
from pathlib import Path

import pytest

from cases.models import AccessLog, CaseStatus
from conftest import PASSWORD

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def browser():
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()


def _login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.browser
def test_police_review_an_escalated_case_and_the_head_sees_who_looked(transactional_db, live_server, world, make_case, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    case = make_case("escalated", full_name="Đinh Văn Toàn", offence_summary="Trộm cắp tài sản")
    base = live_server.url

    police = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = police.new_page()
    _login(page, base, "police")
    page.get_by_role("link", name="Vụ việc chuyển công an").first.click()
    page.wait_for_load_state()
    assert "Đinh Văn Toàn" in page.content()
    page.screenshot(path=str(ARTIFACTS / "issue6-police-inbox.png"), full_page=True)
    page.get_by_role("link", name="Đinh Văn Toàn").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Xem toàn bộ diễn biến").click()
    page.wait_for_load_state()
    assert "Chuyển công an xử lý" in page.content()
    assert page.locator("table.tl-changes").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "issue6-police-timeline.png"), full_page=True)
    page.goto(f"{base}/cases/escalations/")
    page.get_by_role("link", name="Xử lý xong vụ việc").click()
    page.wait_for_load_state()
    page.select_option("select[name=outcome]", "in_review")
    page.fill("textarea[name=reason]", "Đã xác minh: không tái phạm, tiếp tục giúp đỡ.")
    page.click("main form.card button[type=submit]")
    page.wait_for_load_state()
    assert "Đã thực hiện" in page.content()
    police.close()
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW
    police_rows = AccessLog.objects.filter(user=world.police, case=case)
    assert set(police_rows.values_list("action", flat=True)) == {"view", "timeline"}

    head = browser.new_context(viewport={"width": 1200, "height": 900}, locale="vi-VN")
    page = head.new_page()
    _login(page, base, "head")
    page.goto(f"{base}/cases/{case.pk}/")
    panel = page.locator("#who-looked")
    assert "Police" in panel.inner_text()
    page.get_by_role("link", name="Xem toàn bộ nhật ký truy cập").click()
    page.wait_for_load_state()
    table = page.locator("table.access-log").inner_text()
    assert "Police" in table and "Xem diễn biến" in table
    page.screenshot(path=str(ARTIFACTS / "issue6-head-who-looked.png"), full_page=True)
    head.close()
