"""A commune front officer opens the dashboard in Chromium: the charts render, no console errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import PASSWORD
from reports.tests.test_indicators import story  # noqa: F401  (fixture)

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.mark.browser
def test_the_commune_front_officer_sees_the_dashboard_charts_on_a_phone(transactional_db, live_server, world, story):  # noqa: F811
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            for name, viewport in (("phone", {"width": 390, "height": 844}), ("desktop", {"width": 1280, "height": 900})):
                page = browser.new_page(viewport=viewport)
                page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
                page.on("pageerror", lambda exc: errors.append(str(exc)))
                # The project has no favicon yet (not this page's concern).
                page.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
                page.goto(f"{live_server.url}/accounts/login/")
                page.fill("input[name=username]", "front")
                page.fill("input[name=password]", PASSWORD)
                page.click("button[type=submit]")
                page.goto(f"{live_server.url}/reports/?period=2026Q1")
                page.wait_for_selector("svg.chart")
                assert page.locator("svg.chart").count() == 4
                assert page.locator("svg.chart rect").count() > 5
                assert page.locator(".kpi").count() == 8
                box = page.locator("svg.chart").first.bounding_box()
                assert box["width"] <= viewport["width"]
                # no horizontal scrolling of the page on a phone
                assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1
                page.screenshot(path=str(ARTIFACTS / f"reports-dashboard-{name}.png"), full_page=True)
                page.close()
        finally:
            browser.close()
    assert errors == []
