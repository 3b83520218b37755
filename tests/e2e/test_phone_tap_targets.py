"""Screens for thumbs (issue 17): on a 360 × 740 phone, the mentor's, the head's and the
province officer's pages fit the width, every choice and primary link is a large target, the
menu stays on one row and one menu item is highlighted.

Screenshots go to tests/artifacts/issue17-*.png (SHOT_PREFIX lets a run on older code write
"before" pictures under another name)."""

from __future__ import annotations

import os

import pytest

from conftest import ASSESSMENT, no_horizontal_overflow, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PREFIX = os.environ.get("SHOT_PREFIX", "issue17")


def expect(ok, what) -> None:
    assert ok, what


# Sizes of what a thumb must hit, measured in the page: radio/checkbox boxes, the label
# around them (the real target), the case page's links and the menu.
MEASURE = """(selector) => [...document.querySelectorAll(selector)].filter(el => el.offsetParent !== null).map(el => {
  const r = el.getBoundingClientRect();
  return {what: (el.name || el.textContent || el.tagName).trim().slice(0, 40), w: Math.round(r.width), h: Math.round(r.height)};
})"""


def sizes(page, selector: str) -> list[dict]:
    return page.evaluate(MEASURE, selector)


def too_small(page, selector: str, *, w: int, h: int) -> list[dict]:
    return [s for s in sizes(page, selector) if s["w"] < w or s["h"] < h]


CUT_WORDS = """(selector) => {
  const cut = [];
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) cut.push(m[0]);
      }
    }
  }
  return cut;
}"""


def cut_words(page, selector: str) -> list[str]:
    """Words of the elements matched that the browser broke across two lines."""
    return page.evaluate(CUT_WORDS, selector)


def fits(page) -> None:
    over = no_horizontal_overflow(page)
    expect(over == [], f"{page.url} sticks out: {over[:5]}")
    cut = cut_words(page, "main")
    expect(cut == [], f"{page.url} words cut across lines: {cut[:10]}")


def check_choices(page) -> None:
    boxes = sizes(page, "main input[type=radio], main input[type=checkbox]")
    assert boxes, "no choice on the page"
    small = [b for b in boxes if b["w"] < 24 or b["h"] < 24]
    expect(small == [], f"{page.url} boxes under 24 px: {small[:5]}")
    # the whole label is the target: at least 44 px tall
    small = too_small(page, "main label:has(> input[type=radio]), main label:has(> input[type=checkbox])", w=44, h=44)
    expect(small == [], f"{page.url} choice labels under 44 px: {small[:5]}")


def check_menu(page) -> None:
    top = page.evaluate("() => Math.round(document.querySelector('header.topbar').getBoundingClientRect().height)")
    print(f"{page.url}: menu height {top} px")
    expect(top <= 64, f"the menu takes {top} px of a 740 px screen")
    active = page.locator("header .nav a.active").count()
    expect(active <= 1, f"{page.url}: {active} menu items highlighted")


def test_the_pages_a_mentor_and_a_head_use_fit_a_thumb(world, make_case, browser_login, live_server, open_review, review_task):
    from workflows import services as wf

    base = live_server.url
    subject_phone = "0912345678"
    case = make_case("in_review", full_name="Trương Thị Bích Ngọc Anh", phone=subject_phone)
    world.mentor.phone = "0987654321"
    world.mentor.save()
    review = open_review(case)
    draft = review_task(review, "draft")

    page = browser_login("mentor")
    page.goto(f"{base}/mentor/")
    check_menu(page)
    fits(page)
    screenshot(page, f"{PREFIX}-mentor-home")

    page.goto(f"{base}/tasks/review/{draft.pk}/")
    fits(page)
    screenshot(page, f"{PREFIX}-review-draft")
    check_choices(page)
    check_menu(page)

    page.goto(f"{base}/cases/{case.pk}/")
    fits(page)
    screenshot(page, f"{PREFIX}-mentor-case")
    for name in ("Xem toàn bộ diễn biến", "In hồ sơ", "Tải PDF"):
        box = page.get_by_role("link", name=name).first.bounding_box()
        expect(box["height"] >= 44 and box["width"] >= 44, (name, box))
    tel = page.locator(f"a[href='tel:{subject_phone}']")
    expect(tel.count() == 1 and tel.bounding_box()["height"] >= 44, "the phone number is a tel: link 44 px tall")
    check_menu(page)
    expect(page.console_errors == [], page.console_errors)

    # the mentor submits, the head decides
    wf.save_assessment(review, actor=world.mentor.user, data=ASSESSMENT, submit=True)
    decide = review_task(review, "decide")
    page = browser_login("head")
    page.goto(f"{base}/tasks/review/{decide.pk}/")
    fits(page)
    screenshot(page, f"{PREFIX}-review-decide")
    check_choices(page)
    check_menu(page)
    # help texts are tied to their fields, and the ids exist
    missing = page.evaluate(
        """() => [...document.querySelectorAll('[aria-describedby]')].flatMap(el =>
            el.getAttribute('aria-describedby').split(/\\s+/).filter(id => !document.getElementById(id)))"""
    )
    expect(missing == [], f"aria-describedby ids missing: {missing}")
    expect(page.locator("#id_comment[aria-describedby]").count() == 1, "the comment's help text is tied to it")
    page.check("input[name=decision][value=approve]")
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{base}/cases/{case.pk}/")
    fits(page)
    screenshot(page, f"{PREFIX}-head-case")
    # the reviews table: no word is cut across two lines ("Tình trạn g")
    cut = cut_words(page, ".review-panel")
    expect(cut == [], f"table headers cut inside a word: {cut}")
    # the status badge leaves the name room: the name is never narrower than half the line
    head = page.evaluate(
        """() => { const h = document.querySelector('.page-head h1').getBoundingClientRect();
                   return Math.round(h.width); }"""
    )
    expect(head >= 170, f"the name is squeezed to {head} px")

    page.goto(f"{base}/cases/{case.pk}/timeline/")
    fits(page)
    screenshot(page, f"{PREFIX}-timeline")
    check_choices(page)
    check_menu(page)
    expect(page.console_errors == [], page.console_errors)


def test_the_access_reason_page_fits_a_thumb(world, make_case, browser_login, live_server):
    case = make_case("in_review", full_name="Lê Văn Hùng")
    page = browser_login("province")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.wait_for_url(f"{live_server.url}/cases/{case.pk}/reason/**")
    fits(page)
    screenshot(page, f"{PREFIX}-access-reason")
    check_choices(page)
    check_menu(page)
    expect(page.console_errors == [], page.console_errors)


def test_the_folded_menu_opens_to_large_items_on_a_phone_and_stays_open_on_a_desktop(world, browser_login, live_server):
    page = browser_login("head")
    page.goto(f"{live_server.url}/cases/")
    toggle = page.locator("header .menu-toggle")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert page.locator("header .nav").is_hidden()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    items = page.locator("header .nav a")
    assert items.count() >= 3
    for i in range(items.count()):
        box = items.nth(i).bounding_box()
        assert box["height"] >= 44 and box["x"] + box["width"] <= 360
    assert page.locator("header .nav a[aria-current=page]").count() == 1
    assert page.locator("header .nav a.active").inner_text().startswith("Hồ sơ")
    screenshot(page, f"{PREFIX}-menu-open")
    page.keyboard.press("Escape")
    assert page.locator("header .nav").is_hidden()

    desk = browser_login("head", viewport={"width": 1280, "height": 800})
    desk.goto(f"{live_server.url}/cases/")
    assert desk.locator("header .menu-toggle").is_hidden() and desk.locator("header .nav").is_visible()
    height = desk.evaluate("() => document.querySelector('header.topbar').getBoundingClientRect().height")
    assert height <= 64, height
    # the person's own links open behind their name and close on a click elsewhere or Escape
    mine = desk.locator("header details.usermenu")
    mine.locator("summary").click()
    assert desk.get_by_role("link", name="Nhắc việc").is_visible()
    desk.locator("main h1").click()
    assert mine.get_attribute("open") is None
    mine.locator("summary").click()
    desk.keyboard.press("Escape")
    assert mine.get_attribute("open") is None and not desk.get_by_role("link", name="Nhắc việc").is_visible()
    screenshot(desk, f"{PREFIX}-menu-desktop")
    assert page.console_errors == [] and desk.console_errors == []
