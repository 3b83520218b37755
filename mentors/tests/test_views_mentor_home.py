from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import drive, list_person

pytestmark = pytest.mark.django_db
URL = "/mentor/"


def test_the_mentor_sees_their_cases_with_a_one_tap_log_button(world, make_case, login):
    case = make_case("in_review")
    other = make_case("in_review", mentor=world.mentor2)
    html = login(world.users["mentor"]).get(URL).content.decode()
    assert case.subject.full_name in html and other.subject.full_name not in html
    assert reverse("mentors:visit_log", args=[case.pk]) in html
    assert "Ghi nhận tiếp xúc" in html and "Cần tiếp xúc" in html


def test_after_login_the_mentor_starts_at_the_task_inbox_with_their_cases_one_tap_away(world, login):
    client = login(world.users["mentor"])
    response = client.get("/")
    assert response.status_code == 302 and response.url == reverse("workflows:inbox")
    assert f'href="{URL}"' in client.get(response.url).content.decode()


@pytest.mark.parametrize("who", ["outsider", "head", "labour"])
def test_a_user_without_a_mentor_membership_is_refused(world, login, who):
    assert login(world.users[who]).get(URL).status_code == 404


def test_anonymous_users_are_sent_to_the_login_page(client, world):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def _page_queries(client, expected_cards: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL)
    assert response.status_code == 200
    assert response.content.decode().count('class="case-card mentor-card') == expected_cards
    return len(ctx.captured_queries)


def test_the_mentor_home_makes_the_same_number_of_queries_for_1_or_30_cases(world, login):
    world.mentor.caseload_limit = 40
    world.mentor.save()
    client = login(world.users["mentor"])
    drive(world, list_person(world), "in_review")
    client.get(URL)  # the first request of a session warms nothing we count, but keep it equal
    one = _page_queries(client, 1)
    for _ in range(29):
        drive(world, list_person(world), "in_review")
    thirty = _page_queries(client, 30)
    assert one == thirty <= 8
    print(f"mentor home: {one} queries for 1 case, {thirty} for 30")
