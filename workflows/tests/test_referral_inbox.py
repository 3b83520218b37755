"""The receiving office's inbox: every active labour officer of the referral's commune sees
the open referrals of the office, whoever handled them last; need-to-know lines. The inbox
reads the referrals themselves (their status is their one state)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Role
from conftest import make_user
from support import services
from support.models import ReferralStatus
from workflows.inbox import inbox_entries, open_task_count

OFFENCE = "Tàng trữ XYZZY-OFFENCE trái phép"
SENTENCE = "Bản án số PLUGH-SENTENCE/2024"


@pytest.fixture
def labour2(world):
    return make_user("labour2", Role.LABOUR_OFFICER, commune=world.commune)


@pytest.fixture
def refer(world, make_case):
    """refer() -> a referral sent by the mentor for a new case of world.commune."""

    def _refer(type="job"):
        case = make_case(
            "in_review",
            clock_start_date=timezone.localdate() - dt.timedelta(days=365),
            offence_summary=OFFENCE,
            sentence_details=SENTENCE,
            classification="C",
        )
        return services.create_referral(case, actor=world.mentor.user, type=type, needs="Cần việc làm", send=True)

    return _refer


def test_a_second_officer_of_the_commune_sees_the_triage_task_in_the_inbox_and_the_count(world, labour2, refer, login):
    referral = refer()
    assert referral.officer == world.labour  # sent to the first officer of the office
    html = login(labour2).get(reverse("workflows:inbox")).content.decode()
    assert "Tiếp nhận đề nghị hỗ trợ: Giới thiệu việc làm" in html
    assert reverse("support:detail", args=[referral.pk]) in html
    assert referral.case.subject.full_name in html
    assert "Đang giao cho Labour" in html
    assert 'Việc cần làm <span class="badge">1</span>' in html
    assert open_task_count(labour2) == open_task_count(world.labour) == 1


def test_the_second_officer_triages_takes_the_task_and_the_office_still_sees_the_next_step(world, labour2, refer, login):
    referral = refer()
    response = login(labour2).post(reverse("support:accept", args=[referral.pk]))
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED and referral.officer == labour2
    # the first officer, part of the same office, still sees the next step (assigned to the colleague)
    entries = inbox_entries(world.labour)
    assert [e.info.title for e in entries] == ["Ghi kết quả hỗ trợ: Giới thiệu việc làm"]
    assert entries[0].assigned_to == labour2 and entries[0].on_behalf_of is None
    assert [e.assigned_to for e in inbox_entries(labour2)] == [None]


def test_an_officer_of_another_commune_does_not_see_the_office_tasks(world, refer, login):
    outsider = make_user("labour_other", Role.LABOUR_OFFICER, commune=world.other_commune)
    referral = refer()
    assert open_task_count(outsider) == 0
    html = login(outsider).get(reverse("workflows:inbox")).content.decode()
    assert referral.case.subject.full_name not in html and "Tiếp nhận đề nghị hỗ trợ" not in html


def test_an_officer_whose_membership_ended_no_longer_sees_the_office_tasks(world, labour2, refer):
    refer()
    assert open_task_count(labour2) == 1
    Membership.objects.filter(user=labour2).update(is_active=False)
    labour2 = type(labour2).objects.get(pk=labour2.pk)  # a fresh user: the scope is cached per object
    assert open_task_count(labour2) == 0


def test_other_roles_of_the_commune_do_not_see_referral_tasks(world, refer):
    refer()
    for user in (world.police, world.front, world.mentor.user, world.head):
        assert open_task_count(user) == 0, user


def test_ended_referrals_leave_every_officers_inbox(world, labour2, refer):
    referral = refer()
    services.withdraw_referral(referral, actor=world.mentor.user, reason="Đã tự tìm được việc")
    assert open_task_count(labour2) == open_task_count(world.labour) == 0


def test_the_office_inbox_shows_no_offence_sentence_or_classification(world, labour2, refer, login):
    referral = refer()
    services.accept_referral(referral, actor=world.labour)
    html = login(labour2).get(reverse("workflows:inbox")).content.decode()
    assert "Ghi kết quả hỗ trợ" in html
    for text in (OFFENCE, SENTENCE, "C - Không chấp hành", "Phân loại", referral.case.subject.get_category_display()):
        assert text not in html, text


def test_the_office_inbox_query_count_does_not_grow_with_the_number_of_tasks(world, labour2, refer, login, django_assert_num_queries):
    client = login(labour2)
    refer()
    client.get(reverse("workflows:inbox"))  # warm up (session, content types)
    # session, user, scope, the delegations to the user (principals, resolved first), open
    # review tasks, the office's referrals, their open follow-ups, the referral menu's triage
    # badge; the task badge reads the inbox's own count (no query)
    with django_assert_num_queries(8):
        client.get(reverse("workflows:inbox"))
    for type in ("training", "counselling", "paperwork"):
        refer(type)
    services.accept_referral(refer(), actor=labour2)
    with django_assert_num_queries(8):
        response = client.get(reverse("workflows:inbox"))
    html = response.content.decode()
    assert html.count("Tiếp nhận đề nghị hỗ trợ") == 4 and html.count("Ghi kết quả hỗ trợ") == 1
