"""On a 360 px phone the head records a family's commitment and a cadre's training
attendance; the commune front's table of gaps changes accordingly."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from community import services
from conftest import no_horizontal_overflow, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def text(locator) -> str:
    """The text shown, with no-break spaces (before "%") read as spaces."""
    return locator.inner_text().replace("\xa0", " ")


def _row(page, world):
    return page.locator(f"tr[data-area='{world.area.code}']")


def test_the_head_records_a_commitment_and_an_attendance_and_the_front_sees_the_gaps_close(world, browser_login, live_server):
    today = dt.date.today()
    year = today.year
    services.set_households(world.area, actor=world.head, households=10)
    for i in range(8):
        services.record_household_commitment(
            world.area, actor=world.head, year=year, household=f"Hộ số {i + 1}", signed_on=today, signed_by=f"Chủ hộ {i + 1}"
        )
    services.add_cadre(world.commune, actor=world.head, area=world.area, full_name="Lê Văn Tổ", position="Chi hội trưởng")
    session = services.record_training_session(
        world.commune, actor=world.front, held_on=today, hours=4, topic="Kỹ năng vận động phòng, chống tội phạm", organiser="Ủy ban MTTQ xã"
    )

    # The commune front sees what Đông Sơn lacks.
    front = browser_login("front", viewport={"width": 1280, "height": 900})
    front.goto(f"{live_server.url}/community/")
    row = _row(front, world)
    assert "Thiếu 1 hộ" in text(row.locator("td.gap-families_signed_share"))
    assert "Thiếu 1 cán bộ" in text(row.locator("td.gap-cadres_trained_share"))
    before = int(row.locator("td.missing-count").inner_text())
    screenshot(front, "community-commune-before")

    # The head, on a phone.
    page = browser_login("head")
    page.goto(f"{live_server.url}/community/")
    page.wait_for_url(f"{live_server.url}/community/area/{world.area.pk}/")
    assert "80,0 %" in text(page.locator(".gap-families_signed_share"))
    assert no_horizontal_overflow(page) == []
    path = screenshot(page, "community-area-phone")
    assert os.path.getsize(path) > 5000

    page.click("a[data-action=household-commitment]")
    page.fill("input[name=household]", "Hộ ông Nguyễn Văn An")
    page.fill("input[name=signed_by]", "Nguyễn Văn An")
    page.fill("input[name=signed_on]", today.strftime("%d/%m/%Y"))
    assert no_horizontal_overflow(page) == []
    screenshot(page, "community-commitment-form-phone")
    page.click("form.registry-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/community/area/{world.area.pk}/?saved=household-commitment")
    assert "✓ 90,0 %" in text(page.locator(".gap-families_signed_share"))

    page.click("a[data-action=attendance]")
    page.select_option("select[name=session]", str(session.pk))
    page.select_option("select[name=cadre]", label="Lê Văn Tổ (Chi hội trưởng)")
    page.click("form.registry-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/community/area/{world.area.pk}/?saved=attendance")
    assert "✓ 100,0 %" in text(page.locator(".gap-cadres_trained_share"))
    assert "Đã tập huấn năm" in text(page.locator("#tap-huan"))
    assert no_horizontal_overflow(page) == []
    screenshot(page, "community-area-after-phone")
    assert page.console_errors == []

    # The front's table: both gaps closed.
    front.reload()
    row = _row(front, world)
    assert "✓ 90,0 %" in text(row.locator("td.gap-families_signed_share"))
    assert "✓ 100,0 %" in text(row.locator("td.gap-cadres_trained_share"))
    assert int(row.locator("td.missing-count").inner_text()) == before - 2
    screenshot(front, "community-commune-after")
    assert front.console_errors == []
