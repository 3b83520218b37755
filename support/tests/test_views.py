import datetime as dt
import hmac
import re
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from support import services
from support.models import PartnerLink, ReferralStatus
from support.tests.conftest import OFFENCE, SENTENCE

TODAY = timezone.localdate()
WITHHELD = [OFFENCE, SENTENCE, "Chấp hành xong án phạt tù", "C - Không chấp hành", "Phân loại", "Diện", "Lập hồ sơ", "Bắt đầu giúp đỡ"]


def _placed(world, sent_referral, partners):
    referral = sent_referral("job")
    services.accept_referral(referral, actor=world.labour)
    services.record_outcome(
        referral,
        actor=world.labour,
        result="achieved",
        partner=partners["employer"],
        position="Công nhân may",
        start_date=TODAY,
        monthly_wage=6_500_000,
    )
    return referral


def test_the_labour_officer_sees_no_withheld_field_on_any_page_they_can_reach(world, login, sent_referral, partners):
    referral = _placed(world, sent_referral, partners)
    client = login(world.labour)
    urls = [
        reverse("home"),
        reverse("support:inbox"),
        reverse("support:inbox") + "?show=all",
        reverse("support:detail", args=[referral.pk]),
        reverse("support:follow_up", args=[referral.pk]),
        reverse("support:partner_create"),
    ]
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        html = response.content.decode()
        for text in WITHHELD:
            assert text not in html, (url, text)
    links = set(re.findall(r'href="(/[^"]*)"', client.get(reverse("support:detail", args=[referral.pk])).content.decode()))
    for url in links - {"/static/css/app.css"}:
        html = client.get(url, follow=True).content.decode()
        assert OFFENCE not in html and SENTENCE not in html, url


def test_the_labour_officer_gets_404_on_the_case_page(world, login, sent_referral):
    referral = sent_referral()
    assert login(world.labour).get(reverse("cases:detail", args=[referral.case_id])).status_code == 404


@pytest.mark.parametrize("name", ["detail", "outcome", "follow_up"])
def test_an_outsider_cannot_open_a_referral(world, login, sent_referral, name):
    referral = sent_referral()
    for user in (world.outsider, world.users["mentor"], world.police):
        assert login(user).get(reverse(f"support:{name}", args=[referral.pk])).status_code == 404


def test_an_outsider_cannot_open_the_inbox_or_refer(world, login, released_case):
    client = login(world.outsider)
    assert client.get(reverse("support:inbox")).status_code == 404
    assert client.get(reverse("support:create", args=[released_case.pk])).status_code == 404
    assert login(world.labour).get(reverse("support:create", args=[released_case.pk])).status_code == 404


@pytest.mark.parametrize("name", ["accept", "decline", "close", "link", "send", "withdraw"])
def test_an_outsider_cannot_post_referral_actions(world, login, sent_referral, name):
    referral = sent_referral()
    assert login(world.outsider).post(reverse(f"support:{name}", args=[referral.pk]), {"reason": "x"}).status_code == 404
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_the_inbox_query_count_does_not_grow_with_the_referrals(world, login, sent_referral, django_assert_max_num_queries):
    client = login(world.labour)
    sent_referral()
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("support:inbox"))
    for _ in range(6):
        sent_referral("counselling")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("support:inbox"))
    assert response.content.decode().count('class="case-card"') == 7


def test_the_mentor_refers_from_the_case_page_and_sees_it_on_the_timeline(world, login, released_case):
    client = login(world.users["mentor"])
    page = client.get(reverse("cases:detail", args=[released_case.pk])).content.decode()
    assert reverse("support:create", args=[released_case.pk]) in page
    response = client.post(reverse("support:create", args=[released_case.pk]), {"type": "job", "needs": "Cần việc làm", "send": "1"})
    assert response.status_code == 302
    page = client.get(reverse("cases:detail", args=[released_case.pk])).content.decode()
    assert "Gửi đề nghị hỗ trợ: Giới thiệu việc làm" in page and "Đang hỗ trợ" in page


def test_an_ineligible_loan_shows_the_rule_on_the_form(world, login, make_case):
    case = make_case("in_review", clock_start_date=TODAY - dt.timedelta(days=10))
    response = login(world.front).post(
        reverse("support:create", args=[case.pk]),
        {"type": "loan", "loan_purpose": "production", "loan_amount_requested": "100000001", "send": "1"},
    )
    assert response.status_code == 200
    assert "22/2023/QĐ-TTg" in response.content.decode()


# --- partner links -----------------------------------------------------------------------------


def _issue(world, sent_referral, partners):
    return services.create_partner_link(_placed(world, sent_referral, partners), actor=world.labour)


def test_a_partner_link_shows_only_the_name_and_the_placement_and_confirms_once(world, client, sent_referral, partners):
    issued = _issue(world, sent_referral, partners)
    url = reverse("support:partner_confirm", args=[issued.token])
    html = client.get(url).content.decode()
    assert "Người Thứ" in html and "Công nhân may" in html
    for text in (OFFENCE, SENTENCE, "0981234567", "Chấp hành xong"):
        assert text not in html
    assert client.post(url, {"answer": "yes"}).status_code == 200
    issued.link.refresh_from_db()
    assert issued.link.used_at is not None and issued.link.confirmed is True
    outcome = issued.link.referral.outcome
    outcome.refresh_from_db()
    assert outcome.partner_confirmed_via == "link"


def test_a_used_partner_link_shows_a_clear_page_and_changes_nothing(world, client, sent_referral, partners):
    issued = _issue(world, sent_referral, partners)
    url = reverse("support:partner_confirm", args=[issued.token])
    client.post(url, {"answer": "no"})
    issued.link.refresh_from_db()
    used_at = issued.link.used_at
    response = client.post(url, {"answer": "yes"})
    assert response.status_code == 410 and "đã được sử dụng" in response.content.decode()
    issued.link.refresh_from_db()
    assert issued.link.used_at == used_at and issued.link.confirmed is False
    assert issued.link.referral.outcome.partner_confirmed_at is None


def test_an_expired_partner_link_shows_a_clear_page_and_changes_nothing(world, client, sent_referral, partners):
    issued = _issue(world, sent_referral, partners)
    PartnerLink.objects.filter(pk=issued.link.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.post(reverse("support:partner_confirm", args=[issued.token]), {"answer": "yes"})
    assert response.status_code == 410 and "hết hạn" in response.content.decode()
    issued.link.refresh_from_db()
    assert issued.link.used_at is None
    assert issued.link.referral.outcome.partner_confirmed_at is None


def test_an_unknown_token_gets_a_clear_404_page(client, db):
    response = client.get(reverse("support:partner_confirm", args=["x" * 43]))
    assert response.status_code == 404 and "không hợp lệ" in response.content.decode()


def test_partner_tokens_carry_256_bits_and_only_their_hash_is_stored(world, sent_referral, partners):
    issued = _issue(world, sent_referral, partners)
    assert len(issued.token) >= 43  # token_urlsafe(32): 32 random bytes
    assert issued.token not in issued.link.token_hash
    assert issued.link.token_hash == services.hash_token(issued.token)
    other = services.create_partner_link(issued.link.referral, actor=world.labour)
    assert other.token != issued.token


def test_partner_tokens_are_compared_in_constant_time(world, sent_referral, partners):
    issued = _issue(world, sent_referral, partners)
    with mock.patch("support.services.hmac.compare_digest", wraps=hmac.compare_digest) as spy:
        assert services.find_partner_link(issued.token) == issued.link
    spy.assert_called_once_with(issued.link.token_hash, services.hash_token(issued.token))
