"""A mentor makes an API token on a phone, uses it, and revokes it."""

from __future__ import annotations

import pytest

from conftest import no_horizontal_overflow, open_user_menu, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_mentor_makes_and_revokes_a_token_on_a_phone(world, browser_login, live_server):
    base = live_server.url
    page = browser_login("mentor")
    open_user_menu(page)
    page.get_by_role("link", name="Khóa API").first.click()
    page.wait_for_url(f"{base}/api/tokens/")
    page.fill("input[name=name]", "Điện thoại của tôi")
    page.get_by_role("button", name="Tạo khóa").click()
    raw = page.locator("code.token-value").inner_text().strip()
    assert len(raw) >= 43
    assert no_horizontal_overflow(page) == []
    screenshot(page, "issue14-token-created-phone")
    response = page.request.get(f"{base}/api/v1/me/", headers={"Authorization": f"Bearer {raw}"})
    assert response.status == 200 and response.json()["username"] == "mentor"
    page.get_by_role("button", name="Thu hồi").click()
    page.wait_for_url(f"{base}/api/tokens/")
    assert "Đã thu hồi" in page.locator("body").inner_text()
    screenshot(page, "issue14-token-revoked-phone")
    response = page.request.get(f"{base}/api/v1/me/", headers={"Authorization": f"Bearer {raw}"})
    assert response.status == 401 and "thu hồi" in response.json()["detail"]
    assert page.console_errors == []
