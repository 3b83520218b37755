"""What was just done stays in sight (issue 17, item 3): a referrer who creates a referral lands
on the case page at its referrals, with their state; the referrers (mentor, committee head,
commune front) have a "Giới thiệu hỗ trợ" menu entry listing the referrals of their cases."""

import re

import pytest
from django.urls import reverse

from support import services
from support.models import Referral, ReferralStatus

LIST = reverse("support:followed")


def _menu(client) -> list[str]:
    page = client.get(reverse("home"), follow=True).content.decode()
    nav = re.search(r'<nav class="nav".*?</nav>', page, re.S).group(0)
    return [re.sub(r"<[^>]+>|\s+\d+\s*$", "", label).strip() for label in re.findall(r"<a [^>]*>(.*?)</a>", nav, re.S)]


def _panel(page: str) -> str:
    found = re.search(r'<section class="card" id="referrals".*?</section>', page, re.S)
    return found.group(0) if found else ""


def test_the_head_who_refers_lands_on_the_case_page_at_its_referrals_with_their_state(world, login, released_case):
    client = login(world.head)
    create = reverse("support:create", args=[released_case.pk])
    response = client.post(create, {"type": "job", "needs": "Cần việc làm", "idempotency_key": "k1", "send": "1"})
    assert response.status_code == 302
    assert response.url == reverse("cases:detail", args=[released_case.pk]) + "#referrals"
    client.post(create, {"type": "training", "needs": "Học nghề hàn", "idempotency_key": "k2", "save_draft": "1"})
    panel = _panel(client.get(response.url).content.decode())
    assert "Giới thiệu hỗ trợ" in panel
    assert "Giới thiệu việc làm" in panel and "Đã gửi, chờ tiếp nhận" in panel
    assert "Hỗ trợ học nghề" in panel or "học nghề" in panel.lower()
    assert "Nháp" in panel
    assert Referral.objects.filter(case=released_case).count() == 2


@pytest.mark.parametrize("name", ["mentor", "head", "front", "police"])
def test_whoever_the_policy_lets_see_referrals_sees_the_panel(world, login, sent_referral, released_case, name):
    sent_referral("job")
    page = login(world.users[name]).get(reverse("cases:detail", args=[released_case.pk])).content.decode()
    assert "Đã gửi, chờ tiếp nhận" in _panel(page)


def test_the_referrers_have_the_menu_entry_and_the_others_do_not(world, client):
    for name in ("mentor", "head", "front"):
        client.force_login(world.users[name])
        assert "Giới thiệu hỗ trợ" in _menu(client), name
    for name in ("police", "labour", "province"):
        client.force_login(world.users[name])
        assert "Giới thiệu hỗ trợ" not in _menu(client), name
    client.force_login(world.labour)
    assert "Đề nghị hỗ trợ" in _menu(client)


def test_the_list_shows_the_referrals_of_the_readers_cases_only(world, login, make_case, released_case, sent_referral):
    mine = sent_referral("job")
    # a case of the other khu dân cư (head2's), mentored by mentor2
    other = make_case("in_review", area=world.area2, mentor=world.mentor2, full_name="Hoàng Văn Khác")
    services.create_referral(other, actor=world.head2, type="job", needs="Việc làm", send=True)
    names = {
        "head": True,
        "front": True,
        "mentor": True,
        "head2": False,
        "mentor2": False,
    }
    for name, sees_mine in names.items():
        page = login(world.users[name]).get(LIST).content.decode()
        assert (released_case.subject.full_name in page) is sees_mine, name
        assert ("Hoàng Văn Khác" in page) is (name in ("front", "head2", "mentor2")), name
    page = login(world.head).get(LIST).content.decode()
    assert reverse("cases:detail", args=[released_case.pk]) + "#referrals" in page
    assert "Đã gửi, chờ tiếp nhận" in page
    # an ended referral leaves the open list, stays under "Xem tất cả"
    services.withdraw_referral(mine, actor=world.users["mentor"], reason="Đã tự tìm được việc")
    assert released_case.subject.full_name not in login(world.head).get(LIST).content.decode()
    everything = login(world.head).get(LIST + "?show=all").content.decode()
    assert released_case.subject.full_name in everything and str(ReferralStatus.WITHDRAWN.label) in everything


@pytest.mark.parametrize("name", ["police", "labour", "province", "admin", "outsider"])
def test_the_list_is_not_found_for_whoever_refers_from_no_case(world, login, name):
    assert login(world.users[name]).get(LIST).status_code == 404


def test_the_list_query_count_does_not_grow_with_the_referrals(world, login, make_case):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.head)
    counts = []
    for i in range(6):
        mentor = world.mentor if i < 3 else world.mentor2  # five cases at most each
        case = make_case("in_review", full_name=f"Người Số {i}", mentor=mentor)
        services.create_referral(case, actor=world.head, type="job", needs="Việc làm", send=i % 2 == 0)
        client.get(LIST)  # the session's first reads
        with CaptureQueriesContext(connection) as queries:
            page = client.get(LIST).content.decode()
        counts.append(len(queries.captured_queries))
    assert page.count('class="case-card"') == 6
    assert len(set(counts)) == 1 and counts[0] <= 10, counts
