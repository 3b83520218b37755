"""Under the Content-Security-Policy, the pages run with no violation, and an inline script is
really refused by the browser."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.browser
def test_pages_run_under_the_policy_and_inline_script_is_blocked(world, make_case, browser_login, live_server):
    case = make_case("in_review")
    page = browser_login("front")
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    for url in (reverse("cases:list"), reverse("cases:detail", args=[case.pk]), reverse("cases:print", args=[case.pk])):
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
    assert page.locator("#print-now").is_visible()
    assert page.console_errors == [] and violations == []
    blocked = page.evaluate(
        """() => new Promise(resolve => {
            document.addEventListener('securitypolicyviolation', e => resolve(e.violatedDirective), {once: true});
            const s = document.createElement('script'); s.textContent = 'window.__ran = true'; document.body.appendChild(s);
            setTimeout(() => resolve(window.__ran ? 'ran' : 'no event'), 2000);
        })"""
    )
    assert blocked.startswith("script-src")
