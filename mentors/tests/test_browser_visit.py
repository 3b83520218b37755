"""A mentor on a 360 px phone: logs in, logs a visit, sees it on the case timeline."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
OVERFLOW_JS = """() => {
  const w = window.innerWidth;
  const bad = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > w + 0.5) bad.push(el.tagName + '.' + el.className + ' ' + Math.round(r.right));
  }
  return {bad, scrollWidth: document.documentElement.scrollWidth, innerWidth: w};
}"""


@pytest.fixture
def page():
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1, is_mobile=True, has_touch=True)
        yield context.new_page()
        browser.close()


def assert_no_horizontal_overflow(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    result = page.evaluate(OVERFLOW_JS)
    assert result["bad"] == [], f"{name}: elements overflow the viewport: {result['bad'][:10]}"
    assert result["scrollWidth"] <= result["innerWidth"], name


def test_a_mentor_logs_a_visit_from_a_360px_phone_and_sees_it_on_the_timeline(world, make_case, live_server, page):
    ARTIFACTS.mkdir(exist_ok=True)
    case = make_case("assigned", full_name="Nguyễn Văn Thắng Trường Giang")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "mentor")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/mentor/")
    assert page.locator(".mentor-card").count() == 1
    assert_no_horizontal_overflow(page, "mentor-home-360")

    page.click("text=Ghi nhận tiếp xúc")
    page.wait_for_url(f"**/mentor/cases/{case.pk}/visit/")
    box = page.locator("form.visit-form button[type=submit]").bounding_box()
    assert box["height"] >= 44 and box["width"] <= 360
    page.check("input[name=mode][value=phone]")
    page.fill("textarea[name=notes]", "Đã gọi điện, anh Thắng đang đi làm thợ xây ở thị trấn.")
    page.fill("input[name=next_contact_on]", "")
    page.fill("textarea[name=sensitive_note]", "Hàng xóm báo có người lạ đến tìm.")
    # a mistake first: the form keeps what was typed
    page.fill("input[name=visit_date]", "01/01/2099")
    page.click("form.visit-form button[type=submit]")
    assert "Ngày tiếp xúc không được sau ngày hôm nay." in page.content()
    assert page.input_value("textarea[name=notes]").startswith("Đã gọi điện")
    assert page.is_checked("input[name=mode][value=phone]")
    assert_no_horizontal_overflow(page, "visit-form-error-360")

    from django.utils import timezone

    page.fill("input[name=visit_date]", timezone.localdate().strftime("%d/%m/%Y"))
    page.click("form.visit-form button[type=submit]")
    page.wait_for_url(f"**/cases/{case.pk}/**")
    timeline = page.locator("#dien-bien").inner_text()
    assert "Tiếp xúc: Gọi điện thoại" in timeline
    assert "anh Thắng đang đi làm thợ xây" in timeline
    assert "Hàng xóm báo có người lạ đến tìm." in timeline  # the author sees their own note
    assert "Đang giúp đỡ" in page.content()  # the first visit started the mentoring
    assert_no_horizontal_overflow(page, "case-timeline-360")
    # the draft kept on the phone was cleared once saved
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('dh-draft:')).length") == 0
