"""A commune front officer opens the dashboard in Chromium: the charts render, no console errors."""

from __future__ import annotations

import pytest

from conftest import screenshot
from reports.tests.test_indicators import story  # noqa: F401  (fixture)


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [{"width": 360, "height": 740}, {"width": 1280, "height": 900}], ids=["phone", "desktop"])
def test_the_commune_front_officer_sees_the_dashboard_charts(transactional_db, live_server, browser_login, world, story, viewport):  # noqa: F811
    page = browser_login("front", viewport=viewport)
    # The project has no favicon yet (not this page's concern).
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
    page.goto(f"{live_server.url}/reports/?period=2026Q1")
    page.wait_for_selector("svg.chart")
    assert page.locator("svg.chart").count() == 6
    assert page.locator("svg.chart rect").count() > 5
    assert page.locator(".kpi").count() == 12
    assert page.locator("svg.chart").first.bounding_box()["width"] <= viewport["width"]
    # the page itself never scrolls sideways (wide tables scroll inside their own box)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    # drill down to a khu dân cư
    page.click(f"text={world.area2.get_kind_display()} {world.area2.name}")
    page.wait_for_selector("h1:has-text('Núi Móng')")
    page.go_back()
    page.wait_for_selector("svg.chart")
    screenshot(page, f"reports-dashboard-{'phone' if viewport['width'] < 500 else 'desktop'}")
    assert page.console_errors == []
