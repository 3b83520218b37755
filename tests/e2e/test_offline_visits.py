"""A mentor without a signal (issue 17): the case cards and the visit forms open from the
phone, two visits are recorded offline and wait ("2 chờ gửi"); when the network returns both
are sent once: one is saved, the other, for a case reassigned meanwhile, is refused with the
reason; sending them again creates nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from conftest import screenshot
from mentors.models import Visit
from tests.clock import earlier_today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def record_visit_offline(page, name: str, notes: str) -> None:
    page.locator(".mentor-card", has_text=name).get_by_role("link", name="Ghi nhận tiếp xúc").click()
    page.wait_for_selector("form.visit-form")
    # the outbox script is attached (it keeps the submit on the phone): clicking earlier would
    # let the browser post the form itself, through the service worker, which Chromium's
    # offline emulation does not cut
    page.wait_for_function("() => window.dhOutbox !== undefined")
    # and this page knows it has no signal: Chromium applies the offline emulation to a page
    # opened after set_offline a moment late, and a form submitted while navigator.onLine was
    # still true was posted (one CI run recorded a visit "offline")
    page.wait_for_function("() => navigator.onLine === false")
    page.check("input[name=mode][value=home]")
    page.fill("textarea[name=notes]", notes)
    page.click("form.visit-form button[type=submit]")
    page.wait_for_selector(f".outbox-list li.waiting:has-text('{name}')")


def test_visits_recorded_without_a_signal_are_sent_once_when_it_returns(world, make_case, browser_login, live_server):
    from workflows import lifecycle

    base = live_server.url
    kept = make_case("in_review", full_name="Hoàng Văn An")
    moved = make_case("in_review", full_name="Lò Thị Bình")

    page = browser_login("mentor")
    page.goto(f"{base}/mentor/")
    # the service worker is installed and the cards' visit forms are kept on the phone
    assert page.evaluate("async () => { const r = await navigator.serviceWorker.ready; return !!r.active; }")
    page.wait_for_selector("html[data-kept-offline='3']")
    page.reload()
    assert page.evaluate("() => navigator.serviceWorker.controller !== null")

    page.context.set_offline(True)
    assert page.evaluate("() => navigator.onLine") is False
    page.goto(f"{base}/mentor/")
    assert page.locator(".mentor-card").count() == 2
    record_visit_offline(page, "Hoàng Văn An", "Gặp tại nhà, đang làm phụ hồ")
    record_visit_offline(page, "Lò Thị Bình", "Gặp ở chợ, sức khỏe tốt")
    counter = page.locator("header [data-outbox-count]")
    assert counter.is_visible() and counter.inner_text() == "2 chờ gửi"
    screenshot(page, "issue17-offline-two-waiting")
    assert Visit.objects.count() == 0
    # kept in IndexedDB, one record per visit with its idempotency key, nothing in localStorage
    stored = page.evaluate(
        """() => new Promise((resolve, reject) => {
             const r = indexedDB.open('dh-offline');
             r.onsuccess = () => { const g = r.result.transaction('outbox').objectStore('outbox').getAll();
                                   g.onsuccess = () => resolve(g.result.map(w => [w.label, w.status, w.key.length])); };
             r.onerror = () => reject(r.error); })"""
    )
    assert sorted(stored) == [["Hoàng Văn An", "waiting", 32], ["Lò Thị Bình", "waiting", 32]]
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('dh-outbox')).length") == 0

    # meanwhile the head hands one case to another mentor
    lifecycle.assign_case(moved, actor=world.front, branch=world.branch, mentor=world.mentor2, reason="Chuyển người giúp đỡ")

    page.context.set_offline(False)
    page.wait_for_selector(".outbox-list li.sent:has-text('Hoàng Văn An')")
    page.wait_for_selector(".outbox-list li.refused:has-text('Lò Thị Bình')")
    refused = page.locator(".outbox-list li.refused").inner_text()
    assert "Không gửi được" in refused and "Bạn không còn được giao giúp đỡ người này." in refused
    assert counter.is_hidden()
    screenshot(page, "issue17-offline-sent-and-refused")

    saved = Visit.objects.get()
    assert saved.case_id == kept.pk and saved.notes == "Gặp tại nhà, đang làm phụ hồ" and saved.idempotency_key
    assert not Visit.objects.filter(case=moved).exists()

    # the phone sends everything again (a lost answer, say): nothing is doubled
    page.evaluate(
        """() => { const items = window.dhOutbox.load(); items.forEach(w => { w.status = 'waiting'; w.reason = ''; });
                   window.dhOutbox.keep(items); window.dhOutbox.flush(); }"""
    )
    page.wait_for_selector(".outbox-list li.sent:has-text('Hoàng Văn An')")
    page.wait_for_selector(".outbox-list li.refused:has-text('Lò Thị Bình')")
    # the resend has answered once the phone's outbox holds a sent item again (its DOM may show
    # the earlier state a moment longer)
    page.wait_for_function("() => { const w = window.dhOutbox.load().find(w => w.status === 'sent'); return w && w.visit; }")
    assert Visit.objects.count() == 1 and Visit.objects.get().pk == saved.pk
    assert page.evaluate("() => window.dhOutbox.load().find(w => w.status === 'sent').visit") == saved.pk


def test_a_visit_queued_by_the_earlier_localstorage_outbox_moves_to_indexeddb_and_is_sent(world, make_case, browser_login, live_server):
    case = make_case("in_review", full_name="Hoàng Văn An")
    page = browser_login("mentor")
    page.goto(f"{live_server.url}/mentor/")
    page.wait_for_function("() => window.dhOutbox !== undefined")
    form_url = page.locator(".mentor-card", has_text="Hoàng Văn An").get_by_role("link", name="Ghi nhận tiếp xúc").get_attribute("href")
    user = page.locator("meta[name=dh-user]").get_attribute("content")
    # today's date and a moment of today before now, in the project's time zone (the browser's
    # clock is UTC here; "08:00" is still to come in the early hours)
    moment = timezone.localtime(earlier_today(timezone.now(), dt.timedelta(minutes=10), rank=0))
    today, at = moment.strftime("%d/%m/%Y"), moment.strftime("%H:%M")  # as the form writes them
    old = [
        {
            "key": "a" * 32,
            "url": form_url,
            "label": "Hoàng Văn An",
            "day": today,
            "status": "waiting",
            "queued_at": "2026-11-30T08:00:00Z",
            "fields": [
                ["idempotency_key", "a" * 32],
                ["visit_date", today],
                ["visit_time", at],
                ["mode", "home"],
                ["notes", "Ghi khi chưa có IndexedDB"],
            ],
        }
    ]
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [f"dh-outbox:{user}", __import__("json").dumps(old)])
    page.reload()
    page.wait_for_selector(".outbox-list li.sent:has-text('Hoàng Văn An')")
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('dh-outbox')).length") == 0
    visit = Visit.objects.get()
    assert visit.case_id == case.pk and visit.notes == "Ghi khi chưa có IndexedDB" and visit.idempotency_key == "a" * 32
