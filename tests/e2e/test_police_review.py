"""A police officer opens an escalated case, reads its timeline and resolves the escalation;
the head then sees that access under "Ai đã xem"."""

from __future__ import annotations

import pytest

from cases.models import AccessLog, CaseStatus
from conftest import no_horizontal_overflow, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_police_review_an_escalated_case_and_the_head_sees_who_looked(world, make_case, browser_login, live_server):
    case = make_case("escalated", full_name="Đinh Văn Toàn", offence_summary="Trộm cắp tài sản")
    base = live_server.url

    page = browser_login("police")
    page.get_by_role("link", name="Vụ việc chuyển công an").first.click()
    page.wait_for_url(f"{base}/cases/escalations/")
    assert page.locator(".escalations .case-card").count() == 1
    assert no_horizontal_overflow(page) == []
    screenshot(page, "issue6-police-inbox-phone")
    page.get_by_role("link", name="Đinh Văn Toàn").click()
    page.wait_for_url(f"{base}/cases/{case.pk}/")
    page.get_by_role("link", name="Xem toàn bộ diễn biến").click()
    page.wait_for_url(f"{base}/cases/{case.pk}/timeline/")
    assert "Chuyển công an xử lý" in page.locator("body").inner_text()
    assert page.locator("table.tl-changes").count() >= 1
    assert no_horizontal_overflow(page) == []
    screenshot(page, "issue6-police-timeline-phone")
    page.goto(f"{base}/cases/escalations/")
    page.get_by_role("link", name="Xử lý xong vụ việc").click()
    page.select_option("select[name=outcome]", "in_review")
    page.fill("textarea[name=reason]", "Đã xác minh: không tái phạm, tiếp tục giúp đỡ.")
    page.click("form.form button[type=submit]")
    # back to the inbox of open escalations (now empty)
    page.wait_for_url(f"{base}/cases/escalations/")
    assert "Đã thực hiện" in page.locator("body").inner_text()
    assert page.locator(".escalations .case-card").count() == 0
    assert page.console_errors == []
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW
    actions = set(AccessLog.objects.filter(user=world.police, case=case).values_list("action", flat=True))
    assert actions == {"view", "timeline"}

    page = browser_login("head", viewport={"width": 1200, "height": 900})
    page.goto(f"{base}/cases/{case.pk}/")
    assert "Police" in page.locator("#who-looked").inner_text()
    page.get_by_role("link", name="Xem toàn bộ nhật ký truy cập").click()
    page.wait_for_url(f"{base}/cases/{case.pk}/access/")
    table = page.locator("table.access-log").inner_text()
    assert "Police" in table and "Xem diễn biến" in table and "Công an xã" in table
    screenshot(page, "issue6-head-who-looked")
    assert page.console_errors == []
