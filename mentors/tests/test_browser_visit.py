"""A mentor on a 360 px phone: logs in, logs a visit, sees it on the case timeline."""

from __future__ import annotations

import pytest
from django.utils import timezone

from conftest import no_horizontal_overflow, open_menu, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits_the_phone(page, name: str) -> None:
    screenshot(page, name)
    assert no_horizontal_overflow(page) == [], name
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), name


def test_a_mentor_logs_a_visit_from_a_360px_phone_and_sees_it_on_the_timeline(world, make_case, browser_login, live_server):
    case = make_case("assigned", full_name="Nguyễn Văn Thắng Trường Giang")
    page = browser_login("mentor")
    assert page.url == f"{live_server.url}/tasks/"  # every role starts at the task inbox
    open_menu(page)
    page.click("nav >> text=Người tôi giúp đỡ")
    page.wait_for_url(f"{live_server.url}/mentor/")
    assert page.evaluate("() => window.innerWidth") == 360
    assert page.locator(".mentor-card").count() == 1
    fits_the_phone(page, "mentor-home-360")

    page.click("text=Ghi nhận tiếp xúc")
    page.wait_for_url(f"**/mentor/cases/{case.pk}/visit/")
    box = page.locator("form.visit-form button[type=submit]").bounding_box()
    assert box["height"] >= 44 and box["x"] + box["width"] <= 360
    page.check("input[name=mode][value=phone]")
    page.fill("textarea[name=notes]", "Đã gọi điện, anh Thắng đang đi làm thợ xây ở thị trấn.")
    page.fill("textarea[name=sensitive_note]", "Hàng xóm báo có người lạ đến tìm.")
    # a mistake first: the form comes back with what was typed
    page.fill("input[name=visit_date]", "01/01/2099")
    page.click("form.visit-form button[type=submit]")
    assert "Ngày tiếp xúc không được sau ngày hôm nay." in page.content()
    assert page.input_value("textarea[name=notes]").startswith("Đã gọi điện")
    assert page.is_checked("input[name=mode][value=phone]")
    fits_the_phone(page, "visit-form-error-360")

    page.fill("input[name=visit_date]", timezone.localdate().strftime("%d/%m/%Y"))
    page.click("form.visit-form button[type=submit]")
    page.wait_for_url(f"**/cases/{case.pk}/**")
    timeline = page.locator("#dien-bien").inner_text()
    assert "Tiếp xúc: Gọi điện thoại" in timeline
    assert "anh Thắng đang đi làm thợ xây" in timeline
    assert "Hàng xóm báo có người lạ đến tìm." in timeline  # the author sees their own note
    assert page.locator(".page-head .status").inner_text() == "Đang giúp đỡ"  # the first visit started the mentoring
    fits_the_phone(page, "case-timeline-360")
    # the draft kept on the phone was cleared once the visit was saved
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('dh-draft:')).length") == 0
    assert page.console_errors == []


def test_what_was_typed_survives_a_lost_connection_and_comes_back_on_the_form(world, make_case, browser_login, live_server):
    case = make_case("in_review")
    page = browser_login("mentor")
    page.goto(f"{live_server.url}/mentor/cases/{case.pk}/visit/")
    page.fill("textarea[name=notes]", "Gõ dở trên đường về")
    page.check("input[name=mode][value=group]")
    page.goto(f"{live_server.url}/mentor/")  # the tab is left, nothing submitted
    page.goto(f"{live_server.url}/mentor/cases/{case.pk}/visit/")
    assert page.input_value("textarea[name=notes]") == "Gõ dở trên đường về"
    assert page.is_checked("input[name=mode][value=group]")


def test_the_head_reads_caseloads_and_hands_over_cases_on_a_phone(world, make_case, browser_login, live_server):
    from mentors import services

    for _ in range(3):
        make_case("in_review")
    services.deactivate_mentor(world.mentor, actor=world.head, reason="Chuyển đi")
    page = browser_login("head")
    page.goto(f"{live_server.url}/mentors/caseload/")
    assert "Cần bàn giao 3 hồ sơ" in page.content()
    fits_the_phone(page, "caseload-360")
    page.click("text=Cần bàn giao 3 hồ sơ")
    page.select_option("select[name=all_to]", str(world.mentor2.pk))
    fits_the_phone(page, "handover-360")
    page.click("form.form button[type=submit]")
    assert "Đã phân công lại 3 hồ sơ." in page.content()
    assert page.console_errors == []
