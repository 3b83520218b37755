"""The bar at the top and the task cards, measured in Chromium.

The person's own menu (the name "… ▾": Nhắc việc, Đổi mật khẩu, Khóa API, Đăng xuất) opens inside
the screen at every width for the roles with the longest menus (commune front and police): on a
desk the long menu wraps in its own box and the name stays at the right end of the bar, where the
dropdown, anchored on the name's right edge, has room. On a 360 px phone each task card keeps its
"›" at the end of its first line, the title wrapping beside it.

Screenshots go to tests/artifacts/header-*.png and tasks-*.png."""

from __future__ import annotations

import pytest

from conftest import PHONE, no_horizontal_overflow, open_user_menu, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (360, 800, 1024, 1280, 1440)
# The demo's names: a long one is what a real bar carries.
NAMES = {"front": "Lê Thị Thu", "police": "Phạm Quốc Huy"}

BOXES = """() => {
  const box = el => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width}; };
  const items = document.querySelector('header .usermenu-items');
  return {
    width: window.innerWidth,
    height: window.innerHeight,
    menu: box(items),
    entries: [...items.querySelectorAll('a, button')].map(el => ({text: el.textContent.trim(), ...box(el)})),
    name: box(document.querySelector('header .usermenu > summary')),
    bar: box(document.querySelector('header.topbar')),
  };
}"""


@pytest.mark.parametrize("who", ["front", "police"])
def test_the_user_menu_opens_inside_the_screen_at_every_width(world, browser_login, live_server, who):
    user = world.users[who]
    user.full_name = NAMES[who]
    user.save(update_fields=["full_name"])
    page = browser_login(who)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{live_server.url}/cases/")
        open_user_menu(page)
        page.wait_for_selector("header details.usermenu[open] .usermenu-items a", state="visible")
        m = page.evaluate(BOXES)
        where = f"{who} at {width} px"
        assert m["menu"]["left"] >= 0 and m["menu"]["right"] <= m["width"], f"{where}: the dropdown is at {m['menu']}"
        texts = [e["text"] for e in m["entries"]]
        assert texts == ["Nhắc việc", "Đổi mật khẩu", "Khóa API", "Đăng xuất"], f"{where}: {texts}"
        off = [e["text"] for e in m["entries"] if e["left"] < 0 or e["right"] > m["width"] or e["width"] == 0]
        assert off == [], f"{where}: cut off {off}"
        if width >= 800:
            # on a desk the name is the last thing on the bar's first row, at its right end
            assert m["name"]["right"] >= m["width"] - 24, f"{where}: the name is at {m['name']}"
            assert m["name"]["top"] < m["bar"]["top"] + 24, f"{where}: the name went down to another row"
        assert no_horizontal_overflow(page) == [], where
        screenshot(page, f"header-{who}-{width}")


def test_each_task_card_keeps_its_arrow_on_the_first_line_at_360_px(world, make_case, open_review, browser_login, live_server):
    # a long name and a long title: the text must wrap beside the arrow, not push it down
    case = make_case("in_review", full_name="Nguyễn Thị Phương Thảo Hoàng Bảo Ngọc")
    open_review(case)
    open_review(make_case("in_review", full_name="Lê Văn Hùng"), quarter="2026Q3")
    page = browser_login("mentor", viewport=PHONE)
    page.goto(f"{live_server.url}/tasks/")
    cards = page.evaluate(
        """() => [...document.querySelectorAll('.case-card.task')].map(card => {
          const go = card.querySelector('.task-go').getBoundingClientRect();
          const title = card.querySelector('.name').getClientRects()[0];
          const box = card.getBoundingClientRect();
          return {title: card.querySelector('.name').textContent.trim(), goTop: go.top, goRight: go.right, goHeight: go.height,
                  titleTop: title.top, titleBottom: title.bottom, cardRight: box.right};
        })"""
    )
    assert len(cards) == 2
    for c in cards:
        # the arrow sits on the title's first line, inside the card
        assert c["goTop"] < c["titleBottom"] and c["goTop"] + c["goHeight"] > c["titleTop"], c
        assert c["goRight"] <= c["cardRight"], c
    assert no_horizontal_overflow(page) == []
    screenshot(page, "tasks-mentor-360")
