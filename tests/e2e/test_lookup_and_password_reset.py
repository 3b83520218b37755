"""On a phone: the province officer's lookup asks the reason before it lists anyone, then lists
the person; a forgotten password is reset through the e-mailed link (where e-mail is set up)."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from cases.models import AccessLog
from conftest import list_person, no_horizontal_overflow, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_lookup_asks_the_reason_then_lists_and_logs(world, browser_login, live_server):
    case = list_person(world, full_name="Nguyễn Văn Hùng", national_id="027090001234")
    page = browser_login("province")
    page.goto(f"{live_server.url}/cases/lookup/")
    page.fill("input[name=number]", "nguyen van hung")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "hãy chọn lý do tra cứu" in page.content() and "Nguyễn Văn Hùng" not in page.content()
    screenshot(page, "issue13-lookup-reason-first-phone")
    page.select_option("select[name=reason_code]", "verification")
    page.fill("textarea[name=reason_text]", "Công văn 12/CA")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".case-card .name").first.inner_text().startswith("Nguyễn Văn Hùng")
    assert no_horizontal_overflow(page) == []
    screenshot(page, "issue13-lookup-results-phone")
    log = AccessLog.objects.get(case=case)
    assert (log.action, log.reason) == ("lookup", "Xác minh, điều tra vụ việc liên quan: Công văn 12/CA")
    assert page.console_errors == []


def test_a_forgotten_password_is_reset_through_the_link(world, chromium, live_server, settings):

    from conftest import PHONE

    settings.PASSWORD_RESET_BY_EMAIL = True
    user = world.users["head"]
    user.email = "truongban@example.vn"
    user.save()
    context = chromium.new_context(viewport=PHONE, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.click("text=Quên mật khẩu?")
    page.click("text=Đặt lại mật khẩu qua thư điện tử")
    page.fill("input[name=email]", "truongban@example.vn")
    screenshot(page, "issue13-password-reset-form-phone")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/password_reset/done/$"))
    link = re.search(r"https?://\S+/accounts/reset/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.fill("input[name=new_password1]", "Mat-khau-moi-2026!")
    page.fill("input[name=new_password2]", "Mat-khau-moi-2026!")
    screenshot(page, "issue13-password-reset-new-phone")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/reset/done/$"))
    user.refresh_from_db()
    assert user.check_password("Mat-khau-moi-2026!")
    page.goto(link)
    assert "Liên kết không còn dùng được" in page.content()
    assert no_horizontal_overflow(page) == []
    context.close()
