from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import drive, list_person
from mentors.models import Visit

pytestmark = pytest.mark.django_db
URL = reverse("mentors:caseload")


@pytest.mark.parametrize("who", ["head", "front"])
def test_the_head_and_front_see_each_mentors_caseload_against_the_limit_and_overdue_cases(world, make_case, log, login, who):
    overdue = make_case("in_review")
    fresh = make_case("in_review")
    log(fresh)
    html = login(world.users[who]).get(URL).content.decode()
    assert "Nguyễn Thị Hoa" in html and "2/5" in html and "Phạm Văn Tâm" in html and "0/5" in html
    assert overdue.subject.full_name in html and fresh.subject.full_name not in html
    assert "Chưa tiếp xúc" in html


def test_a_case_whose_last_contact_is_older_than_the_cadence_is_listed_as_overdue(world, make_case, log, login):
    case = make_case("in_review")
    visit = log(case)
    Visit.objects.filter(pk=visit.pk).update(visited_at=timezone.now() - dt.timedelta(days=31))
    html = login(world.head).get(URL).content.decode()
    assert case.subject.full_name in html
    assert (timezone.localdate() - dt.timedelta(days=31)).strftime("%d/%m/%Y") in html


@pytest.mark.parametrize("who", ["outsider", "mentor", "police", "labour", "province"])
def test_users_who_do_not_supervise_mentors_are_refused(world, login, who):
    assert login(world.users[who]).get(URL).status_code == 404


def _count(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL).status_code == 200
    return len(ctx.captured_queries)


def test_the_caseload_page_makes_the_same_number_of_queries_for_few_or_many_cases(world, login):
    for mentor in (world.mentor, world.mentor2):
        mentor.caseload_limit = 40
        mentor.save()
    client = login(world.front)
    drive(world, list_person(world), "in_review")
    few = _count(client)
    for i in range(12):
        drive(world, list_person(world), "in_review", mentor=world.mentor if i % 2 else world.mentor2)
    many = _count(client)
    assert few == many
    print(f"caseload page: {few} queries")
