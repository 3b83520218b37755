"""The transfer form's destination comes from a searchable list: typing without diacritics
offers the matching khu dân cư, and the chosen one is where the case goes."""

from __future__ import annotations

import pytest

from areas.models import ResidentialArea
from areas.services import save_area
from cases.models import Case
from conftest import no_horizontal_overflow, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_front_picks_the_destination_by_typing_without_diacritics(world, make_case, browser_login, live_server):
    destination = save_area(
        ResidentialArea(commune=world.other_commune, code="10002-05", name="Chợ", kind=ResidentialArea.Kind.TO_DAN_PHO), actor=world.admin
    )
    case = make_case("in_review", full_name="Mai Văn Thắng")
    page = browser_login("front")
    page.goto(f"{live_server.url}/cases/{case.pk}/transition/transfer/")
    field = page.locator("input[name=to_area]")
    field.type("cho tu son", delay=30)
    page.wait_for_function("() => document.querySelectorAll('datalist option').length > 0")
    options = page.eval_on_selector_all("datalist option", "els => els.map(e => e.value)")
    assert options == ["Tổ dân phố Chợ, Phường Từ Sơn, Bắc Ninh (10002-05)"]
    field.fill(options[0])
    page.fill("textarea[name=reason]", "Chuyển về ở với gia đình")
    assert no_horizontal_overflow(page) == []
    screenshot(page, "issue13-transfer-picker-phone")
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/cases/{case.pk}/")
    assert Case.objects.get(transferred_from=case).area == destination
    assert page.console_errors == []
