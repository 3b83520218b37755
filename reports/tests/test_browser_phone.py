"""The dashboard and the province's follow-up on a 360 px phone: no text under 12 px (chart
text measured as rendered), no sideways scroll outside marked scrollers, which take keyboard
focus, sections folded, axe-core without serious violations."""

from __future__ import annotations

import pytest

from conftest import screenshot
from reports.tests.test_indicators import story  # noqa: F401  (fixture)

PHONE = {"width": 360, "height": 740}

MEASURE = """() => {
  const small = [];
  for (const el of document.querySelectorAll('main *')) {
    const hasText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!hasText) continue;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) continue;  // folded away
    let size = parseFloat(getComputedStyle(el).fontSize);
    const svg = el.closest('svg');
    if (svg) size = size * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    if (size < 12) small.push(el.tagName + ' ' + el.textContent.trim().slice(0, 30) + ' ' + size.toFixed(1));
  }
  const outside = [];
  for (const el of document.querySelectorAll('main *')) {
    if (el.closest('.table-scroll')) continue;
    const r = el.getBoundingClientRect();
    if (r.width && r.right > window.innerWidth + 1) outside.push(el.tagName + '.' + el.className);
  }
  return {small, outside, scrollWidth: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight};
}"""


def _serious(page) -> list:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations if v["impact"] in ("serious", "critical")]


@pytest.mark.browser
def test_the_dashboard_reads_on_a_360_px_phone(transactional_db, live_server, browser_login, world, story):  # noqa: F811
    page = browser_login("front", viewport=PHONE)
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
    page.goto(f"{live_server.url}/reports/?ky=Q1&nam=2026")
    page.wait_for_selector("svg.chart")
    assert "Quý 1/2026" in page.inner_text(".period-line")
    # dd/mm/yyyy on the chart's axis
    assert page.locator("svg.chart text", has_text="31/03/2026").count() == 1
    found = page.evaluate(MEASURE)
    assert found["small"] == []
    assert found["outside"] == []
    assert found["scrollWidth"] <= PHONE["width"]
    # The village table scrolls inside its box, which takes keyboard focus.
    scroller = page.locator(".table-scroll").first
    assert scroller.evaluate("el => el.scrollWidth > el.clientWidth")
    scroller.focus()
    assert page.evaluate("document.activeElement.classList.contains('table-scroll')")
    # All indicators are folded until asked for; opening them shows each definition.
    assert not page.locator("[data-indicator='progress_share']").is_visible()
    page.click("summary:has-text('Tất cả chỉ tiêu')")
    page.click("summary:has-text('Hoạt động và kết quả trong kỳ')")
    assert "mẫu số" in page.inner_text("[data-indicator='progress_share']")
    assert _serious(page) == []
    screenshot(page, "reports-dashboard-phone-360")
    assert page.console_errors == []


@pytest.mark.browser
def test_the_province_follow_up_reads_on_a_phone(transactional_db, live_server, browser_login, world):
    page = browser_login("province", viewport=PHONE)
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
    page.goto(f"{live_server.url}/reports/theo-doi/{world.province.code}/?period=2026Q1")
    page.wait_for_selector("#follow-table")
    assert page.locator("[data-status='missing']").count() == 2
    found = page.evaluate(MEASURE)
    assert found["small"] == [] and found["outside"] == []
    assert _serious(page) == []
    screenshot(page, "reports-follow-up-phone-360")


@pytest.mark.browser
def test_the_province_dashboard_says_when_its_figures_were_built_and_refreshes_on_a_phone(
    transactional_db,
    live_server,
    browser_login,
    world,
    story,  # noqa: F811
    monkeypatch,
):
    from reports import dashboards

    started = []
    monkeypatch.setattr(dashboards, "_start", lambda place, period: started.append(place.code))
    page = browser_login("province", viewport=PHONE)
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
    page.goto(f"{live_server.url}/reports/province/{world.province.code}/?period=2026Q1")
    page.wait_for_selector("svg.chart")
    assert "Số liệu tính lúc" in page.inner_text(".built-line")
    found = page.evaluate(MEASURE)
    assert found["small"] == [] and found["outside"] == []
    assert found["scrollWidth"] <= PHONE["width"]
    assert _serious(page) == []
    screenshot(page, "reports-province-dashboard-phone-360")
    page.click(".built-line button")
    page.wait_for_selector(".built-line")
    assert "Đang tính lại" in page.inner_text(".built-line")
    assert page.locator(".built-line button").count() == 0
    assert started == [world.province.code]
    screenshot(page, "reports-province-dashboard-refreshing-phone-360")
    assert page.console_errors == []


@pytest.mark.browser
def test_the_nations_page_says_its_first_build_is_under_way(transactional_db, live_server, browser_login, world, monkeypatch):
    from reports import dashboards

    started = []
    monkeypatch.setattr(dashboards, "_start", lambda place, period: started.append(period.code))
    page = browser_login("admin", viewport=PHONE)  # lands on the nation's page of the current half-year
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
    page.goto(f"{live_server.url}/reports/nation/VN/?period=2026Q1")
    assert "đang tính" in page.inner_text("main")
    assert page.locator("a", has_text="Tải lại trang").count() == 1  # no automatic reload (axe: meta-refresh)
    found = page.evaluate(MEASURE)
    assert found["small"] == [] and found["outside"] == []
    assert _serious(page) == []
    assert started.count("2026Q1") == 1  # one build of the period asked for (and one of the home page's)
    screenshot(page, "reports-nation-building-phone-360")
    assert page.console_errors == []


@pytest.mark.browser
def test_picking_from_dates_opens_the_date_fields_on_a_phone(transactional_db, live_server, browser_login, chromium, world, story):  # noqa: F811
    page = browser_login("front", viewport=PHONE)
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
    page.goto(f"{live_server.url}/reports/?ky=Q1&nam=2026")
    page.wait_for_selector("svg.chart")
    assert not page.locator("#id_tu").is_visible()
    page.focus("#id_ky")
    page.select_option("#id_ky", "C")
    assert page.locator("#id_tu").is_visible() and page.locator("#id_den").is_visible()
    assert page.evaluate("document.activeElement.id") == "id_ky"  # the list keeps the focus
    page.fill("#id_tu", "01/02/2026")
    page.fill("#id_den", "15/03/2026")
    page.click(".period-picker button[type=submit]")
    page.wait_for_selector(".period-line:has-text('Từ 01/02/2026 đến 15/03/2026')")
    assert page.locator("#id_tu").is_visible()  # the custom period shown: its dates in view
    found = page.evaluate(MEASURE)
    assert found["small"] == [] and found["outside"] == []
    assert _serious(page) == []
    screenshot(page, "reports-period-picker-dates-phone-360")
    assert page.console_errors == []
    # without script: a custom period, or a date with an error, shows its fields all the same
    bare = chromium.new_context(viewport=PHONE, locale="vi-VN", java_script_enabled=False)
    try:
        bare.add_cookies(page.context.cookies())
        plain = bare.new_page()
        plain.goto(f"{live_server.url}/reports/?ky=C&nam=2026&tu=01/12/2026&den=31/12/9999")
        assert plain.locator("#id_den").is_visible()
        assert "Đến ngày: Năm 9999 không hợp lệ" in plain.inner_text("#id_den_error")
        assert plain.locator("#id_den").input_value() == "31/12/9999"
        screenshot(plain, "reports-period-picker-error-no-script-phone-360")
    finally:
        bare.close()
